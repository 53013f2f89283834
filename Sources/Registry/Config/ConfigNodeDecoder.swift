// Decodes `Decodable` configuration types from YAML nodes the forgiving way: a value of the wrong
// type becomes a diagnostic with its line and path, the setting is treated as absent, and decoding
// goes on, so one pass reports every problem. Keys a type does not know become warnings with a
// "did you mean" when one is close. Any module's configuration section can use it: give each
// section a Codable file model whose fields are all optional (required fields are checked by the
// resolve step, which can then say more than "missing").
import Foundation
import Yams

/// Reads configuration documents written in YAML (JSON is accepted too: it is YAML).
package enum ConfigNodeDecoder {
    /// Parses `text` into its root node.
    ///
    /// - Returns: The root node, or `nil` when the text is empty (no diagnostic) or not valid
    ///   YAML (one error diagnostic with the line of the problem).
    package static func parse(_ text: String, into collector: DiagnosticCollector) -> Node? {
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            let (message, line) = describe(error)
            collector.add(.error, "the file is not valid YAML: \(message).", at: nil)
            if let line, var last = collector.diagnostics.last {
                last.line = line
                collector.replaceLast(with: last)
            }
            return nil
        } catch {
            collector.error("the file cannot be read as YAML: \(error).")
            return nil
        }
    }

    /// Decodes `type` from `node`, which sits at `path` in its document.
    ///
    /// Problems go to `collector`: a value of the wrong type is reported at its line and decodes
    /// as absent (`nil`) in the nearest optional field around it; unknown keys are warnings.
    /// - Returns: The value, or `nil` when `node` itself could not be decoded as `type`.
    package static func decode<T: Decodable>(
        _ type: T.Type, from node: Node, at path: ConfigPath, into collector: DiagnosticCollector
    ) -> T? {
        let session = NodeDecodingSession(collector: collector)
        defer { session.finish() }
        do {
            return try session.decodeValue(type, from: node, at: path)
        } catch let failure as NodeDecodingFailure {
            session.report(failure)
            return nil
        } catch {
            collector.error("\(path.described(or: "the document")) cannot be read: \(error).", at: path)
            return nil
        }
    }

    /// The entries of a mapping node, in file order, with their keys' lines recorded; a node that
    /// is not a mapping, a non-scalar key or a repeated key is reported.
    package static func mapping(
        _ node: Node, at path: ConfigPath, into collector: DiagnosticCollector
    ) -> [(key: String, value: Node)]? {
        collector.record(line: node.mark?.line, for: path)
        guard case .mapping(let mapping) = node else {
            collector.error("\(path.described(or: "the document")) must be a mapping of settings; got \(describe(node)).", at: path)
            return nil
        }
        var seen: [String: Int] = [:]
        var entries: [(key: String, value: Node)] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                collector.error("\(path.described(or: "the document")) has a key that is not a plain name.", at: path)
                continue
            }
            let key = scalar.string
            let childPath = path.appending(key)
            if let first = seen[key] {
                collector.record(line: keyNode.mark?.line, for: childPath)
                collector.error(
                    "\(childPath) is set twice (lines \(first) and \(keyNode.mark?.line ?? 0)); keep one.", at: childPath)
                continue
            }
            seen[key] = keyNode.mark?.line ?? 0
            collector.record(line: keyNode.mark?.line, for: childPath)
            entries.append((key, value))
        }
        return entries
    }

    /// A warning for a key nobody reads, with a suggestion when one of `known` is close.
    package static func warnUnknownKey(_ key: String, at path: ConfigPath, known: [String], into collector: DiagnosticCollector) {
        var message = "\(path) is not a known setting and is ignored"
        if let suggestion = closest(to: key, among: known) {
            message += "; did you mean \"\(suggestion)\"?"
        } else {
            message += "."
        }
        collector.warning(message, at: path)
    }

    /// The candidate within a small edit distance of `word`, if any.
    package static func closest(to word: String, among candidates: [String]) -> String? {
        let limit = max(1, min(3, word.count / 3))
        var best: (candidate: String, distance: Int)?
        for candidate in candidates.sorted() {
            let distance = editDistance(word.lowercased(), candidate.lowercased())
            if distance <= limit, distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        return best?.candidate
    }

    /// How a node reads in a message: `"htp"`, `a list`, `a mapping`, `nothing`.
    package static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar):
            if node.null != nil { return "nothing" }
            let text = scalar.string
            return text.count > 40 ? "\"\(text.prefix(40))…\"" : "\"\(text)\""
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    private static func describe(_ error: YamlError) -> (String, Int?) {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let contextText = context.map { " (\($0.text) on line \($0.mark.line))" } ?? ""
            return ("\(problem)\(contextText)", mark.line)
        case .reader(let problem, _, _, _):
            return (problem, nil)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            return ("the mapping starting on line \(context.mark.line) sets \(keys) more than once; keep one", context.mark.line)
        default:
            return ("\(error)", nil)
        }
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
    /// neighbours (`prot` → `port`) each cost 1.
    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = Swift.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = Swift.min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}

extension DiagnosticCollector {
    fileprivate func replaceLast(with diagnostic: Diagnostic) {
        replaceLastDiagnostic(diagnostic)
    }
}
