// Scores the detectors and scan rules on the labelled corpus in `Corpus/`: for each detector (or
// rule), true positives, false positives and misses over every case of its phase, and precision
// and recall from them. A detector is charged a false positive wherever it fires on a case that
// does not list it, so the benign cases written for other detectors test it too.
import Foundation
import Guardrails
import JSONSchema

struct CorpusScore {
    var name: String
    var truePositives = 0
    var falsePositives = 0
    var misses = 0
    /// Cases written for this detector or rule.
    var cases = 0

    var precision: Double { truePositives + falsePositives == 0 ? 1 : Double(truePositives) / Double(truePositives + falsePositives) }
    var recall: Double { truePositives + misses == 0 ? 1 : Double(truePositives) / Double(truePositives + misses) }

    /// `guardrails shell_injection: precision 0.98 recall 0.97 (n=64)`.
    var line: String {
        "guardrails \(name): precision \(String(format: "%.2f", precision)) recall \(String(format: "%.2f", recall)) (n=\(cases))"
    }
}

enum Corpus {
    static var directory: URL {
        if let explicit = ProcessInfo.processInfo.environment["GUARDRAILS_CORPUS"] { return URL(fileURLWithPath: explicit) }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")
    }

    static func cases(_ file: String) throws -> [JSONObject] {
        let data = try Data(contentsOf: directory.appendingPathComponent(file))
        return (try JSONParser.parse(Array(data)))["cases"]?.arrayValue?.compactMap(\.objectValue) ?? []
    }

    /// Scores of the runtime detectors, and a line per wrong case.
    /// - Parameter set: Only cases of this set (`holdout`), or all.
    static func runtime(set: String? = nil) throws -> ([CorpusScore], [String]) {
        var scores: [String: CorpusScore] = [:]
        for d in DetectorID.allCases { scores[d.rawValue] = CorpusScore(name: d.rawValue) }
        var wrong: [String] = []
        for c in try cases("runtime.json") where set == nil || c["set"]?.stringValue == set {
            let id = c["id"]?.stringValue ?? "?"
            guard let phase = c["phase"]?.stringValue.flatMap(Phase.init(rawValue:)) else { continue }
            let expected = Set((c["expect"]?.arrayValue ?? []).compactMap(\.stringValue))
            if let target = c["for"]?.stringValue { scores[target]?.cases += 1 }
            let actions = DetectorActions(all: .flag)
            var fired = Set<String>()
            if let text = c["text"]?.stringValue {
                var bytes = Array(text.utf8)
                let hits = bytes.withUnsafeMutableBufferPointer { TextScanner(actions: actions, phase: phase).scan(UnsafeBufferPointer($0)) }
                fired = Set(hits.map(\.detector.rawValue))
            } else if let payload = c["payload"] {
                let inspection = PayloadInspector(phase: phase, actions: actions).inspect(payload.serialized())
                fired = Set(inspection.hits.map(\.detector))
            }
            for d in DetectorID.allCases where d.phases.contains(phase) {
                let name = d.rawValue
                switch (expected.contains(name), fired.contains(name)) {
                case (true, true): scores[name]?.truePositives += 1
                case (true, false):
                    scores[name]?.misses += 1
                    wrong.append("\(id): \(name) missed in \(describe(c))")
                case (false, true):
                    scores[name]?.falsePositives += 1
                    wrong.append("\(id): \(name) fired on \(describe(c))")
                case (false, false): break
                }
            }
        }
        return (DetectorID.allCases.compactMap { scores[$0.rawValue] }, wrong)
    }

    /// Scores of the definition scan rules.
    static func definitions() throws -> ([CorpusScore], [String]) {
        var scores: [String: CorpusScore] = [:]
        for r in ScanRule.allCases { scores[r.rawValue] = CorpusScore(name: r.rawValue) }
        var wrong: [String] = []
        for c in try cases("definitions.json") {
            let id = c["id"]?.stringValue ?? "?"
            guard let definition = c["definition"]?.objectValue, let kind = c["kind"]?.stringValue.flatMap(ItemKind.init(rawValue:)) else { continue }
            let expected = Set((c["expect"]?.arrayValue ?? []).compactMap(\.stringValue))
            for target in (c["for"]?.arrayValue ?? []).compactMap(\.stringValue) { scores[target]?.cases += 1 }
            var others: [String: [String]] = [:]
            for (server, tools) in c["context"]?["other_servers"]?.objectValue ?? [:] {
                others[server] = tools.arrayValue?.compactMap(\.stringValue) ?? []
            }
            let siblings = Set((c["context"]?["siblings"]?.arrayValue ?? []).compactMap(\.stringValue))
            let scanner = DefinitionScanner(context: ScanContext(siblings: siblings, otherServers: others))
            let findings = scanner.scan(ScanItem(kind: kind, name: definition["name"]?.stringValue ?? definition["uriTemplate"]?.stringValue ?? "", definition: definition))
            let fired = Set(findings.map(\.rule))
            for rule in ScanRule.allCases {
                let name = rule.rawValue
                switch (expected.contains(name), fired.contains(name)) {
                case (true, true): scores[name]?.truePositives += 1
                case (true, false):
                    scores[name]?.misses += 1
                    wrong.append("\(id): \(name) missed")
                case (false, true):
                    scores[name]?.falsePositives += 1
                    let f = findings.first { $0.rule == name }!
                    wrong.append("\(id): \(name) fired at \(f.evidence.path): \(f.evidence.excerpt)")
                case (false, false): break
                }
            }
        }
        return (ScanRule.allCases.compactMap { scores[$0.rawValue] }, wrong)
    }

    private static func describe(_ c: JSONObject) -> String {
        let text = c["text"]?.stringValue ?? c["payload"]?.jsonString() ?? ""
        return "\"\(text.prefix(90))\""
    }
}
