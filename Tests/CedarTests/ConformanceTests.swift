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

    /// Runs the cases and reports `conformance cedar <part>: passed/total`.
    static func check(_ part: String, _ cases: [ConformanceCase]) {
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
        #expect(total > 0, "no \(part) requests found")
        #expect(failures.isEmpty, "\(failures.count) \(part) mismatches; first: \(failures.first ?? "")")
    }

    @Test func handwritten() throws {
        try #require(TestPaths.cedarConformance != nil, Comment(rawValue: TestPaths.missingSharedMessage))
        let cases = try Self.load("tests")
        #expect(cases.count == 22)
        Self.check("handwritten", cases)
    }

    @Test func corpus() throws {
        try #require(TestPaths.cedarConformance != nil, Comment(rawValue: TestPaths.missingSharedMessage))
        let cases = try Self.load("corpus-tests")
        #expect(cases.count == 500)
        Self.check("corpus", cases)
    }

    @Test func validation() throws {
        try #require(TestPaths.cedarConformance != nil, Comment(rawValue: TestPaths.missingSharedMessage))
        let cases = try Self.load("tests") + Self.load("corpus-tests")
        let failures = cases.compactMap { $0.checkValidation() }
        print("conformance cedar validation: \(cases.count - failures.count)/\(cases.count)")
        for f in failures.prefix(40) { print("  mismatch: \(f)") }
        #expect(cases.count == 522)
        #expect(failures.isEmpty, "\(failures.count) validation mismatches; first: \(failures.first ?? "")")
    }
}
