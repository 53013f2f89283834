// Decides per POST which protocol era serves it, and checks the era's transport rules: a
// dual-era endpoint serves `initialize` and session-bound requests the legacy way, requests
// carrying 2026-07-28 `_meta` the stateless way, and refuses what fits neither.
import JSONSchema
import MCPCore

/// The era decision for one message.
package enum MessageClass: Sendable, Equatable {
    /// A legacy `initialize`: starts a session.
    case initialize(requestedVersion: String?, clientCapabilities: JSONObject)
    /// A legacy message on an existing session (the id still has to be opened and checked).
    case legacy(sessionID: String)
    /// A stateless 2026-07-28 message.
    case modern(version: ProtocolVersion, clientCapabilities: JSONObject)
}

/// The HTTP headers the classification reads.
package struct MCPRequestHeaders: Sendable {
    package var protocolVersion: String?
    package var sessionID: String?
    package var method: String?
    package var name: String?

    package init(protocolVersion: String? = nil, sessionID: String? = nil, method: String? = nil, name: String? = nil) {
        self.protocolVersion = protocolVersion
        self.sessionID = sessionID
        self.method = method
        self.name = name
    }
}

/// Era detection and header validation, without I/O.
package enum RequestClassifier {
    package static func classify(_ message: JSONRPCMessage, headers: MCPRequestHeaders) throws(GatewayError) -> MessageClass {
        let method: String?
        let params: JSONObject?
        switch message {
        case .request(let r):
            method = r.method
            params = r.params
        case .notification(let n):
            method = n.method
            params = n.params
        case .response:
            method = nil
            params = nil
        }
        if method == MCPMethod.initialize {
            return .initialize(
                requestedVersion: params?["protocolVersion"]?.stringValue, clientCapabilities: params?["capabilities"]?.objectValue ?? [:])
        }
        if let sid = headers.sessionID {
            if let header = headers.protocolVersion, !ProtocolVersion(header).isSupported {
                throw GatewayError(
                    .invalidRequest,
                    "Unsupported MCP-Protocol-Version header \"\(header)\"; supported: \(ProtocolVersion.all.map(\.rawValue).joined(separator: ", ")).",
                    stage: "transport")
            }
            return .legacy(sessionID: sid)
        }
        let meta = params?["_meta"]?.objectValue
        if let requested = meta?[MCPMetaKey.protocolVersion]?.stringValue {
            return try modern(message, method: method, params: params, meta: meta!, requested: requested, headers: headers)
        }
        if let header = headers.protocolVersion, ProtocolVersion(header).isModern || ProtocolVersion(header) > ProtocolVersion.latestModern {
            throw GatewayError(
                .missingMeta,
                "Requests under MCP \(header) must carry params._meta with \"\(MCPMetaKey.protocolVersion)\" and \"\(MCPMetaKey.clientCapabilities)\".",
                stage: "transport")
        }
        if case .notification = message {
            // A stray notification without a session harms nobody; it is accepted and ignored.
            return .modern(version: .latestModern, clientCapabilities: [:])
        }
        throw GatewayError(
            .sessionRequired,
            "Missing Mcp-Session-Id header: send initialize first (MCP 2025), or put \"\(MCPMetaKey.protocolVersion)\" in params._meta (MCP 2026-07-28).",
            stage: "transport")
    }

    private static func modern(
        _ message: JSONRPCMessage, method: String?, params: JSONObject?, meta: JSONObject, requested: String, headers: MCPRequestHeaders
    ) throws(GatewayError) -> MessageClass {
        let version = ProtocolVersion(requested)
        guard ProtocolVersion.modern.contains(version) else {
            throw GatewayError(
                .unsupportedProtocolVersion, "Unsupported protocol version \"\(requested)\".", stage: "transport",
                data: [
                    "supported": .array(ProtocolVersion.all.map { .string($0.rawValue) }), "requested": .string(requested),
                ])
        }
        guard let header = headers.protocolVersion else {
            throw mismatch("Missing MCP-Protocol-Version header; it must repeat params._meta \"\(MCPMetaKey.protocolVersion)\" (\(requested)).")
        }
        guard header == requested else {
            throw mismatch("Header mismatch: MCP-Protocol-Version header value '\(header)' does not match body value '\(requested)'.")
        }
        if case .request = message, let method {
            guard let headerMethod = headers.method else {
                throw mismatch("Missing Mcp-Method header; it must repeat the JSON-RPC method ('\(method)').")
            }
            guard headerMethod == method else {
                throw mismatch("Header mismatch: Mcp-Method header value '\(headerMethod)' does not match body value '\(method)'.")
            }
            if let key = MCPMethod.nameParameter(of: method), let bodyName = params?[key]?.stringValue {
                guard let rawName = headers.name else {
                    throw mismatch("Missing Mcp-Name header; \(method) must repeat params.\(key) ('\(bodyName)') in it.")
                }
                let headerName = MCPHeaderValue.decode(rawName)
                guard headerName == bodyName else {
                    throw mismatch("Header mismatch: Mcp-Name header value '\(headerName ?? rawName)' does not match body value '\(bodyName)'.")
                }
            }
            guard let capabilities = meta[MCPMetaKey.clientCapabilities]?.objectValue else {
                throw GatewayError(
                    .missingMeta, "params._meta must carry \"\(MCPMetaKey.clientCapabilities)\" (an object, possibly empty).", stage: "transport")
            }
            return .modern(version: version, clientCapabilities: capabilities)
        }
        return .modern(version: version, clientCapabilities: meta[MCPMetaKey.clientCapabilities]?.objectValue ?? [:])
    }

    private static func mismatch(_ message: String) -> GatewayError {
        GatewayError(.headerMismatch, message, stage: "transport")
    }

    /// The legacy revision to agree on, given what the client asked for: its own when we speak it,
    /// else our newest legacy revision (the client then decides whether it can go on).
    package static func negotiateLegacy(_ requested: String?) -> ProtocolVersion {
        if let requested, ProtocolVersion.legacy.contains(ProtocolVersion(requested)) { return ProtocolVersion(requested) }
        return .latestLegacy
    }
}
