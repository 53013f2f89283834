// The conformance requests again, through the other input paths: policies read from the JSON
// policy format (EST), and the hand-written tests with all values written explicitly and no
// schema (derived/tests-schemaless). Decisions must not depend on the input format.

import Foundation
import Testing

@testable import Cedar

@Suite struct AlternateFormatTests {
    static func summarize(_ label: String, _ results: [(passed: Int, failures: [String])], total: Int) {
        let passed = results.map(\.passed).reduce(0, +)
        let failures = results.flatMap(\.failures)
        print("cedar \(label): \(passed)/\(total)")
        for f in failures.prefix(20) { print("  mismatch: \(f)") }
        #expect(total > 0)
        #expect(failures.isEmpty, "\(failures.count) mismatches; first: \(failures.first ?? "")")
    }

    @Test func policiesFromJSON() throws {
        try #require(TestPaths.cedarConformance != nil, Comment(rawValue: TestPaths.missingSharedMessage))
        let cases = try ConformanceTests.load("tests") + ConformanceTests.load("corpus-tests")
        let results = cases.map { $0.run(policiesAsJSON: true) }
        Self.summarize("EST policies", results, total: cases.map(\.requests.count).reduce(0, +))
    }

    @Test func schemalessHandwritten() throws {
        try #require(TestPaths.cedarConformance != nil, Comment(rawValue: TestPaths.missingSharedMessage))
        let cases = try ConformanceTests.load("derived/tests-schemaless")
        #expect(cases.count == 22)
        let results = cases.map { $0.run(useSchema: false) }
        Self.summarize("schemaless handwritten", results, total: cases.map(\.requests.count).reduce(0, +))
    }
}
