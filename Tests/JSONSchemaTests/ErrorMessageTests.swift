// Validation errors as users read them: instance location, keyword location (through $ref),
// absolute location, and the one-line message.

import Testing

import JSONSchema

struct ErrorMessageTests {
    static func schema(_ json: String) throws -> JSONSchema {
        try JSONSchema.compile(JSONParser.parse(json))
    }

    static func errors(_ schemaJSON: String, _ instanceJSON: String) throws -> [ValidationError] {
        try schema(schemaJSON).validate(JSONParser.parse(instanceJSON)).errors
    }

    @Test func maximumNamesTheValueAndTheLimit() throws {
        let errors = try Self.errors(#"{"properties": {"limit": {"type": "integer", "maximum": 100}}}"#, #"{"limit": 500}"#)
        #expect(errors.count == 1)
        #expect(errors.first?.description == "/limit: 500 is greater than the maximum 100")
        #expect(errors.first?.instanceLocation == "/limit")
        #expect(errors.first?.keywordLocation == "/properties/limit/maximum")
        #expect(errors.first?.keyword == "maximum")
        #expect(errors.first?.code == .keyword)
    }

    @Test(arguments: [
        (#"{"type": "integer"}"#, #""x""#, #"(root): "x" is not of type integer"#),
        (#"{"type": ["integer", "null"]}"#, "1.5", "(root): 1.5 is not of type null or integer"),
        (#"{"required": ["title", "repo"]}"#, #"{"repo": "a"}"#, #"(root): missing required property "title""#),
        (#"{"properties": {"p": {"enum": ["low", "high"]}}}"#, #"{"p": "urgent"}"#, #"/p: "urgent" is not one of "low", "high""#),
        (#"{"const": 3}"#, "4", "(root): 4 is not the required value 3"),
        (#"{"minimum": 1}"#, "0", "(root): 0 is less than the minimum 1"),
        (#"{"exclusiveMaximum": 10}"#, "10", "(root): 10 is not less than the exclusive maximum 10"),
        (#"{"multipleOf": 0.01}"#, "19.999", "(root): 19.999 is not a multiple of 0.01"),
        (#"{"maxLength": 3}"#, #""abcd""#, #"(root): "abcd" is longer than 3 characters (4)"#),
        (#"{"minLength": 2}"#, #""é""#, #"(root): "é" is shorter than 2 characters (1)"#),
        (#"{"pattern": "^[a-z]+$"}"#, #""Bad""#, #"(root): "Bad" does not match the pattern ^[a-z]+$"#),
        (#"{"maxItems": 1}"#, "[1, 2]", "(root): the array has 2 items; at most 1 allowed"),
        (#"{"uniqueItems": true}"#, "[1, 2, 1.0]", "(root): the array has equal items at 0 and 2; items must be unique"),
        (#"{"properties": {"a": true}, "additionalProperties": false}"#, #"{"a": 1, "b": 2, "c/d": 3}"#,
         #"(root): properties "b", "c/d" are not allowed"#),
        (#"{"oneOf": [{"type": "integer"}, {"minimum": 0}]}"#, "5", "(root): 5 matches more than one \"oneOf\" schema (0, 1); exactly one must match"),
        (#"{"anyOf": [{"type": "string"}, {"type": "null"}]}"#, "5", "(root): 5 does not match any of the 2 \"anyOf\" schemas"),
        (#"{"not": {"type": "string"}}"#, #""s""#, #"(root): "s" must not match the "not" schema"#),
        (#"{"contains": {"type": "string"}}"#, "[1]", #"(root): the array has no item matching the "contains" schema"#),
        (#"{"dependentRequired": {"a": ["b"]}}"#, #"{"a": 1}"#, #"(root): property "b" is required when "a" is present"#),
        (#"{"unevaluatedProperties": false, "properties": {"a": true}}"#, #"{"a": 1, "x": 2}"#, #"(root): unevaluated property "x" is not allowed"#),
        (#"{"items": {"type": "integer"}}"#, #"[1, "two"]"#, #"/1: "two" is not of type integer"#),
    ])
    func messages(schema: String, instance: String, expected: String) throws {
        let errors = try Self.errors(schema, instance)
        #expect(errors.map(\.description) == [expected])
    }

    @Test func longValuesAreCappedInMessages() throws {
        let long = String(repeating: "x", count: 500)
        let errors = try Self.errors(#"{"maxLength": 3}"#, "\"\(long)\"")
        #expect(errors.count == 1)
        #expect(errors[0].message.count < 120)
        #expect(errors[0].message.contains("…"))
    }

    @Test func largeValuesAreSummarizedNotSerializedInFull() throws {
        let big = JSONValue.array(Array(repeating: ["name": "x", "tags": ["a", "b", "c"]], count: 10_000))
        let errors = try JSONSchema.compile(["type": "string"]).validate(big).errors
        #expect(errors.count == 1)
        #expect(errors[0].message.hasPrefix(#"[{"name":"x","tags":["a","b","c"]},"#))
        #expect(errors[0].message.hasSuffix("… is not of type string"))
    }

    @Test func keywordLocationFollowsReferencesAndAbsoluteLocationNamesTheResource() throws {
        let schema = try Self.schema(##"""
            {"$id": "https://example.com/tool.json",
             "properties": {"port": {"$ref": "#/$defs/port"}},
             "$defs": {"port": {"type": "integer", "maximum": 65535}}}
            """##)
        let errors = schema.validate(["port": 70000]).errors
        #expect(errors.count == 1)
        #expect(errors[0].keywordLocation == "/properties/port/$ref/maximum")
        #expect(errors[0].absoluteKeywordLocation == "https://example.com/tool.json#/$defs/port/maximum")
        #expect(errors[0].description == "/port: 70000 is greater than the maximum 65535")
    }

    @Test func everyFailureIsCollectedInOnePass() throws {
        let errors = try Self.errors(
            #"{"type": "object", "required": ["a", "b"], "properties": {"c": {"type": "string"}, "d": {"minimum": 3}}}"#,
            #"{"c": 1, "d": 1}"#)
        #expect(Set(errors.map(\.description)) == [
            #"(root): missing required property "a""#, #"(root): missing required property "b""#,
            "/c: 1 is not of type string", "/d: 1 is less than the minimum 3",
        ])
    }

    @Test func instanceLocationsEscapePointerCharacters() throws {
        let errors = try Self.errors(#"{"additionalProperties": {"type": "integer"}}"#, #"{"a/b~c": "x"}"#)
        #expect(errors.map(\.instanceLocation) == ["/a~1b~0c"])
    }

    @Test func validAndInvalidResultsDescribeThemselves() throws {
        let schema = try Self.schema(#"{"type": "integer"}"#)
        #expect(schema.validate(1).description == "valid")
        #expect(schema.validate(1).isValid)
        #expect(!schema.validate("a").isValid)
    }
}
