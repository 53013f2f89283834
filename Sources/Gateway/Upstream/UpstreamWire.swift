// The message rewriting every upstream transport shares: the gateway's own request ids and
// progress tokens (so clients sharing one upstream never collide), the `_meta` fields of the
// upstream's era, and the handshake messages Gatehouse sends as an MCP client.
import JSONSchema
import MCPCore

/// The era an upstream speaks.
package enum UpstreamEra: Sendable, Equatable {
    /// Stateless 2026-07-28: `_meta` on every request, no session.
    case modern(ProtocolVersion)
    /// Handshake revisions: `initialize` once, then (HTTP) a session id on every request.
    case legacy(ProtocolVersion)

    package var version: ProtocolVersion {
        switch self {
        case .modern(let v), .legacy(let v): v
        }
    }
}

/// Builds and reads upstream messages.
package enum UpstreamWire {
    /// How Gatehouse introduces itself to upstreams.
    package static let clientInfo: JSONObject = ["name": "gatehouse", "version": .string(GatehouseVersion.current)]

    /// What Gatehouse declares to legacy upstreams at `initialize`: it can relay sampling and
    /// elicitation requests to clients that support them (and refuses them for clients that don't).
    package static let legacyClientCapabilities: JSONObject = ["sampling": [:], "elicitation": [:]]

    /// The bytes of `request` as sent upstream with id `id`.
    /// - Parameters:
    ///   - progressToken: the gateway's token replacing the client's `_meta.progressToken`.
    ///   - clientCapabilities: the calling client's capabilities, for modern upstreams.
    package static func requestBytes(
        id: Int64, _ request: UpstreamRequest, era: UpstreamEra, progressToken: String?, clientCapabilities: JSONObject?
    ) -> [UInt8] {
        var params = request.params ?? JSONObject()
        var meta = JSONObject()
        if let clientMeta = params["_meta"]?.objectValue {
            // Keep the client's own keys; drop the reserved protocol keys of its era (the
            // upstream's era decides what goes there) and the client's progress token.
            for (k, v) in clientMeta where !k.hasPrefix("io.modelcontextprotocol/") && k != MCPMetaKey.progressToken { meta[k] = v }
        }
        if let progressToken { meta[MCPMetaKey.progressToken] = .string(progressToken) }
        if case .modern(let version) = era {
            meta[MCPMetaKey.protocolVersion] = .string(version.rawValue)
            meta[MCPMetaKey.clientCapabilities] = .object(clientCapabilities ?? [:])
            meta[MCPMetaKey.clientInfo] = .object(clientInfo)
        }
        if meta.isEmpty { params["_meta"] = nil } else { params["_meta"] = .object(meta) }
        let message = JSONRPCMessage.request(JSONRPCRequest(id: .int(id), method: request.method, params: params.isEmpty ? nil : params))
        return message.serialized()
    }

    /// The client's progress token, if the request carries one.
    package static func clientProgressToken(_ request: UpstreamRequest) -> JSONValue? {
        request.params?["_meta"]?["progressToken"]
    }

    /// A progress notification with the client's token put back, or `nil` if it is not for `token`.
    package static func restoringProgress(_ n: JSONRPCNotification, gatewayToken: String, clientToken: JSONValue) -> JSONRPCNotification? {
        guard n.method == MCPMethod.progress, var params = n.params, params["progressToken"]?.stringValue == gatewayToken else {
            return nil
        }
        params["progressToken"] = clientToken
        return JSONRPCNotification(method: n.method, params: params)
    }

    /// The legacy `initialize` request.
    package static func initializeRequest() -> UpstreamRequest {
        UpstreamRequest(
            method: MCPMethod.initialize,
            params: [
                "protocolVersion": .string(ProtocolVersion.latestLegacy.rawValue), "capabilities": .object(legacyClientCapabilities),
                "clientInfo": .object(clientInfo),
            ])
    }

    /// Reads an `initialize` result into a handshake, refusing revisions Gatehouse does not speak.
    package static func legacyHandshake(_ result: JSONObject, server: String) throws(GatewayError) -> UpstreamHandshake {
        guard let v = result["protocolVersion"]?.stringValue else {
            throw GatewayError(.upstreamProtocolError, "Upstream \"\(server)\" answered initialize without a protocolVersion.", stage: "upstream")
        }
        let version = ProtocolVersion(v)
        guard ProtocolVersion.legacy.contains(version) else {
            throw GatewayError(
                .upstreamProtocolError, "Upstream \"\(server)\" wants protocol \(v), which Gatehouse does not speak.", stage: "upstream")
        }
        return UpstreamHandshake(
            protocolVersion: version, capabilities: result["capabilities"]?.objectValue ?? [:], serverInfo: result["serverInfo"]?.objectValue,
            instructions: result["instructions"]?.stringValue)
    }

    /// Reads a `server/discover` result into a handshake when it names a modern revision we speak.
    package static func modernHandshake(_ result: JSONObject) -> UpstreamHandshake? {
        let supported = (result["supportedVersions"]?.arrayValue ?? []).compactMap(\.stringValue).map { ProtocolVersion(rawValue: $0) }
        guard let version = ProtocolVersion.modern.first(where: supported.contains) else { return nil }
        return UpstreamHandshake(
            protocolVersion: version, capabilities: result["capabilities"]?.objectValue ?? [:],
            serverInfo: result["_meta"]?[MCPMetaKey.serverInfo]?.objectValue, instructions: result["instructions"]?.stringValue)
    }

    /// The `subscriptions/listen` filter for what an upstream's capabilities can announce.
    package static func listenFilter(for capabilities: JSONObject) -> JSONObject {
        var n = JSONObject()
        if capabilities["tools"]?["listChanged"] == true { n["toolsListChanged"] = true }
        if capabilities["prompts"]?["listChanged"] == true { n["promptsListChanged"] = true }
        if capabilities["resources"]?["listChanged"] == true { n["resourcesListChanged"] = true }
        return n
    }
}

/// The version Gatehouse reports about itself.
package enum GatehouseVersion {
    package static let current = "0.1.0"
}
