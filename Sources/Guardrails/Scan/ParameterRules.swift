// Risky inputs and declared capabilities: string parameters that take a command, SQL, a path or
// a URL with nothing constraining them (no `enum`, `const` or `pattern`), resource templates whose
// variable is a path or URL, and the `destructiveHint` / `openWorldHint` annotations.
import JSONSchema

enum ParameterRules {
    enum Category { case command, sql, path, url }

    static func findings(_ definition: JSONObject) -> [Finding] {
        guard let schema = definition["inputSchema"]?.objectValue else { return [] }
        let toolText = ((definition["description"]?.stringValue ?? "") + " " + (definition["name"]?.stringValue ?? "")).lowercased()
        var findings: [Finding] = []
        func visit(_ schema: JSONObject, path: String, depth: Int) {
            guard depth < 4, let properties = schema["properties"]?.objectValue else { return }
            for (name, value) in properties {
                guard case .object(let property) = value else { continue }
                let propertyPath = "\(path)/properties/\(name)"
                if isFreeFormString(property), let category = category(of: name, property: property, toolText: toolText) {
                    let rule: ScanRule =
                        switch category {
                        case .command: .freeFormCommand
                        case .sql: .freeFormSQL
                        case .path: .freeFormPath
                        case .url: .freeFormURL
                        }
                    findings.append(
                        Finding(
                            rule: rule.rawValue, severity: rule.severity, explanation: rule.explanation,
                            evidence: .init(path: propertyPath, start: 0, end: name.unicodeScalars.count, excerpt: "\(name): string")))
                }
                visit(property, path: propertyPath, depth: depth + 1)
                if let items = property["items"]?.objectValue { visit(items, path: propertyPath + "/items", depth: depth + 1) }
            }
        }
        visit(schema, path: "/inputSchema", depth: 0)
        return findings
    }

    /// A string (or untyped) schema with no `enum`, `const` or `pattern`.
    static func isFreeFormString(_ p: JSONObject) -> Bool {
        if p["enum"] != nil || p["const"] != nil || p["pattern"] != nil { return false }
        switch p["type"] {
        case nil: return p["properties"] == nil && p["items"] == nil
        case .string(let t): return t == "string"
        case .array(let types): return types.contains("string")
        default: return false
        }
    }

    /// The risky kind a parameter name (and its description) says it is.
    static func category(of name: String, property: JSONObject, toolText: String) -> Category? {
        let tokens = Set(words(name))
        let lower = name.lowercased()
        let description = (property["description"]?.stringValue ?? "").lowercased()
        if !tokens.isDisjoint(with: ["command", "cmd", "shell", "script", "bash", "exec", "powershell", "commandline"])
            || ["code", "source_code", "python_code", "js_code", "javascript", "python", "snippet", "expression", "eval"].contains(lower)
        {
            return .command
        }
        if tokens.contains("sql") || (["query", "statement", "q"].contains(lower) && (description.contains("sql") || toolText.contains("sql") || toolText.contains("database"))) {
            return .sql
        }
        if !tokens.isDisjoint(with: ["path", "filepath", "filename", "dir", "directory", "folder", "pathname"]) || lower == "file" {
            return .path
        }
        if !tokens.isDisjoint(with: ["url", "uri", "endpoint", "href", "link", "webhook", "host", "hostname"]) { return .url }
        return nil
    }

    /// `filePath` → file, path; `callback_url` → callback, url.
    static func words(_ name: String) -> [String] {
        var result: [String] = []
        var current = ""
        for c in name {
            if c == "_" || c == "-" || c == "." || c == " " {
                if !current.isEmpty { result.append(current.lowercased()) }
                current = ""
            } else if c.isUppercase, let last = current.last, last.isLowercase {
                result.append(current.lowercased())
                current = String(c)
            } else {
                current.append(c)
            }
        }
        if !current.isEmpty { result.append(current.lowercased()) }
        return result
    }

    static func annotationFindings(_ definition: JSONObject) -> [Finding] {
        guard let annotations = definition["annotations"]?.objectValue else { return [] }
        var findings: [Finding] = []
        if annotations["destructiveHint"] == true, annotations["readOnlyHint"] != true {
            findings.append(
                Finding(
                    rule: ScanRule.destructive.rawValue, severity: ScanRule.destructive.severity, explanation: ScanRule.destructive.explanation,
                    evidence: .init(path: "/annotations/destructiveHint", start: 0, end: 0, excerpt: "destructiveHint: true")))
        }
        if annotations["openWorldHint"] == true {
            findings.append(
                Finding(
                    rule: ScanRule.openWorld.rawValue, severity: ScanRule.openWorld.severity, explanation: ScanRule.openWorld.explanation,
                    evidence: .init(path: "/annotations/openWorldHint", start: 0, end: 0, excerpt: "openWorldHint: true")))
        }
        return findings
    }

    /// `file:///{path}`, `{+path}`, `https://{host}/…`: a template variable that is a path or host.
    static func templateFindings(_ definition: JSONObject) -> [Finding] {
        guard let template = definition["uriTemplate"]?.stringValue else { return [] }
        var findings: [Finding] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let variable = rest[rest.index(after: open)..<close].trimmingCharacters(in: CharacterSet(charactersIn: "+#./;?&"))
            let reserved = rest[rest.index(after: open)...].first == "+"
            let scheme = template.lowercased()
            let category: Category? =
                if reserved || (scheme.hasPrefix("file:") && !Set(words(variable)).isDisjoint(with: ["path", "file", "filename", "dir"])) { .path }
                else if !Set(words(variable)).isDisjoint(with: ["url", "uri", "host", "hostname", "endpoint"]) { .url }
                else { nil }
            if let category {
                let rule: ScanRule = category == .path ? .freeFormPath : .freeFormURL
                let start = template.unicodeScalars.distance(from: template.unicodeScalars.startIndex, to: open.samePosition(in: template.unicodeScalars) ?? template.unicodeScalars.startIndex)
                findings.append(
                    Finding(
                        rule: rule.rawValue, severity: rule.severity, explanation: rule.explanation,
                        evidence: .init(path: "/uriTemplate", start: start, end: start + variable.unicodeScalars.count + 2, excerpt: template)))
            }
            rest = rest[rest.index(after: close)...]
        }
        return findings
    }
}

import Foundation
