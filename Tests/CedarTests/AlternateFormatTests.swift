// The conformance requests again, through the other input paths: policies read from the JSON
// policy format (EST), and the hand-written tests with all values written explicitly and no
// schema (derived/tests-schemaless). Decisions must not depend on the input format.

import Foundation
import Testing

@testable import Cedar

@Suite struct AlternateFormatTests {
    /// Prints `cedar <label>: passed/total` and every mismatch; returns the mismatches.
    static func summarize(_ label: String, _ results: [(passed: Int, failures: [String])], total: Int) -> [String] {
        let passed = results.map(\.passed).reduce(0, +)
        let failures = results.flatMap(\.failures)
        print("cedar \(label): \(passed)/\(total)")
        for f in failures.prefix(20) { print("  mismatch: \(f)") }
        return failures
    }

    static func expectAllPass(total: Int, failures: [String]) {
        #expect(total > 0)
        #expect(failures.isEmpty, "\(failures.count) mismatches; first: \(failures.first ?? "")")
    }

    @Test func policiesFromJSON() async throws {
        try #require(TestPaths.cedarConformance != nil, Comment(rawValue: TestPaths.missingSharedMessage))
        // Hundreds of files: on a thread of its own, not one of the pool's (two in CI).
        let (total, failures) = try await onOwnThread {
            let cases = try ConformanceTests.load("tests") + ConformanceTests.load("corpus-tests")
            let results = cases.map { $0.run(policiesAsJSON: true) }
            let total = cases.map(\.requests.count).reduce(0, +)
            return (total, Self.summarize("EST policies", results, total: total))
        }
        Self.expectAllPass(total: total, failures: failures)
    }

    @Test func schemalessHandwritten() throws {
        try #require(TestPaths.cedarConformance != nil, Comment(rawValue: TestPaths.missingSharedMessage))
        let cases = try ConformanceTests.load("derived/tests-schemaless")
        #expect(cases.count == 22)
        let results = cases.map { $0.run(useSchema: false) }
        let total = cases.map(\.requests.count).reduce(0, +)
        Self.expectAllPass(total: total, failures: Self.summarize("schemaless handwritten", results, total: total))
    }
}
