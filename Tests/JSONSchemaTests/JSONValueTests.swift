// The JSON core: parsing (strictness, escapes, numbers, limits), JSON equality and serialization.
import Testing

@testable import JSONSchema

struct JSONParserTests {
    @Test func parsesNestedDocumentKeepingKeyOrder() throws {
        let v = try JSONParser.parse(#" {"b": [1, 2.5, true, null], "a": {"x": "y"}} "#)
        #expect(v.objectValue?.keys == ["b", "a"])
        #expect(v["b"] == [1, 2.5, true, nil])
        #expect(v["a"]?["x"] == "y")
    }

    @Test func integersStayExactAndOthersAreDoubles() throws {
        #expect(try JSONParser.parse("9223372036854775807") == .int(Int64.max))
        #expect(try JSONParser.parse("-9223372036854775808") == .int(Int64.min))
        if case .double = try JSONParser.parse("9223372036854775808") {} else { Issue.record("overflow should be a double") }
        if case .double(let d) = try JSONParser.parse("1.0") { #expect(d == 1) } else { Issue.record("1.0 should be a double") }
        #expect(try JSONParser.parse("-0.5e-3") == .double(-0.0005))
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        #expect(try JSONParser.parse(#""a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00""#) == .string("a\"\\/\u{8}\u{c}\n\r\té😀"))
    }

    @Test(arguments: [
        ("{\"a\":1,}", "line 1, column 8: unexpected '}'; expected a string key"),
        ("[1 2]", "line 1, column 4: unexpected '2'; expected ',' or ']' in an array"),
        ("{\n \"a\" 1}", "line 2, column 6: unexpected '1'; expected ':' after an object key"),
        ("01", "line 1, column 2: a number must not have a leading zero"),
        ("\"\\ud800\"", "line 1, column 8: unpaired UTF-16 surrogate in a \\u escape"),
        ("\"a\tb\"", "line 1, column 3: control character byte 0x9 must be escaped in a string"),
        ("tru", "line 1, column 1: invalid literal; expected true"),
        ("{} x", "line 1, column 4: unexpected 'x' after the end of the JSON value"),
        ("", "line 1, column 1: unexpected end of input; expected a JSON value"),
        ("\"abc", "line 1, column 5: unterminated string"),
    ])
    func rejectsMalformedInputWithLocation(input: String, message: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(input) }
        do {
            _ = try JSONParser.parse(input)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0xFF, 0x22]) }
    }

    @Test func enforcesTheDepthLimit() throws {
        let deep = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deep, maxDepth: 39) }
        _ = try JSONParser.parse(deep, maxDepth: 40)
        let hostile = String(repeating: "[", count: 100_000)
        do {
            _ = try JSONParser.parse(hostile)
            Issue.record("expected a depth error")
        } catch {
            #expect(error.message == "nesting is deeper than the limit of 512")
        }
    }

    @Test func duplicateKeysKeepTheLastValue() throws {
        let v = try JSONParser.parse(#"{"a":1,"a":2}"#)
        #expect(v.objectValue?.count == 1)
        #expect(v["a"] == 2)
    }
}

struct JSONEqualityTests {
    @Test func numbersCompareByValue() {
        #expect(JSONValue.int(1) == .double(1.0))
        #expect(JSONValue.int(1).hashValue == JSONValue.double(1.0).hashValue)
        #expect(JSONValue.int(9_007_199_254_740_993) != .double(9_007_199_254_740_992))
        #expect(JSONValue.int(1) != .string("1"))
        #expect(JSONValue.bool(true) != .int(1))
    }

    @Test func objectsIgnoreKeyOrder() throws {
        let a = try JSONParser.parse(#"{"x":1,"y":[1,{"z":null}]}"#)
        let b = try JSONParser.parse(#"{"y":[1.0,{"z":null}],"x":1}"#)
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a != (try JSONParser.parse(#"{"y":[{"z":null},1],"x":1}"#)))
    }

    @Test func largeObjectsUseTheIndexConsistently() {
        var o = JSONObject()
        for i in 0..<100 { o["k\(i)"] = .int(Int64(i)) }
        #expect(o["k57"] == 57)
        o["k57"] = nil
        #expect(o["k57"] == nil)
        #expect(o["k58"] == 58)
        #expect(o.count == 99)
        #expect(o.keys.first == "k0")
    }
}

struct JSONSerializerTests {
    @Test func roundTripsThroughText() throws {
        let text = #"{"b":[1,2.5,true,null],"a":{"x":"y\n\"q\""},"c":"é😀\u0001"}"#
        let v = try JSONParser.parse(text)
        #expect(v.jsonString() == text)
        #expect(try JSONParser.parse(v.serialized()) == v)
    }

    @Test func stringsAreEscapedExactlyWhereJSONRequires() throws {
        let text = "plain run \"quoted\" back\\slash\nline\r\tab\u{08}\u{0C}\u{01}\u{1F} é 名 🙂 end"
        let written = JSONValue.string(text).jsonString()
        #expect(written == #""plain run \"quoted\" back\\slash\nline\r\tab\b\f\u0001\u001f é 名 🙂 end""#)
        #expect(try JSONParser.parse(Array(written.utf8)) == .string(text))
        #expect(JSONValue.string("").jsonString() == #""""#)
        #expect(JSONValue.string("\n").jsonString() == #""\n""#)
        let long = String(repeating: "x", count: 5000) + "\"" + String(repeating: "y", count: 5000)
        #expect(try JSONParser.parse(JSONValue.string(long).serialized()) == .string(long))
    }

    @Test func canonicalFormSortsKeysAndNormalizesNumbers() throws {
        let a = try JSONParser.parse(#"{"b":1.0,"a":{"d":2,"c":3}}"#)
        #expect(a.jsonString(.canonical) == #"{"a":{"c":3,"d":2},"b":1}"#)
        let b = try JSONParser.parse(#"{"a":{"c":3,"d":2.0},"b":1}"#)
        #expect(a.serialized(.canonical) == b.serialized(.canonical))
    }
}
