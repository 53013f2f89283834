// The stored text of an audit record: every stored property written (a field added to the record
// but not to the writer fails here), keys in byte order, and what JSONDecoder reads back equal.
import Foundation
import JSONSchema
import Testing

@testable import Store

@Suite struct AuditRecordJSONTests {
    /// A record with every optional set, and text that needs escaping.
    static let full: AuditRecord = {
        var r = AuditRecord(
            time: Date(timeIntervalSinceReferenceDate: 815_000_000.123_456), requestID: "\"7\"", application: "ci-agent", endpoint: "/mcp",
            method: "tools/call", server: "notes", target: "echo", outcome: "denied", latencyMicros: 1234, errorCode: -32003,
            errorReason: "policy_denied", errorMessage: "Refused:\n\"rule\" \\ tab\t ✓", protocolVersion: "2026-07-28",
            clientAddress: "127.0.0.1", upstream: "http://127.0.0.1:8765/mcp",
            guardrails: [.init(phase: "arguments", detector: "secrets", kind: "aws_access_key", action: "redact", location: "/arguments/text")],
            guardrailsTruncated: true)
        r.user = "alice"
        r.authMethod = "api_key"
        r.clientID = "client-1"
        r.project = "platform"
        r.kind = "event"
        r.event = "policy_set_changed"
        r.details = #"{"before":1}"#
        r.decision = "deny"
        r.policies = ["p1", "p2"]
        r.policySetVersion = 42
        r.policyErrors = []
        r.shadowDecision = "allow"
        r.shadowPolicies = ["s1"]
        r.rateLimitRule = "per-app"
        r.rateLimitRemaining = 0
        r.retryAfterSeconds = 3
        r.validation = "passed"
        r.argumentsHash = String(repeating: "a", count: 64)
        r.arguments = #"{"text":"hi"}"#
        r.warnings = ["deprecated server"]
        return r
    }()

    /// The top-level member names in document order.
    func keys(_ text: String) throws -> [String] {
        try #require(try JSONParser.parse(Array(text.utf8)).objectValue).keys
    }

    @Test func everyStoredPropertyIsWrittenExceptTheSequence() throws {
        let properties = Set(Mirror(reflecting: Self.full).children.compactMap(\.label)).subtracting(["sequence"])
        #expect(Set(try keys(Self.full.storedJSON())) == properties)
    }

    @Test func keysAreInByteOrder() throws {
        let keys = try keys(Self.full.storedJSON())
        #expect(keys == keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }

    @Test func readsBackEqual() throws {
        var withSequence = Self.full
        withSequence.sequence = 9
        let decoded = try JSONDecoder().decode(AuditRecord.self, from: Data(withSequence.storedJSON().utf8))
        #expect(decoded.sequence == nil)
        #expect(decoded == Self.full)
        let minimal = AuditRecord(time: Date(timeIntervalSince1970: 1_800_000_000), endpoint: "/mcp", method: "ping", outcome: "ok", latencyMicros: 0)
        #expect(minimal.storedJSON() == #"{"endpoint":"/mcp","latencyMicros":0,"method":"ping","outcome":"ok","time":821692800}"#)
        #expect(try JSONDecoder().decode(AuditRecord.self, from: Data(minimal.storedJSON().utf8)) == minimal)
    }
}
