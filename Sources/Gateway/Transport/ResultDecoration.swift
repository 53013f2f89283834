// Fields 2026-07-28 requires on results that legacy servers (and the gateway's own era-neutral
// results) do not carry: `resultType` on every result; `ttlMs` and `cacheScope` on list, read and
// discover results. Gatehouse marks what it serves as uncacheable and private: what a caller may
// see depends on its authorization and changes when the registry does.
import JSONSchema
import MCPCore

enum ResultDecoration {
    static func cacheFields(for method: String) -> Bool {
        switch method {
        case MCPMethod.toolsList, MCPMethod.promptsList, MCPMethod.resourcesList, MCPMethod.resourcesTemplatesList, MCPMethod.resourcesRead,
            MCPMethod.discover:
            true
        default: false
        }
    }

    /// A gateway-built result with the modern fields added.
    static func modern(_ value: JSONValue, method: String) -> JSONValue {
        guard var o = value.objectValue else { return value }
        if o["resultType"] == nil { o["resultType"] = "complete" }
        if cacheFields(for: method) {
            if o["ttlMs"] == nil { o["ttlMs"] = 0 }
            if o["cacheScope"] == nil { o["cacheScope"] = "private" }
        }
        return .object(o)
    }

    /// A forwarded result with the modern fields spliced in where missing (the result itself is
    /// not re-encoded).
    static func modern(_ forwarded: ForwardedResponse, method: String) -> [UInt8] {
        guard let range = forwarded.resultRange, let names = MessageEnvelope.memberNames(in: forwarded.bytes, objectAt: range) else {
            return forwarded.bytes
        }
        var missing: [(String, JSONValue)] = []
        if !names.contains("resultType") { missing.append(("resultType", "complete")) }
        if cacheFields(for: method) {
            if !names.contains("ttlMs") { missing.append(("ttlMs", 0)) }
            if !names.contains("cacheScope") { missing.append(("cacheScope", "private")) }
        }
        return MessageEnvelope.inserting(missing, into: forwarded.bytes, objectAt: range.lowerBound)
    }
}
