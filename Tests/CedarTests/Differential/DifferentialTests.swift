// Differential testing against cedarpy 4.12.2: thousands of seeded random cases (policies,
// entities, requests, schemas) go to both engines; decisions, determining policies, erroring
// policies, parse failures and strict validation must agree, and so must our reading of the
// oracle's JSON form of the same policies. Every disagreement is shrunk to a minimal repro and
// printed with the seed. Set CEDAR_DIFF_SEED and CEDAR_DIFF_COUNT to replay or to run longer.

import Foundation
import Testing

@testable import Cedar

@Suite struct DifferentialTests {
    static var seed: UInt64 {
        if let s = ProcessInfo.processInfo.environment["CEDAR_DIFF_SEED"], let v = UInt64(s) { return v }
        return UInt64.random(in: 1...UInt64(UInt32.max))
    }

    static var count: Int {
        ProcessInfo.processInfo.environment["CEDAR_DIFF_COUNT"].flatMap(Int.init) ?? 2500
    }

    /// Why our outcome differs from the oracle's, or nil when they agree.
    static func disagreement(_ c: DiffCase, theirs: Outcome) -> String? {
        let ours = OurEngine.outcome(c)
        if !ours.agrees(with: theirs) { return "cedarpy: \(theirs)\nours:    \(ours)" }
        if let json = theirs.policiesJSON {
            var viaJSON = OurEngine.outcome(c, policiesJSON: json)
            viaJSON.valid = theirs.valid
            if !viaJSON.agrees(with: theirs) {
                return "cedarpy: \(theirs)\nours, reading cedarpy's JSON policies: \(viaJSON)\n--- JSON ---\n\(json)"
            }
        }
        return nil
    }

    /// Repeatedly replaces the case by the first smaller variant that still disagrees.
    static func shrink(_ start: DiffCase, oracle: CedarpyOracle) throws -> (DiffCase, String) {
        var current = start
        var reason = try disagreement(start, theirs: oracle.ask([start])[0]) ?? "(no longer disagrees)"
        for _ in 0..<200 {
            let candidates = current.shrinkCandidates
            guard !candidates.isEmpty else { break }
            let theirs = try oracle.ask(candidates)
            guard let i = candidates.indices.first(where: { disagreement(candidates[$0], theirs: theirs[$0]) != nil }) else {
                break
            }
            current = candidates[i]
            reason = disagreement(current, theirs: theirs[i]) ?? reason
        }
        return (current, reason)
    }

    @Test func agreesWithCedarpy() async throws {
        let seed = Self.seed
        // Tens of seconds of waiting on cedarpy and evaluating: on a thread of its own, so the
        // pool's threads (two in CI) stay free for the other tests.
        let disagreements = try await onOwnThread { try Self.compareWithCedarpy(seed: seed, count: Self.count) }
        #expect(disagreements == 0, "disagreements with cedarpy (seed \(seed)); see the repros above")
    }

    /// Runs `count` cases through both engines, prints statistics and a minimal repro of the first
    /// disagreements, and returns how many cases disagree.
    static func compareWithCedarpy(seed: UInt64, count: Int) throws -> Int {
        print("cedar differential: seed \(seed), \(count) cases (replay with CEDAR_DIFF_SEED=\(seed))")
        let oracle = try CedarpyOracle()
        var generator = Generator(seed: seed)
        let cases = (0..<count).map { _ in generator.diffCase() }
        var failures: [(Int, DiffCase)] = []
        var stats = (requests: 0, allow: 0, errors: 0, parseErrors: 0, validated: 0, valid: 0)
        for start in stride(from: 0, to: cases.count, by: 250) {
            let batch = Array(cases[start..<min(start + 250, cases.count)])
            let theirs = try oracle.ask(batch)
            for (i, c) in batch.enumerated() {
                let t = theirs[i]
                stats.requests += t.answers.count
                stats.allow += t.answers.filter { $0.decision == "Allow" }.count
                stats.errors += t.answers.filter { !$0.errors.isEmpty }.count
                stats.parseErrors += t.parseError ? 1 : 0
                if let v = t.valid {
                    stats.validated += 1
                    stats.valid += v ? 1 : 0
                }
                if disagreement(c, theirs: t) != nil { failures.append((start + i, c)) }
            }
        }
        print(
            "cedar differential: \(count - failures.count)/\(count) cases agree; \(stats.requests) requests "
                + "(\(stats.allow) allow, \(stats.errors) with errors), \(stats.parseErrors) parse errors, "
                + "\(stats.validated) validations (\(stats.valid) pass)")
        for (index, c) in failures.prefix(5) {
            let (small, reason) = try shrink(c, oracle: oracle)
            print("DISAGREEMENT in case \(index) (seed \(seed)); minimal repro:\n\(small.repro)\n\(reason)\n")
        }
        return failures.count
    }
}
