// Dialect selection, options, the convenience entry points, and use from many tasks at once.

import Testing

import JSONSchema

struct DialectAndAPITests {
    @Test func schemaDialectComesFromDollarSchemaOrTheDefault() throws {
        let tuple: JSONValue = ["items": [["type": "integer"]], "additionalItems": false]
        let asDraft7 = try JSONSchema.compile(tuple, options: .init(defaultDialect: .draft7))
        #expect(asDraft7.dialect == .draft7)
        #expect(asDraft7.isValid([1]))
        #expect(!asDraft7.isValid([1, 2]))

        let prefix = try JSONSchema.compile(["prefixItems": [["type": "integer"]], "items": false])
        #expect(prefix.dialect == .draft2020_12)
        #expect(prefix.isValid([1]))
        #expect(!prefix.isValid([1, 2]))

        let declared = try JSONSchema.compile(["$schema": "http://json-schema.org/draft-07/schema#", "prefixItems": [false]])
        #expect(declared.dialect == .draft7)
        #expect(declared.isValid([1]))  // prefixItems means nothing in draft-07
    }

    @Test func formatIsAnAnnotationUnlessAssertionIsAsked() throws {
        let schema: JSONValue = ["format": "date-time"]
        #expect(try JSONSchema.compile(schema).isValid("not a date"))
        let asserting = try JSONSchema.compile(schema, options: .init(formatAssertion: true))
        #expect(!asserting.isValid("not a date"))
        #expect(asserting.isValid("2026-11-22T03:48:00Z"))
        #expect(asserting.validate("x").errors.map(\.description) == [#"(root): "x" is not a valid date-time"#])
    }

    @Test func integersAreNumbersWithoutFractionsAndEqualityIsNumeric() throws {
        let schema = try JSONSchema.compile(["type": "integer", "enum": [1, 2]])
        #expect(schema.isValid(1.0))
        #expect(!schema.isValid(1.5))
        #expect(!schema.isValid(3))
    }

    @Test func lengthCountsCodePoints() throws {
        let schema = try JSONSchema.compile(["maxLength": 2])
        #expect(schema.isValid("😀😀"))
        #expect(!schema.isValid("😀😀😀"))
    }

    @Test func validatesJSONText() throws {
        let schema = try JSONSchema.compile(json: Array(#"{"type": "object", "required": ["q"]}"#.utf8))
        #expect(try schema.validate(json: Array(#"{"q": 1}"#.utf8)).isValid)
        #expect(try !schema.validate(json: Array("{}".utf8)).isValid)
        #expect(throws: JSONParseError.self) { try schema.validate(json: Array("{".utf8)) }
    }

    @Test func metaschemaValidatesSchemas() throws {
        #expect(JSONSchema.metaschema(for: .draft2020_12).isValid(["type": "string"]))
        #expect(!JSONSchema.metaschema(for: .draft2020_12).isValid(["type": 5]))
        #expect(!JSONSchema.metaschema(for: .draft7).isValid(["minLength": -1]))
    }

    @Test func compiledSchemasAreSharedAcrossTasks() async throws {
        let schema = try JSONSchema.compile(JSONParser.parse(#"""
            {"type": "object", "properties": {"n": {"type": "integer", "multipleOf": 3}}, "required": ["n"]}
            """#))
        let counts = await withTaskGroup(of: Int.self) { group in
            for t in 0..<8 {
                group.addTask {
                    var valid = 0
                    for i in 0..<300 where schema.isValid(["n": .int(Int64(i + t))]) { valid += 1 }
                    return valid
                }
            }
            var all: [Int] = []
            for await c in group { all.append(c) }
            return all
        }
        #expect(counts.count == 8)
        #expect(counts.allSatisfy { $0 == 100 })
    }
}
