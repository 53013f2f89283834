// The one interface to an upstream MCP server, whatever its transport and protocol era. Era
// differences (handshake, sessions, `_meta`, ids) stop inside the implementations.
import JSONSchema
import MCPCore

/// A live connection to one upstream server.
package protocol UpstreamConnection: Sendable {
    /// What the upstream said about itself when connecting (connecting first if needed).
    func handshake() async throws(GatewayError) -> UpstreamHandshake

    /// Sends a request and waits for its response.
    ///
    /// The connection assigns its own request id (responses come back with the caller's id
    /// spliced in by the caller), rewrites `_meta.progressToken` so that tokens of different
    /// clients never collide, and adds the `_meta` fields the upstream's era needs. Task
    /// cancellation cancels the upstream request.
    /// - Parameters:
    ///   - request: method and params as the client meant them (names already upstream names).
    ///   - interim: receives progress notifications and server-to-client requests of this call.
    func send(_ request: UpstreamRequest, interim: @escaping InterimHandler) async throws(GatewayError) -> UpstreamResponse

    /// Stops the connection (and, for stdio, the process tree).
    func close() async
}

/// Receives what an upstream sends in the middle of a call.
package typealias InterimHandler = @Sendable (UpstreamInterim) async -> Void

/// A message an upstream sends while a call is in flight.
package enum UpstreamInterim: Sendable {
    /// A notification about the call (progress with the client's own token restored, log messages).
    case notification(JSONRPCNotification)
    /// A server-to-client request (sampling, elicitation, roots); `respond` delivers the client's
    /// answer upstream.
    case request(JSONRPCRequest, respond: @Sendable (JSONRPCResponse.Outcome) async -> Void)
}

/// A request to send upstream.
package struct UpstreamRequest: Sendable {
    package var method: String
    package var params: JSONObject?
    /// The calling client's capabilities: 2026-07-28 upstreams receive them with each request.
    package var clientCapabilities: JSONObject?

    package init(method: String, params: JSONObject? = nil, clientCapabilities: JSONObject? = nil) {
        self.method = method
        self.params = params
        self.clientCapabilities = clientCapabilities
    }
}

/// An upstream's final response.
package struct UpstreamResponse: Sendable {
    /// The JSON-RPC message as the upstream sent it (with the upstream's id).
    package var bytes: [UInt8]
    package var envelope: MessageEnvelope

    package init(bytes: [UInt8], envelope: MessageEnvelope) {
        self.bytes = bytes
        self.envelope = envelope
    }

    /// The response as the client should see it: the client's id, and (for results) the range
    /// of the result in the new bytes.
    package func forwarded(as clientID: JSONRPCID) -> ForwardedResponse {
        let bytes = envelope.replacingID(in: self.bytes, with: clientID)
        let moved = bytes.count - self.bytes.count
        var error: JSONRPCErrorObject? = nil
        var resultRange: Range<Int>? = nil
        if let payload = envelope.payloadRange {
            let shift = (envelope.idRange.map { $0.lowerBound < payload.lowerBound } ?? false) ? moved : 0
            let range = (payload.lowerBound + shift)..<(payload.upperBound + shift)
            if envelope.kind == .error {
                error = (try? JSONParser.parse(bytes[range])).flatMap(JSONRPCErrorObject.init(json:))
            } else {
                resultRange = range
            }
        }
        return ForwardedResponse(bytes: bytes, error: error, resultRange: resultRange)
    }

    /// The parsed result, for the gateway's own use (lists, discovery).
    package func result(server: String) throws(GatewayError) -> JSONObject {
        guard let message = try? JSONRPCMessage.parse(bytes), case .response(let response) = message else {
            throw GatewayError(.upstreamProtocolError, "Upstream \"\(server)\" sent a response that is not valid JSON-RPC.", stage: "upstream")
        }
        switch response.outcome {
        case .error(let e):
            throw GatewayError(
                .upstreamProtocolError, "Upstream \"\(server)\" answered with error \(e.code): \(e.message)", stage: "upstream",
                data: e.data)
        case .result(let r):
            guard let o = r.objectValue else {
                throw GatewayError(.upstreamProtocolError, "Upstream \"\(server)\" sent a result that is not an object.", stage: "upstream")
            }
            return o
        }
    }
}

/// What an upstream told us about itself.
package struct UpstreamHandshake: Sendable {
    package var protocolVersion: ProtocolVersion
    package var capabilities: JSONObject
    package var serverInfo: JSONObject?
    package var instructions: String?

    package init(protocolVersion: ProtocolVersion, capabilities: JSONObject, serverInfo: JSONObject? = nil, instructions: String? = nil) {
        self.protocolVersion = protocolVersion
        self.capabilities = capabilities
        self.serverInfo = serverInfo
        self.instructions = instructions
    }
}

/// Notifications an upstream sends outside any call (`list_changed`, resource updates).
package typealias ServerNotificationHandler = @Sendable (_ server: String, _ notification: JSONRPCNotification) -> Void
