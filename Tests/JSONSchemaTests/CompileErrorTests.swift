// Compile-time errors: invalid schemas (metaschema check) with the path of the problem,
// references that resolve nowhere, unknown dialects, bad patterns; and the registry, which is
// the only place references resolve from.

import Testing

import JSONSchema

struct CompileErrorTests {
    static func compileError(_ json: String, registry: SchemaRegistry = SchemaRegistry()) -> SchemaCompileError? {
        do {
            _ = try JSONSchema.compile(JSONParser.parse(json), registry: registry)
            return nil
        } catch let e as SchemaCompileError {
            return e
        } catch {
            return nil
        }
    }

    @Test func invalidKeywordValueIsRejectedWithItsPath() {
        let e = Self.compileError(#"{"properties": {"limit": {"minimum": "ten"}}}"#)
        #expect(e?.code == .invalidSchema)
        #expect(e?.schemaPath == "/properties/limit/minimum")
        #expect(e?.description.hasPrefix("schema /properties/limit/minimum: the schema does not match its metaschema") == true)
    }

    @Test func draft7SchemasAreCheckedAgainstTheDraft7Metaschema() {
        let e = Self.compileError(#"{"$schema": "http://json-schema.org/draft-07/schema#", "required": "name"}"#)
        #expect(e?.code == .invalidSchema)
        #expect(e?.schemaPath == "/required")
    }

    @Test func unresolvableReferenceNamesTheReference() {
        let e = Self.compileError(##"{"properties": {"a": {"$ref": "#/$defs/missing"}}}"##)
        #expect(e?.code == .unresolvableReference)
        #expect(e?.schemaPath == "/properties/a/$ref")
        #expect(e?.message.contains("#/$defs/missing") == true)
    }

    @Test func remoteReferencesResolveOnlyFromTheRegistry() throws {
        let json = ##"{"properties": {"n": {"$ref": "https://example.com/defs.json#/$defs/count"}}}"##
        let e = Self.compileError(json)
        #expect(e?.code == .unresolvableReference)
        #expect(e?.message.contains("registry") == true)

        var registry = SchemaRegistry()
        registry.add(try JSONParser.parse(#"{"$defs": {"count": {"type": "integer", "minimum": 0}}}"#), uri: "https://example.com/defs.json")
        let schema = try JSONSchema.compile(JSONParser.parse(json), registry: registry)
        #expect(schema.isValid(["n": 3]))
        #expect(schema.validate(["n": -1]).errors.map(\.description) == ["/n: -1 is less than the minimum 0"])
    }

    @Test func unknownDialectIsRejected() {
        let e = Self.compileError(#"{"$schema": "https://json-schema.org/draft/2019-09/schema"}"#)
        #expect(e?.code == .unknownDialect)
        #expect(e?.schemaPath == "/$schema")
    }

    @Test func invalidPatternIsRejectedWithItsPath() {
        let e = Self.compileError(#"{"properties": {"a": {"pattern": "([a-z]"}}}"#)
        #expect(e?.code == .invalidPattern)
        #expect(e?.schemaPath == "/properties/a/pattern")
    }

    @Test func malformedSchemaTextReportsItsLocation() {
        #expect {
            try JSONSchema.compile(json: Array(#"{"type": }"#.utf8))
        } throws: { error in
            guard let e = error as? SchemaCompileError else { return false }
            return e.code == .invalidSchema && e.message.contains("line 1, column 10")
        }
    }

    @Test func metaschemaCheckCanBeSwitchedOff() throws {
        let schema = try JSONSchema.compile(["minimum": "ten", "type": "integer"], options: .init(validateSchema: false))
        #expect(schema.isValid(5))
        #expect(!schema.isValid("5"))
    }
}
