// Cedar's JSON value format, through both readers: the direct decoder used for request contexts
// and the general decoder it falls back to. They must agree on every input, including the
// unusual ones the fast path hands over.

import Testing

@testable import Cedar

@Suite struct JSONValueTests {
    /// The general decoder's reading of a context, or nil when it rejects it.
    func general(_ text: String) -> CedarRecord? {
        guard let json = try? JSONParser.parse(text), case .object = json,
            case .record(let r)? = try? CedarValue.decode(json, at: "context")
        else { return nil }
        return r
    }

    @Test(arguments: [
        #"{}"#, #"{"a": 1, "b": "x", "c": true, "d": [1, 2, 2], "e": {"f": []}}"#,
        #"{"n": -9223372036854775808, "m": 9223372036854775807, "z": -0}"#,
        #"{"big": 9223372036854775808}"#, #"{"f": 1.0}"#, #"{"e": 1e3}"#, #"{"lead": 01}"#, #"{"nil": null}"#,
        #"{"s": "a\"b\\c\/d\u00e9\ud83d\ude00\n"}"#, #"{"lone": "\ud800"}"#, #"{"dup": 1, "dup": 2}"#,
        #"{"u": "\u00e9", "u\u0301": 1}"#,
        #"{"ip": {"__extn": {"fn": "ip", "arg": "10.0.0.1"}}, "who": {"__entity": {"type": "User", "id": "a"}}}"#,
        #"{"x": {"__extn": {"fn": "ip", "arg": "10.0.0.1", "extra": null}}}"#,
        #"{"x": {"__extn": {"fn": "offset", "args": [{"__extn": {"fn": "datetime", "arg": "2024-01-01"}}, {"__extn": {"fn": "duration", "arg": "1h"}}]}}}"#,
        #"{"x": {"__extn": {"fn": "ip", "arg": "not an ip"}}}"#, #"{"x": {"__entity": {"type": "Bad Type", "id": "a"}}}"#,
        #"{"x": {"__entity": "just a string"}}"#, #"{"x": {"__expr": "1 + 1"}}"#, #"{"x": {"__other": 1}}"#,
        #"{"x": {"__entity": {"type": "User", "id": "a"}, "y": 1}}"#, #"  {"a" : [ {"b":1} , {"b":1} ] }  "#,
        #"{"a": 1,}"#, #"{"a": 1} x"#, #"[1]"#,
    ])
    func fastAndGeneralReadersAgree(_ text: String) {
        let fast = CedarJSONDecoder.record(text)
        let slow = general(text)
        // The fast reader may decline (nil); when it answers, it must answer as the general one.
        if let fast { #expect(fast == slow, "\(text)") }
        #expect((try? CedarValue.context(json: text)) == slow, "\(text)")
    }

    @Test func valuesRoundTripThroughJSON() throws {
        let value: CedarValue = [
            "a": [1, "x", true], "ip": .ipaddr(IPAddress(parsing: "::1/64")!), "d": .decimal(CedarDecimal(parsing: "1.5")!),
            "t": .datetime(CedarDatetime(parsing: "2024-02-29T12:00:00Z")!), "dur": .duration(CedarDuration(parsing: "-90m")!),
            "e": .entity(EntityUID(type: "NS::User", id: "\u{e9}\0")), "r": ["nested": [:]],
        ]
        #expect(try CedarValue(json: value.jsonText) == value)
    }
}
