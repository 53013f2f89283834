// Talks to cedarpy (the Rust engine, our oracle) through one long-lived Python process: each
// request is one JSON line of cases on stdin, each answer one JSON line on stdout. The helper
// script is embedded here (and written to a temporary file) so the test target carries no
// resources.

import Foundation

@testable import Cedar

/// What an engine answered for one case.
struct Outcome: Equatable, CustomStringConvertible {
    struct Answer: Equatable {
        let decision: String
        let reasons: Set<String>
        let errors: Set<String>
    }

    var parseError = false
    var entitiesError = false
    var answers: [Answer] = []
    var valid: Bool?
    /// The policies in the JSON format, when the oracle was asked for them.
    var policiesJSON: String?

    /// Compared fields only: a parse error hides everything after it.
    func agrees(with other: Outcome) -> Bool {
        guard parseError == other.parseError else { return false }
        if parseError { return true }
        guard valid == other.valid, entitiesError == other.entitiesError else { return false }
        return entitiesError || answers == other.answers
    }

    var description: String {
        if parseError { return "parse error" }
        if entitiesError { return "entities rejected" + (valid.map { ", valid=\($0)" } ?? "") }
        let a = answers.map { "\($0.decision) \($0.reasons.sorted()) errors \($0.errors.sorted())" }
        return "[" + a.joined(separator: "; ") + "]" + (valid.map { " valid=\($0)" } ?? "")
    }
}

final class CedarpyOracle {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var buffer = Data()
    private let scriptURL: URL

    static let script = #"""
        import json, sys
        import cedarpy

        def ids(errors):
            out = []
            for e in errors:
                a = e.find("`"); b = e.find("`", a + 1)
                out.append(e[a + 1:b] if a >= 0 and b > a else e)
            return sorted(set(out))

        def run(case):
            res = {}
            try:
                ps = cedarpy.PolicySet.from_str(case["policies"])
            except Exception:
                res["parse_error"] = True
                return res
            if case.get("links"):
                try:
                    ps = ps.with_linked_batch(case["links"])
                except Exception:
                    res["link_error"] = True
                    return res
            if case.get("est"):
                res["est"] = cedarpy.policies_to_json_str(case["policies"])
            if case.get("schema") is not None:
                try:
                    res["valid"] = cedarpy.validate_policies(case["policies"], case["schema"]).validation_passed
                except Exception as e:
                    res["valid_error"] = str(e)
            try:
                ents = cedarpy.Entities.from_json_str(case["entities"])
            except Exception:
                res["entities_error"] = True
                return res
            results = cedarpy.is_authorized_batch(case["requests"], ps, ents)
            res["answers"] = [[r.decision.value, sorted(r.diagnostics.reasons), ids(r.diagnostics.errors)] for r in results]
            return res

        for line in sys.stdin:
            batch = json.loads(line)
            print(json.dumps({"results": [run(c) for c in batch["cases"]]}), flush=True)
        """#

    /// Starts the helper. Throws with advice when Python or cedarpy is missing.
    init() throws {
        guard let python = TestPaths.python else {
            throw OracleError(
                "no Python with cedarpy: run scripts/bootstrap-venv at the repository root (creates .venv), "
                    + "or set GATEHOUSE_PYTHON")
        }
        scriptURL = FileManager.default.temporaryDirectory.appendingPathComponent("cedarpy_oracle_\(getpid()).py")
        try Self.script.write(to: scriptURL, atomically: true, encoding: .utf8)
        process.executableURL = python
        process.arguments = [scriptURL.path]
        process.standardInput = input
        process.standardOutput = output
        try process.run()
    }

    deinit {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: scriptURL)
    }

    /// Asks the oracle about several cases at once.
    func ask(_ cases: [DiffCase]) throws -> [Outcome] {
        let line = "{\"cases\":[" + cases.map(\.oracleJSON).joined(separator: ",") + "]}\n"
        input.fileHandleForWriting.write(Data(line.utf8))
        let reply = try readLine()
        guard case .object(let root) = try JSONParser.parse(reply), case .array(let results)? = root["results"] else {
            throw OracleError("unexpected oracle reply: \(reply.prefix(200))")
        }
        return results.map { r in
            let o = r.objectValue ?? JSONObject()
            var outcome = Outcome()
            outcome.parseError = o["parse_error"] != nil || o["link_error"] != nil
            outcome.entitiesError = o["entities_error"] != nil
            outcome.valid = o["valid"]?.boolValue
            outcome.policiesJSON = o["est"]?.stringValue
            outcome.answers = (o["answers"]?.arrayValue ?? []).map { a in
                let parts = a.arrayValue ?? []
                return Outcome.Answer(
                    decision: parts[0].stringValue ?? "",
                    reasons: Set((parts[1].arrayValue ?? []).compactMap(\.stringValue)),
                    errors: Set((parts[2].arrayValue ?? []).compactMap(\.stringValue)))
            }
            return outcome
        }
    }

    private func readLine() throws -> String {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[buffer.startIndex..<newline]
                buffer.removeSubrange(buffer.startIndex...newline)
                return String(decoding: line, as: UTF8.self)
            }
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty {
                throw OracleError(
                    "the cedarpy helper exited; is cedarpy installed? run scripts/bootstrap-venv at the repository root")
            }
            buffer.append(chunk)
        }
    }
}

struct OracleError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
