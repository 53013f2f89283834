// Era detection and the 2026-07-28 header rules, with the exact refusals.
import JSONSchema
import MCPCore
import Testing

@testable import Gateway

struct RequestClassifierTests {
    static let meta: JSONObject = [
        "io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": [:],
    ]

    func request(_ method: String, _ params: JSONObject? = nil) -> JSONRPCMessage {
        .request(JSONRPCRequest(id: .int(1), method: method, params: params))
    }

    func refusal(_ message: JSONRPCMessage, _ headers: MCPRequestHeaders) -> GatewayError? {
        do {
            _ = try RequestClassifier.classify(message, headers: headers)
            return nil
        } catch {
            return error
        }
    }

    @Test func initializeIsLegacyWhateverElseIsSent() throws {
        let m = request("initialize", ["protocolVersion": "2025-06-18", "capabilities": ["sampling": [:]]])
        #expect(try RequestClassifier.classify(m, headers: .init(sessionID: "x")) == .initialize(requestedVersion: "2025-06-18", clientCapabilities: ["sampling": [:]]))
        #expect(RequestClassifier.negotiateLegacy("2025-06-18") == .v2025_06_18)
        #expect(RequestClassifier.negotiateLegacy("2031-01-01") == .v2025_11_25)
    }

    @Test func modernRequestsNeedMatchingHeaders() throws {
        let m = request("tools/call", ["name": "echo", "_meta": .object(Self.meta)])
        let good = MCPRequestHeaders(protocolVersion: "2026-07-28", method: "tools/call", name: "echo")
        #expect(try RequestClassifier.classify(m, headers: good) == .modern(version: .v2026_07_28, clientCapabilities: [:]))

        var h = good
        h.method = "prompts/get"
        #expect(refusal(m, h)?.code == .headerMismatch)
        #expect(refusal(m, h)?.message == "Header mismatch: Mcp-Method header value 'prompts/get' does not match body value 'tools/call'.")
        h = good
        h.name = nil
        #expect(refusal(m, h)?.message == "Missing Mcp-Name header; tools/call must repeat params.name ('echo') in it.")
        h = good
        h.name = "=?base64?ZWNobw==?="
        #expect(refusal(m, h) == nil, "base64 form of 'echo'")
        h = good
        h.protocolVersion = nil
        #expect(refusal(m, h)?.code == .headerMismatch)
    }

    @Test func unsupportedVersionNamesWhatIsSupported() {
        var meta = Self.meta
        meta["io.modelcontextprotocol/protocolVersion"] = "1900-01-01"
        let e = refusal(request("tools/list", ["_meta": .object(meta)]), .init(protocolVersion: "1900-01-01", method: "tools/list"))
        #expect(e?.code == .unsupportedProtocolVersion)
        #expect(e?.code.jsonRPCCode.rawValue == -32022)
        #expect(e?.code.httpStatus(modern: true) == 400)
        #expect(e?.data?["requested"] == "1900-01-01")
        #expect(e?.data?["supported"]?.arrayValue?.contains("2026-07-28") == true)
    }

    @Test func modernHeaderWithoutMetaIsInvalidParams() {
        let e = refusal(request("tools/list"), .init(protocolVersion: "2026-07-28", method: "tools/list"))
        #expect(e?.code == .missingMeta)
        #expect(e?.code.jsonRPCCode.rawValue == -32602)
        #expect(e?.code.httpStatus(modern: true) == 400)
    }

    @Test func legacyWithoutSessionIsTold() {
        let e = refusal(request("tools/list"), .init(protocolVersion: "2025-11-25"))
        #expect(e?.code == .sessionRequired)
        #expect(e?.message.hasPrefix("Missing Mcp-Session-Id header: send initialize first") == true)
        #expect(refusal(request("tools/list"), .init(protocolVersion: "1900-01-01", sessionID: "s"))?.code == .invalidRequest)
    }

    @Test func missingCapabilitiesAreRefused() {
        let e = refusal(
            request("tools/list", ["_meta": ["io.modelcontextprotocol/protocolVersion": "2026-07-28"]]),
            .init(protocolVersion: "2026-07-28", method: "tools/list"))
        #expect(e?.code == .missingMeta)
    }
}

struct RequestHeaderTests {
    @Test func acceptedTypesIgnoreCaseAndParameters() {
        let both = AcceptedTypes("Application/JSON; q=0.9, TEXT/Event-Stream")
        #expect(both.json && both.sse)
        let json = AcceptedTypes("application/json")
        #expect(json.json && !json.sse)
        let wildcard = AcceptedTypes("*/*")
        #expect(wildcard.json && wildcard.sse)
        let family = AcceptedTypes("application/*")
        #expect(family.json && !family.sse)
        let none = AcceptedTypes("text/html")
        #expect(!none.json && !none.sse)
        let absent = AcceptedTypes(nil)
        #expect(absent.json && !absent.sse)
        let short = AcceptedTypes("a")
        #expect(!short.json && !short.sse)
    }
}
