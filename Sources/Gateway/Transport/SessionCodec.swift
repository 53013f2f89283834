// Legacy (2025) sessions as self-describing, encrypted ids: everything a session needs (its
// protocol revision, endpoint, application, client capabilities, issue time) travels in the
// `Mcp-Session-Id` itself, sealed with AES-GCM. Any process holding the key can serve any session,
// so no sticky load balancing and no shared session table are needed.
import Crypto
import Foundation
import JSONSchema
import MCPCore

/// What a session id carries.
package struct SessionState: Sendable, Equatable {
    package var protocolVersion: ProtocolVersion
    package var endpoint: String
    package var application: String
    package var clientCapabilities: JSONObject
    package var issuedAt: Date

    package init(protocolVersion: ProtocolVersion, endpoint: String, application: String, clientCapabilities: JSONObject, issuedAt: Date) {
        self.protocolVersion = protocolVersion
        self.endpoint = endpoint
        self.application = application
        self.clientCapabilities = clientCapabilities
        self.issuedAt = issuedAt
    }
}

/// Seals and opens session ids.
package struct SessionCodec: Sendable {
    static let prefix = "ghs1."
    let key: SymmetricKey

    /// - Parameter key: 32 bytes, shared by every process that serves the same sessions.
    package init(key: SymmetricKey) {
        self.key = key
    }

    package func seal(_ state: SessionState) -> String {
        var caps = state.clientCapabilities
        // Keep ids compact: oversized capability objects keep only their top-level names.
        if JSONValue.object(caps).serialized().count > 1024 {
            caps = JSONObject(caps.keys.map { ($0, JSONValue.object([:])) })
        }
        let payload: JSONValue = [
            "v": .string(state.protocolVersion.rawValue), "e": .string(state.endpoint), "a": .string(state.application), "c": .object(caps),
            "t": .int(Int64(state.issuedAt.timeIntervalSince1970)),
        ]
        let sealed = try! AES.GCM.seal(payload.serialized(), using: key)
        return Self.prefix + Self.base64URL(sealed.combined!)
    }

    /// The state in `id`, or `nil` when it is not a session id sealed with this key.
    package func open(_ id: String) -> SessionState? {
        guard id.hasPrefix(Self.prefix), let data = Self.fromBase64URL(String(id.dropFirst(Self.prefix.count))),
            let box = try? AES.GCM.SealedBox(combined: data), let plain = try? AES.GCM.open(box, using: key),
            let json = try? JSONParser.parse(plain), let v = json["v"]?.stringValue, let e = json["e"]?.stringValue,
            let a = json["a"]?.stringValue, let t = json["t"]?.int64Value
        else { return nil }
        return SessionState(
            protocolVersion: ProtocolVersion(v), endpoint: e, application: a, clientCapabilities: json["c"]?.objectValue ?? [:],
            issuedAt: Date(timeIntervalSince1970: TimeInterval(t)))
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func fromBase64URL(_ s: String) -> Data? {
        var b = s.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b.count % 4 != 0 { b += "=" }
        return Data(base64Encoded: b)
    }
}
