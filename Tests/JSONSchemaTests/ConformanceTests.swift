// Runs the JSON-Schema-Test-Suite (draft 2020-12 and draft-07; required, optional and format
// parts) and prints one `conformance jsonschema <draft> <part>: passed/total` line per part.
// Required parts must pass completely; optional and format parts must fail only where a gap is
// listed with its reason in `KnownGaps`.

import Foundation
import Testing

import JSONSchema

struct ConformanceTests {
    enum Part: String, CaseIterable, Sendable {
        case required, optional, format
    }

    struct Outcome {
        var passed = 0
        var total = 0
        var failures: [String] = []
    }

    static func suiteDirectory() throws -> String {
        try TestSupport.sharedDirectory() + "/conformance/json-schema-test-suite"
    }

    static func registry() throws -> SchemaRegistry {
        let bundle = try TestSupport.readJSON(try suiteDirectory() + "/remotes-bundle.json")
        var registry = SchemaRegistry()
        for (uri, doc) in bundle.objectValue! { registry.add(doc, uri: uri) }
        return registry
    }

    static func files(draft: String, part: Part) throws -> [String] {
        let base = try suiteDirectory() + "/tests/" + draft
        switch part {
        case .required: return try TestSupport.listJSONFiles(base)
        case .optional: return try TestSupport.listJSONFiles(base + "/optional")
        case .format: return try TestSupport.listJSONFiles(base + "/optional/format")
        }
    }

    static func run(draft: String, part: Part) throws -> Outcome {
        let registry = try registry()
        let dialect: Dialect = draft == "draft7" ? .draft7 : .draft2020_12
        let options = JSONSchema.Options(defaultDialect: dialect, formatAssertion: part == .format)
        var outcome = Outcome()
        for file in try files(draft: draft, part: part) {
            let name = (file as NSString).lastPathComponent
            for group in try TestSupport.readJSON(file).arrayValue! {
                let groupName = group["description"]!.stringValue!
                let tests = group["tests"]!.arrayValue!
                let compiled = Result { try JSONSchema.compile(group["schema"]!, options: options, registry: registry) }
                for test in tests {
                    outcome.total += 1
                    let expected = test["valid"]!.boolValue!
                    let label = "\(name) :: \(groupName) :: \(test["description"]!.stringValue!)"
                    switch compiled {
                    case .failure(let error):
                        outcome.failures.append("\(label) (compile error: \(error))")
                    case .success(let schema):
                        let data = test["data"]!
                        let fast = schema.isValid(data)
                        let full = schema.validate(data)
                        if fast != full.isValid {
                            outcome.failures.append("\(label) (isValid \(fast) but validate \(full.isValid))")
                        } else if fast == expected {
                            outcome.passed += 1
                        } else {
                            outcome.failures.append("\(label) (expected \(expected ? "valid" : "invalid"))")
                        }
                    }
                }
            }
        }
        return outcome
    }

    @Test(arguments: ["draft2020-12", "draft7"], Part.allCases)
    func suite(draft: String, part: Part) throws {
        let outcome = try Self.run(draft: draft, part: part)
        print("conformance jsonschema \(draft) \(part.rawValue): \(outcome.passed)/\(outcome.total)")
        #expect(outcome.total > 0, "no tests found for \(draft) \(part.rawValue)")
        let unexplained = outcome.failures.filter { failure in
            !KnownGaps.all.contains { gap in gap.draft == draft && gap.part == part.rawValue && failure.hasPrefix(gap.prefix) }
        }
        for failure in unexplained { Issue.record("\(draft) \(part.rawValue): \(failure)") }
        // A listed gap that no longer fails should leave the list.
        for gap in KnownGaps.all where gap.draft == draft && gap.part == part.rawValue {
            #expect(outcome.failures.contains { $0.hasPrefix(gap.prefix) }, "known gap now passes; remove it: \(gap.prefix)")
        }
        if ProcessInfo.processInfo.environment["CONFORMANCE_VERBOSE"] != nil {
            for failure in outcome.failures { print("  FAIL \(draft) \(part.rawValue): \(failure)") }
        }
    }
}
