// Expression semantics that are easy to get wrong: arithmetic overflow, `like`, `has` paths,
// sets and records, and the extension types' parsing and functions.

import Testing

@testable import Cedar

@Suite struct ExpressionTests {
    static let entities: Entities = try! Entities([
        Entity(uid: EntityUID(type: "User", id: "alice"), attributes: ["rec": ["a": ["b": 1]]])
    ])

    /// `true`, `false` or `error` for `permit(...) when { expr };`.
    func outcome(_ expr: String) throws -> String {
        let set = try PolicySet(cedar: "permit(principal, action, resource) when { \(expr) };")
        let r = set.isAuthorized(
            Request(
                principal: EntityUID(type: "User", id: "alice"), action: EntityUID(type: "Action", id: "a"),
                resource: EntityUID(type: "R", id: "r"), context: ["s": "ham and eggs"]),
            entities: Self.entities)
        return r.errors.isEmpty ? (r.decision == .allow ? "true" : "false") : "error"
    }

    @Test(arguments: [
        ("9223372036854775807 + 1 > 0", "error"), ("-9223372036854775808 < 0", "true"),
        ("-(-9223372036854775808) > 0", "error"), ("--9223372036854775808 == 0", "error"),
        ("4611686018427387904 * 2 > 0", "error"), ("(-9223372036854775807 - 1) < 0", "true"),
        ("1 - 2 - 3 == -4", "true"), ("2 * 3 + 1 == 7", "true"), ("\"a\" < \"b\"", "error"),
    ])
    func arithmetic(_ expr: String, _ expected: String) throws {
        #expect(try outcome(expr) == expected, "\(expr)")
    }

    @Test(arguments: [
        ("context.s like \"ham*\"", "true"), ("context.s like \"*eggs\"", "true"), ("context.s like \"*and*\"", "true"),
        ("context.s like \"h*a*s\"", "true"), ("context.s like \"ham\"", "false"), ("\"a*b\" like \"a\\*b\"", "true"),
        ("\"axb\" like \"a\\*b\"", "false"), ("\"\" like \"*\"", "true"), ("\"é\" like \"?\"", "false"),
        ("\"\u{1F600}x\" like \"*x\"", "true"), ("\"abc\" like \"a**c\"", "true"), ("\"aXbXc\" like \"a*b*c\"", "true"),
        ("\"abc\" like \"a*b*b*c\"", "false"), ("1 like \"*\"", "error"),
    ])
    func like(_ expr: String, _ expected: String) throws {
        #expect(try outcome(expr) == expected, "\(expr)")
    }

    @Test(arguments: [
        ("principal has rec.a.b", "true"), ("principal has rec.a.c", "false"), ("principal has nope.a", "false"),
        ("{a: 1} has a.b", "error"), ("1 has a", "error"), ("{\"a b\": 1} has \"a b\"", "true"),
        ("Missing::\"m\" has a", "false"), ("Missing::\"m\".a == 1", "error"),
    ])
    func hasAndAttributes(_ expr: String, _ expected: String) throws {
        #expect(try outcome(expr) == expected, "\(expr)")
    }

    @Test(arguments: [
        ("[1, 2, 2] == [2, 1]", "true"), ("{a: 1, b: [1]} == {b: [1], a: 1}", "true"), ("1 == \"1\"", "false"),
        ("[].containsAny([])", "false"), ("[1].containsAll([])", "true"), ("[1, [2]].contains([2])", "true"),
        ("[decimal(\"1.0\")].contains(decimal(\"1.00\"))", "true"), ("\"ab\".contains(\"a\")", "error"),
        ("principal in [User::\"x\", 1]", "error"), ("principal in []", "false"),
    ])
    func setsAndRecords(_ expr: String, _ expected: String) throws {
        #expect(try outcome(expr) == expected, "\(expr)")
    }

    @Test(arguments: [
        ("decimal(\"1.0\") == decimal(\"1.0000\")", "true"), ("decimal(\"1\") == decimal(\"1.0\")", "error"),
        ("decimal(\"-0.0001\").lessThan(decimal(\"0.0\"))", "true"), ("decimal(\"1.0\") < decimal(\"2.0\")", "error"),
        ("decimal(\"922337203685477.5808\") == decimal(\"0.0\")", "error"),
        ("ip(\"10.0.0.1\") == ip(\"10.0.0.1/32\")", "true"), ("ip(\"192.168.0.1/24\") == ip(\"192.168.0.8/24\")", "false"),
        ("ip(\"10.1.2.3/16\").isInRange(ip(\"10.0.0.0/8\"))", "true"), ("ip(\"::1\").isInRange(ip(\"0.0.0.0/0\"))", "false"),
        ("ip(\"127.0.0.1/8\").isLoopback()", "true"), ("ip(\"ff02::1\").isMulticast()", "true"),
        ("ip(\"::ffff:1.2.3.4\").isIpv6()", "error"), ("ip(\"127.0.0.01\").isIpv4()", "error"),
        ("ip(\"1.2.3.4\", \"x\").isIpv4()", "error"),
        ("datetime(\"1969-12-31T23:00:00Z\").toDate() == datetime(\"1969-12-31\")", "true"),
        ("datetime(\"1969-12-31T23:00:00Z\").toTime() == duration(\"23h\")", "true"),
        ("datetime(\"2024-02-29T12:00:00+0130\") == datetime(\"2024-02-29T10:30:00Z\")", "true"),
        ("datetime(\"2023-02-29\") == datetime(\"2023-03-01\")", "error"),
        ("datetime(\"1970-01-01T00:00:00.1Z\") > datetime(\"1970-01-01\")", "error"),
        ("duration(\"-1500ms\").toSeconds() == -1", "true"), ("duration(\"-1d12h\") == duration(\"-36h\")", "true"),
        ("duration(\"1h-1m\") == duration(\"59m\")", "error"), ("duration(\"1s1d\") == duration(\"1d1s\")", "error"),
        ("datetime(\"1970-01-01\").offset(duration(\"9223372036854775807ms\")).offset(duration(\"1ms\")) > datetime(\"1970-01-01\")", "error"),
    ])
    func extensionTypes(_ expr: String, _ expected: String) throws {
        #expect(try outcome(expr) == expected, "\(expr)")
    }

    @Test func extensionValueParsing() {
        #expect(CedarDecimal(parsing: "-0.5")?.scaledValue == -5000)
        #expect(CedarDecimal(parsing: "12.3456")?.description == "12.3456")
        #expect(CedarDuration(parsing: "-9223372036854775808ms")?.milliseconds == .min)
        #expect(CedarDuration(parsing: "1d2h3m4s5ms")?.milliseconds == 93_784_005)
        #expect(CedarDatetime(parsing: "0000-01-01") != nil)
        #expect(CedarDatetime(parsing: "2024-01-01T00:00:60Z") == nil)
        #expect(IPAddress(parsing: "1::")?.description == "1:0:0:0:0:0:0:0/128")
        #expect(IPAddress(parsing: "1:2:3:4:5:6:7:8::") == nil)
        #expect(IPAddress(parsing: "10.0.0.1/08") == nil)
    }
}
