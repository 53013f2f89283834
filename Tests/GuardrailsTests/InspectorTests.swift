// The payload inspector: actions applied, locations as JSON pointers, redaction that rewrites only
// the literals that changed, the scan limit, and payload shapes (escapes, numbers, binary members).
import JSONSchema
import Testing

@testable import Guardrails

struct InspectorTests {
    func inspect(_ json: String, _ actions: DetectorActions = DetectorActions(all: .redact), max: Int = 1 << 20, phase: Phase = .result) -> (Inspection, String) {
        let bytes = Array(json.utf8)
        let inspection = PayloadInspector(phase: phase, actions: actions, maxScanBytes: max).inspect(bytes)
        return (inspection, String(decoding: inspection.rewritten(bytes) ?? bytes, as: UTF8.self))
    }

    @Test func redactionReplacesTheSpanAndKeepsEverythingElseByte_for_byte() throws {
        let json = #"{"content": [ {"type":"text", "text":"Mail jane.doe@acme.io or call (415) 555-0132."} ],"isError":false}"#
        let (inspection, out) = inspect(json)
        #expect(out == #"{"content": [ {"type":"text", "text":"Mail [REDACTED:email] or call [REDACTED:phone]."} ],"isError":false}"#)
        #expect(inspection.hits.map(\.location) == ["/content/0/text", "/content/0/text"])
        #expect(inspection.hits.map(\.detector) == ["email", "phone"])
        _ = try JSONParser.parse(out)
    }

    @Test func aCleanPayloadIsNotRewritten() {
        let (inspection, _) = inspect(#"{"content":[{"type":"text","text":"all good"}]}"#)
        #expect(inspection.isClean)
        #expect(inspection.rewritten([1, 2, 3]) == nil)
    }

    @Test func flagRecordsWithoutChanging() {
        var actions = DetectorActions(all: .flag)
        actions[.secrets] = .flag
        let json = #"{"text":"key AKIAZ3MFQ7XKLH4PWN2B"}"#
        let (inspection, out) = inspect(json, actions)
        #expect(out == json)
        #expect(inspection.hits.first?.action == .flag)
        #expect(inspection.hits.first?.kind == "aws_access_key")
    }

    @Test func blockStopsAtTheFirstBlockingHit() {
        var actions = DetectorActions(all: .flag)
        actions[.paymentCard] = .block
        let (inspection, _) = inspect(#"{"a":"x@acme.io","b":"4111 1111 1111 1111","c":"y@acme.io"}"#, actions)
        #expect(inspection.blockedBy?.location == "/b")
        #expect(inspection.hits.count == 2)
    }

    @Test func escapedStringsAreDecodedThenReencoded() throws {
        let json = #"{"t":"line\none \u0041KIAZ3MFQ7XKLH4PWN2B \"q\""}"#
        let (_, out) = inspect(json)
        #expect(try JSONParser.parse(out)["t"]?.stringValue == "line\none [REDACTED:aws_access_key] \"q\"")
    }

    @Test func pointersEscapeTildeAndSlash() {
        let (inspection, _) = inspect(#"{"a/b":{"c~d":["x","bob@acme.io"]}}"#)
        #expect(inspection.hits.first?.location == "/a~1b/c~0d/1")
    }

    @Test func cardNumbersAsJSONNumbersAreFound() throws {
        let (inspection, out) = inspect(#"{"card":4111111111111111,"n":42}"#)
        #expect(inspection.hits.first?.detector == "payment_card")
        #expect(try JSONParser.parse(out)["card"] == "[REDACTED:payment_card]")
    }

    @Test func binaryMembersAreSkipped() {
        let blob = String(repeating: "QUtJQVozTUZRN1hLTEg0UFdOMkI", count: 20)
        let (inspection, _) = inspect(#"{"blob":"\#(blob)","data":"\#(blob)"}"#)
        #expect(inspection.isClean)
        #expect(inspection.scannedBytes == 0)
    }

    @Test func theScanLimitIsRecorded() {
        let json = #"{"a":"\#(String(repeating: "x", count: 100))","b":"bob@acme.io"}"#
        let (inspection, _) = inspect(json, max: 50)
        #expect(inspection.truncated)
        #expect(inspection.isClean)
        #expect(inspection.scannedBytes == 50)
    }

    @Test func argumentsRoundTripThroughValues() {
        let value: JSONValue = ["url": "http://169.254.169.254/", "n": 1]
        let (inspection, rewritten) = PayloadInspector(phase: .arguments, actions: DetectorActions(all: .redact)).inspect(value: value, pointerPrefix: "/arguments")
        #expect(inspection.hits.first?.location == "/arguments/url")
        #expect(rewritten?["url"] == "[REDACTED:ssrf]")
        #expect(rewritten?["n"] == 1)
    }

    @Test func defaultsAndMerging() {
        let shield = ShieldConfiguration(detectors: DetectorActions().merged(["email": .redact]))
        let policy = GuardrailPolicy(detectors: ["email": .block], tools: ["lookup": ["email": .flag]])
        #expect(shield.actions(server: nil, tool: "x")[.email] == .redact)
        #expect(shield.actions(server: policy, tool: "x")[.email] == .block)
        #expect(shield.actions(server: policy, tool: "lookup")[.email] == .flag)
        #expect(DetectorActions()[.shellInjection] == .block)
        #expect(DetectorActions()[.secrets] == .redact)
    }
}
