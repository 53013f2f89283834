// Conformance against the Cedar integration tests in shared/conformance/cedar: the 22
// hand-written tests (74 requests), the 500-case corpus subset (4,000 requests), and strict
// validation (`shouldValidate`) for all 522 test files. Each part prints one summary line, e.g.
// `conformance cedar corpus: 4000/4000`, and every mismatch.

import Foundation
import Testing

@testable import Cedar

@Suite struct ConformanceTests {
    static func testFiles(_ subdirectory: String) throws -> [URL] {
        guard let root = TestPaths.cedarConformance else { return [] }
        let dir = root.appendingPathComponent(subdirectory)
        guard let walker = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { $0 as? URL }
            .filter { $0.pathExtension == "json" && !$0.lastPathComponent.hasSuffix(".entities.json") }
            .sorted { $0.path < $1.path }
    }

    static func load(_ subdirectory: String) throws -> [ConformanceCase] {
        guard let root = TestPaths.cedarConformance else { return [] }
        return try testFiles(subdirectory).map { try ConformanceCase(file: $0, root: root) }
    }

    /// Runs the cases, prints `conformance cedar <part>: passed/total` and every mismatch, and
    /// returns the request count and the mismatches.
    static func run(_ part: String, _ cases: [ConformanceCase]) -> (total: Int, failures: [String]) {
        var passed = 0
        var total = 0
        var failures: [String] = []
        for c in cases {
            let (p, f) = c.run()
            passed += p
            total += c.requests.count
            failures += f
        }
        print("conformance cedar \(part): \(passed)/\(total)")
        for f in failures.prefix(40) { print("  mismatch: \(f)") }
        return (total, failures)
    }

    static func expectAllPass(_ part: String, total: Int, failures: [String]) {
        #expect(total > 0, "no \(part) requests found")
        #expect(failures.isEmpty, "\(failures.count) \(part) mismatches; first: \(failures.first ?? "")")
    }

    @Test func handwritten() throws {
        try #require(TestPaths.cedarConformance != nil, Comment(rawValue: TestPaths.missingSharedMessage))
        let cases = try Self.load("tests")
        #expect(cases.count == 22)
        let (total, failures) = Self.run("handwritten", cases)
        Self.expectAllPass("handwritten", total: total, failures: failures)
    }

    // The corpus-wide tests read and run hundreds of files: on a thread of their own, so that on a
    // loaded machine they do not hold the pool's threads (two in CI) for seconds.

    @Test func corpus() async throws {
        try #require(TestPaths.cedarConformance != nil, Comment(rawValue: TestPaths.missingSharedMessage))
        let (count, (total, failures)) = try await onOwnThread {
            let cases = try Self.load("corpus-tests")
            return (cases.count, Self.run("corpus", cases))
        }
        #expect(count == 500)
        Self.expectAllPass("corpus", total: total, failures: failures)
    }

    @Test func validation() async throws {
        try #require(TestPaths.cedarConformance != nil, Comment(rawValue: TestPaths.missingSharedMessage))
        let (count, failures) = try await onOwnThread {
            let cases = try Self.load("tests") + Self.load("corpus-tests")
            let failures = cases.compactMap { $0.checkValidation() }
            print("conformance cedar validation: \(cases.count - failures.count)/\(cases.count)")
            for f in failures.prefix(40) { print("  mismatch: \(f)") }
            return (cases.count, failures)
        }
        #expect(count == 522)
        #expect(failures.isEmpty, "\(failures.count) validation mismatches; first: \(failures.first ?? "")")
    }
}
