// Bounded work: schemas and instances that would loop, explode or backtrack forever stop at a
// limit, report it, and count as invalid (fail closed) instead of hanging or crashing.

import Testing

import JSONSchema

struct LimitTests {
    static func isLimit(_ result: ValidationResult, _ name: String) -> Bool {
        result.errors.contains { $0.code == .limitExceeded && $0.keyword == name }
    }

    @Test func referenceCycleStopsAtTheDepthLimit() throws {
        let schema = try JSONSchema.compile(JSONParser.parse(
            ##"{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}"##))
        let result = schema.validate(1)
        #expect(!result.isValid)
        #expect(Self.isLimit(result, "maxDepth"))
        #expect(!schema.isValid(1))
        // Depth or the stack budget, whichever comes first (debug builds have bigger frames).
        #expect(result.errors.last?.message.contains("limits.max") == true)
    }

    @Test func exponentialFanOutStopsAtTheStepLimit() throws {
        // d0 = allOf[d1, d1], d1 = allOf[d2, d2], …: 2^40 evaluations if unbounded.
        var defs: [(String, JSONValue)] = []
        for i in 0..<40 { defs.append(("d\(i)", ["allOf": [.object(["$ref": .string("#/$defs/d\(i + 1)")]), .object(["$ref": .string("#/$defs/d\(i + 1)")])]])) }
        defs.append(("d40", ["type": "integer"]))
        let schema = try JSONSchema.compile(.object(["$defs": .object(JSONObject(defs)), "$ref": "#/$defs/d0"]),
                                            options: .init(limits: .init(maxSteps: 100_000)))
        let clock = ContinuousClock()
        let start = clock.now
        let result = schema.validate(1)
        #expect(clock.now - start < .seconds(10))
        #expect(Self.isLimit(result, "maxSteps"))
        #expect(!schema.isValid(1))
    }

    @Test func catastrophicBacktrackingStopsAtTheRegexLimit() throws {
        let schema = try JSONSchema.compile(["pattern": "^(a+)+$"])
        let hostile = JSONValue.string(String(repeating: "a", count: 40) + "b")
        let result = schema.validate(hostile)
        #expect(Self.isLimit(result, "maxRegexSteps"))
        #expect(!schema.isValid(hostile))
        #expect(schema.isValid(.string(String(repeating: "a", count: 40))))
    }

    @Test func patternWorkCountsAgainstTheOverallBudget() throws {
        // Each match stays under maxRegexSteps, but thousands of them exceed maxSteps.
        let schema = try JSONSchema.compile(["items": ["pattern": "^(a|b)*c$"]],
                                            options: .init(limits: .init(maxSteps: 200_000, maxRegexSteps: 100_000)))
        let item = JSONValue.string(String(repeating: "ab", count: 200))
        let result = schema.validate(.array(Array(repeating: item, count: 5_000)))
        #expect(Self.isLimit(result, "maxSteps"))
    }

    @Test func deeplyNestedInstanceStopsAtTheDepthLimit() throws {
        let schema = try JSONSchema.compile(["items": ["$ref": "#"]])
        // Deep enough to pass any sane depth, shallow enough that freeing it recursively is safe.
        var value: JSONValue = 1
        for _ in 0..<2_000 { value = .array([value]) }
        let result = schema.validate(value)
        #expect(Self.isLimit(result, "maxDepth"))
        var shallow: JSONValue = 1
        for _ in 0..<20 { shallow = .array([shallow]) }
        #expect(schema.isValid(shallow))
    }

    @Test func stackBudgetIsConfigurable() throws {
        var value: JSONValue = 1
        for _ in 0..<60 { value = .array([value]) }
        let small = try JSONSchema.compile(["items": ["$ref": "#"]], options: .init(limits: .init(maxStackBytes: 16 * 1024)))
        #expect(Self.isLimit(small.validate(value), "maxDepth"))
        let large = try JSONSchema.compile(["items": ["$ref": "#"]], options: .init(limits: .init(maxStackBytes: 4 * 1024 * 1024)))
        #expect(large.isValid(value))
    }

    @Test func overlyNestedSchemaIsRejectedAtCompileTime() throws {
        var schema: JSONValue = ["type": "integer"]
        for _ in 0..<700 { schema = ["items": schema] }
        #expect {
            try JSONSchema.compile(schema, options: .init(validateSchema: false))
        } throws: { ($0 as? SchemaCompileError)?.code == .tooLarge }
    }

    @Test func oversizedSchemaIsRejectedAtCompileTime() throws {
        var props = JSONObject()
        for i in 0..<50 { props["p\(i)"] = ["type": "string"] }
        #expect {
            try JSONSchema.compile(["properties": .object(props)], options: .init(limits: .init(maxSubschemas: 20)))
        } throws: { ($0 as? SchemaCompileError)?.code == .tooLarge }
    }

    @Test func patternThatExpandsTooFarIsRejected() throws {
        #expect {
            try JSONSchema.compile(["pattern": "(ab){1000}{1000}"])
        } throws: { ($0 as? SchemaCompileError)?.code == .invalidPattern }
    }

    @Test func longInputsDoNotExhaustTheStack() throws {
        let limits = JSONSchema.Limits(maxSteps: 10_000_000, maxRegexSteps: 10_000_000)
        let schema = try JSONSchema.compile(["pattern": "^(?:[a-z]|-)*$"], options: .init(limits: limits))
        let long = JSONValue.string(String(repeating: "ab-", count: 100_000))
        let valid = schema.isValid(long)
        #expect(valid)
    }
}
