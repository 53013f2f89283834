// Precision and recall of every detector and scan rule on the labelled corpus, printed one line
// each (recorded in README.md) and held to the targets: recall and precision at least 0.95.
import Testing

@Suite struct CorpusTests {
    static let target = 0.95

    @Test func runtimeDetectorsMeetTheTargets() throws {
        let (scores, wrong) = try Corpus.runtime()
        for s in scores { print(s.line) }
        let (holdout, _) = try Corpus.runtime(set: "holdout")
        for s in holdout { print("held-out " + s.line) }
        for w in wrong { print("  wrong: \(w)") }
        #expect(scores.reduce(0) { $0 + $1.cases } >= 400)
        for s in scores {
            #expect(s.precision >= Self.target, "\(s.line)")
            #expect(s.recall >= Self.target, "\(s.line)")
            #expect(s.cases >= 20, "\(s.name) needs more cases")
        }
    }

    @Test func scanRulesMeetTheTargets() throws {
        let (scores, wrong) = try Corpus.definitions()
        for s in scores { print(s.line) }
        for w in wrong { print("  wrong: \(w)") }
        for s in scores {
            #expect(s.precision >= Self.target, "\(s.line)")
            #expect(s.recall >= Self.target, "\(s.line)")
            #expect(s.truePositives >= 1, "\(s.name) has no positive case")
        }
    }
}
