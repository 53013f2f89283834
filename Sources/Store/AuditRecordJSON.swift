// The text an audit record is stored as: compact JSON with its keys in UTF-8 byte order, absent
// fields left out, `time` as Foundation encodes a `Date` (seconds since 2001 as a number), so
// `JSONDecoder` reads it back into the same record. Written field by field rather than with
// `JSONEncoder`, which builds a dictionary per record and was 3 % of a gateway call's CPU (the
// audit writer encodes every call). AuditRecordJSONTests checks that every stored property is
// written and reads back equal.
import Foundation
import JSONSchema

extension AuditRecord {
    /// The record's stored JSON text, without `sequence` (a column of its own).
    package func storedJSON() -> String {
        var w = JSONObjectWriter()
        w.field("application", application)
        w.field("arguments", arguments)
        w.field("argumentsHash", argumentsHash)
        w.field("authMethod", authMethod)
        w.field("clientAddress", clientAddress)
        w.field("clientID", clientID)
        w.field("decision", decision)
        w.field("details", details)
        w.field("endpoint", endpoint)
        w.field("errorCode", errorCode.map(Int64.init))
        w.field("errorMessage", errorMessage)
        w.field("errorReason", errorReason)
        w.field("event", event)
        if let guardrails {
            w.key("guardrails")
            w.out.append(UInt8(ascii: "["))
            for (i, hit) in guardrails.enumerated() {
                if i > 0 { w.out.append(UInt8(ascii: ",")) }
                var h = JSONObjectWriter()
                h.field("action", hit.action)
                h.field("detector", hit.detector)
                h.field("kind", hit.kind)
                h.field("location", hit.location)
                h.field("phase", hit.phase)
                w.out.append(contentsOf: h.finished())
            }
            w.out.append(UInt8(ascii: "]"))
        }
        w.field("guardrailsTruncated", guardrailsTruncated)
        w.field("kind", kind)
        w.field("latencyMicros", latencyMicros)
        w.field("method", method)
        w.field("outcome", outcome)
        w.field("policies", policies)
        w.field("policyErrors", policyErrors)
        w.field("policySetVersion", policySetVersion)
        w.field("project", project)
        w.field("protocolVersion", protocolVersion)
        w.field("rateLimitRemaining", rateLimitRemaining.map(Int64.init))
        w.field("rateLimitRule", rateLimitRule)
        w.field("requestID", requestID)
        w.field("retryAfterSeconds", retryAfterSeconds.map(Int64.init))
        w.field("server", server)
        w.field("shadowDecision", shadowDecision)
        w.field("shadowPolicies", shadowPolicies)
        w.field("target", target)
        w.key("time")
        // Shortest round-trip form: the same Double reads back.
        JSONValue.double(time.timeIntervalSinceReferenceDate).write(to: &w.out)
        w.field("upstream", upstream)
        w.field("user", user)
        w.field("validation", validation)
        w.field("warnings", warnings)
        return String(decoding: w.finished(), as: UTF8.self)
    }
}

/// Appends one JSON object's members, in the order written.
private struct JSONObjectWriter {
    var out: [UInt8] = {
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(512)
        return out
    }()
    private var first = true

    mutating func key(_ key: StaticString) {
        if !first { out.append(UInt8(ascii: ",")) }
        first = false
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        out.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    mutating func field(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        JSONValue.writeString(value, to: &out)
    }

    mutating func field(_ name: StaticString, _ value: Int64?) {
        guard let value else { return }
        key(name)
        out.append(contentsOf: String(value).utf8)
    }

    mutating func field(_ name: StaticString, _ value: Bool?) {
        guard let value else { return }
        key(name)
        out.append(contentsOf: (value ? "true" : "false").utf8)
    }

    mutating func field(_ name: StaticString, _ value: [String]?) {
        guard let value else { return }
        key(name)
        out.append(UInt8(ascii: "["))
        for (i, s) in value.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONValue.writeString(s, to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    mutating func finished() -> [UInt8] {
        out.append(UInt8(ascii: "}"))
        return out
    }
}
