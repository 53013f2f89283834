// Scans tool, prompt and resource-template definitions for risk. Every human-language string of
// a definition (descriptions, titles, parameter descriptions, defaults, examples, enum values, at
// any depth of the schemas) goes through the text rules; names go through the deception and
// collision rules; schemas through the parameter rules; annotations through the capability rules.
// Runs at discovery (so it is not on the request path) and whenever definitions change.
import JSONSchema

/// Produces findings for definitions.
public struct DefinitionScanner: Sendable {
    public let context: ScanContext
    private let shadowing: ShadowingRules

    public init(context: ScanContext = ScanContext()) {
        self.context = context
        self.shadowing = ShadowingRules(context: context)
    }

    /// Most findings kept per item (the most severe first).
    public static let maxFindingsPerItem = 50

    /// Findings for one item, most severe first, then in definition order.
    public func scan(_ item: ScanItem) -> [Finding] {
        var findings: [Finding] = []
        // A definition may name itself ("always call audit_log first").
        var context = self.context
        context.siblings.insert(item.name)
        // Names: the model and the people choosing tools read them.
        findings += DeceptiveText.nameFindings(item.name, path: "/name")
        findings += shadowing.nameFindings(item)
        // Every text field.
        for (path, text) in Self.textFields(of: item) {
            findings += InstructionRules.findings(in: text, path: path, context: context)
            findings += DeceptiveText.findings(in: text, path: path)
            findings += shadowing.referenceFindings(in: text, path: path)
        }
        if item.kind == .tool {
            findings += ParameterRules.findings(item.definition)
            findings += ParameterRules.annotationFindings(item.definition)
        } else if item.kind == .resourceTemplate {
            findings += ParameterRules.templateFindings(item.definition)
        }
        // One finding per rule and place.
        var seen = Set<String>()
        findings = findings.filter { seen.insert("\($0.rule) \($0.evidence.path)").inserted }
        let ordered = findings.enumerated().sorted { a, b in
            a.element.severity != b.element.severity ? a.element.severity > b.element.severity : a.offset < b.offset
        }.map(\.element)
        return Array(ordered.prefix(Self.maxFindingsPerItem))
    }

    /// Keys whose string values are machine text, not prose.
    static let structuralKeys: Set<String> = [
        "type", "format", "$schema", "$ref", "$id", "$anchor", "$comment", "pattern", "mimeType", "required", "name", "uri", "uriTemplate",
        "contentEncoding", "contentMediaType", "additionalProperties", "icons", "src", "_meta",
    ]

    /// The human-language strings of a definition with their JSON pointers.
    static func textFields(of item: ScanItem) -> [(String, String)] {
        var fields: [(String, String)] = []
        func walk(_ value: JSONValue, path: String, key: String?) {
            switch value {
            case .string(let s):
                if let key, structuralKeys.contains(key) { return }
                fields.append((path, s))
            case .array(let a):
                if key == "required" { return }
                for (i, v) in a.enumerated() { walk(v, path: path + "/\(i)", key: key) }
            case .object(let o):
                for (k, v) in o where !(k == "_meta" || k == "icons") {
                    walk(v, path: path + "/" + k.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1"), key: k)
                }
            default: return
            }
        }
        walk(.object(item.definition), path: "", key: nil)
        // Prompt argument names are prose to the model as much as identifiers.
        if item.kind == .prompt {
            for case (let i, .object(let arg)) in (item.definition["arguments"]?.arrayValue ?? []).enumerated() {
                if let name = arg["name"]?.stringValue { fields.append(("/arguments/\(i)/name", name)) }
            }
        }
        return fields
    }
}

/// Building evidence from byte ranges.
enum Evidence {
    /// A finding for `rule` at the bytes `range` of `text`.
    static func finding(_ rule: ScanRule, severity: Severity? = nil, in text: String, bytes range: Range<Int>, path: String, detail: String? = nil)
        -> Finding
    {
        let utf8 = Array(text.utf8)
        let lower = min(max(0, range.lowerBound), utf8.count)
        let upper = min(max(lower, range.upperBound), utf8.count)
        let start = scalarOffset(utf8, lower)
        let end = scalarOffset(utf8, upper)
        let explanation = detail.map { "\(rule.explanation) \($0)" } ?? rule.explanation
        return Finding(
            rule: rule.rawValue, severity: severity ?? rule.severity, explanation: explanation,
            evidence: .init(path: path, start: start, end: end, excerpt: excerpt(utf8, lower..<upper)))
    }

    static func scalarOffset(_ utf8: [UInt8], _ byte: Int) -> Int {
        var n = 0
        for i in 0..<byte where utf8[i] & 0xC0 != 0x80 { n += 1 }
        return n
    }

    /// The match with up to 24 bytes of context each side, invisible and control characters
    /// spelled `<U+XXXX>`, at most ~160 characters.
    static func excerpt(_ utf8: [UInt8], _ range: Range<Int>) -> String {
        var from = max(0, range.lowerBound - 24)
        var to = min(utf8.count, max(range.upperBound, range.lowerBound) + 24)
        if range.count > 112 { to = range.lowerBound + 112 }
        while from > 0, utf8[from] & 0xC0 == 0x80 { from -= 1 }
        while to < utf8.count, utf8[to] & 0xC0 == 0x80 { to += 1 }
        var out = from > 0 ? "…" : ""
        for scalar in String(decoding: utf8[from..<to], as: UTF8.self).unicodeScalars {
            if DeceptiveText.isInvisible(scalar) || (scalar.value < 0x20 && scalar != "\n") || scalar.value == 0x7F {
                out += "<U+\(String(scalar.value, radix: 16, uppercase: true).leftPadded(4))>"
            } else if scalar == "\n" {
                out += "⏎"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        if to < utf8.count { out += "…" }
        return out
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
