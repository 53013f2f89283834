// Problems found in configuration, reported the way compilers do (`file:line: severity: message`)
// so editors and CI logs can point at them. Every loader and resolver of the project (the
// registry's sections here, the gateway's in the server) reports through these types.

/// One problem (or remark) about a configuration, with where it is.
package struct Diagnostic: Sendable, Equatable, Codable, CustomStringConvertible {
    /// How bad it is. `error` stops `apply` and `serve`; `warning` is legal but suspicious.
    package struct Severity: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        package let rawValue: String
        package init(rawValue: String) { self.rawValue = rawValue }
        package static let error = Severity(rawValue: "error")
        package static let warning = Severity(rawValue: "warning")
        package static let note = Severity(rawValue: "note")
        package var description: String { rawValue }
    }

    package var severity: Severity
    /// One sentence that names the setting (by path), what is wrong, and the fix.
    package var message: String
    /// The file as the user named it (`gatehouse.yaml`), when the problem is in a file.
    package var file: String?
    /// 1-based line in `file`, when known.
    package var line: Int?
    /// The setting's path (`servers[2].upstream.url`), when the problem concerns one.
    package var path: String?

    package init(severity: Severity, message: String, file: String? = nil, line: Int? = nil, path: String? = nil) {
        self.severity = severity
        self.message = message
        self.file = file
        self.line = line
        self.path = path
    }

    /// `gatehouse.yaml:14: error: servers[2].upstream.url has unsupported scheme "htp"; use http, https or stdio.`
    package var description: String {
        var location = ""
        if let file {
            location = file
            if let line { location += ":\(line)" }
            location += ": "
        }
        return "\(location)\(severity): \(message)"
    }
}

/// Where a setting is inside a configuration document: `servers[2].upstream.url`.
package struct ConfigPath: Hashable, Sendable, CustomStringConvertible, ExpressibleByArrayLiteral {
    package enum Component: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    package var components: [Component]

    package init(_ components: [Component] = []) { self.components = components }

    /// A path of keys: `["servers", "upstream"]`.
    package init(arrayLiteral elements: String...) { self.components = elements.map { .key($0) } }

    package static let root = ConfigPath()

    package func appending(_ key: String) -> ConfigPath { ConfigPath(components + [.key(key)]) }
    package func appending(index: Int) -> ConfigPath { ConfigPath(components + [.index(index)]) }

    /// The enclosing path, or `nil` at the root.
    package var parent: ConfigPath? { components.isEmpty ? nil : ConfigPath(Array(components.dropLast())) }

    package var isRoot: Bool { components.isEmpty }

    /// The last key, when the path ends with one.
    package var lastKey: String? {
        if case .key(let key)? = components.last { return key }
        return nil
    }

    package var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key): text += text.isEmpty ? key : ".\(key)"
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }

    /// `description`, or `fallback` for the root path.
    package func described(or fallback: String) -> String { isRoot ? fallback : description }
}

/// Collects diagnostics for one document, with the line of every setting that was read, so a
/// problem found long after parsing (in a resolve step) still points at its line.
///
/// One collector belongs to one document and one thread of work; it is not `Sendable`.
package final class DiagnosticCollector {
    /// The file name printed in front of each diagnostic, as the user gave it.
    package let file: String?
    package private(set) var diagnostics: [Diagnostic] = []
    private var lines: [ConfigPath: Int] = [:]

    package init(file: String?) { self.file = file }

    /// The diagnostics ordered by line (those without a line last), keeping the order of
    /// diagnostics on the same line: how they are printed.
    package var inFileOrder: [Diagnostic] {
        diagnostics.enumerated()
            .sorted { ($0.element.line ?? Int.max, $0.offset) < ($1.element.line ?? Int.max, $1.offset) }
            .map(\.element)
    }

    package var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    package var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    package var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }

    /// Records that the setting at `path` starts on `line` (1-based).
    package func record(line: Int?, for path: ConfigPath) {
        guard let line, lines[path] == nil else { return }
        lines[path] = line
    }

    /// The line of `path`, or of its nearest enclosing setting whose line is known.
    package func line(of path: ConfigPath) -> Int? {
        var current: ConfigPath? = path
        while let candidate = current {
            if let line = lines[candidate] { return line }
            current = candidate.parent
        }
        return nil
    }

    package func error(_ message: String, at path: ConfigPath? = nil) {
        add(.error, message, at: path)
    }

    package func warning(_ message: String, at path: ConfigPath? = nil) {
        add(.warning, message, at: path)
    }

    package func note(_ message: String, at path: ConfigPath? = nil) {
        add(.note, message, at: path)
    }

    /// Whether an error was already reported at `path` or inside it: resolvers use this to avoid a
    /// second, derived complaint about a setting that could not be read.
    package func hasError(atOrBelow path: ConfigPath) -> Bool {
        let prefix = path.description
        return diagnostics.contains { diagnostic in
            guard diagnostic.severity == .error, let other = diagnostic.path else { return false }
            return other == prefix || other.hasPrefix(prefix + ".") || other.hasPrefix(prefix + "[")
        }
    }

    package func add(_ severity: Diagnostic.Severity, _ message: String, at path: ConfigPath?) {
        diagnostics.append(
            Diagnostic(
                severity: severity, message: message, file: file, line: path.flatMap { line(of: $0) },
                path: path.flatMap { $0.isRoot ? nil : $0.description }))
    }
}

extension DiagnosticCollector {
    /// Replaces the newest diagnostic (used to attach a line known only after the fact).
    func replaceLastDiagnostic(_ diagnostic: Diagnostic) {
        guard !diagnostics.isEmpty else { return }
        diagnostics[diagnostics.count - 1] = diagnostic
    }
}
