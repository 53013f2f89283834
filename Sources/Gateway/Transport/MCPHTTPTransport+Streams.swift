// The long-lived parts of the transport: a legacy session's standalone GET stream, its DELETE,
// and 2026-07-28 `subscriptions/listen` streams. All of them end on graceful shutdown.
import Foundation
import HTTPTypes
import Hummingbird
import JSONSchema
import MCPCore
import NIOCore

extension MCPHTTPTransport {
    // MARK: - GET: the standalone stream of a legacy session

    func get(_ request: Request, _ http: GatewayRequestContext, endpoint: Endpoint) async -> Response {
        let started = ContinuousClock.now
        var facts = RequestFacts(request, http, endpoint: endpoint)
        facts.method = "GET"
        let session: (String, SessionState)
        switch await openSession(request, facts: facts) {
        case .failure(let error): return reject(error, facts: facts, started: started)
        case .success(let s): session = s
        }
        guard AcceptedTypes(request.headers[.accept]).sse else {
            return reject(
                GatewayError(.invalidRequest, "GET opens an event stream: send \"Accept: text/event-stream\".", stage: "transport"), facts: facts,
                started: started)
        }
        let (stream, continuation) = AsyncStream<[UInt8]>.makeStream()
        let listener = NotificationHub.Listener(
            endpoint: endpoint, application: session.1.application, interest: .all, sessionID: session.0,
            deliver: { continuation.yield(ServerSentEvent.message(JSONRPCMessage.notification($0).serialized()).encoded()) },
            finish: { continuation.finish() })
        guard let token = hub.add(listener) else { return Response(status: .serviceUnavailable) }
        audit.record(AuditEvent(time: Date(), application: session.1.application, endpoint: endpoint.path, method: "GET", outcome: .ok, latencyMicros: 0, protocolVersion: session.1.protocolVersion.rawValue, clientAddress: facts.clientAddress))
        var headers = Self.sseHeaders
        headers[.mcpSessionID] = session.0
        return Response(status: .ok, headers: headers, body: streamBody(stream, continuation: continuation, onEnd: { hub.remove(token) }))
    }

    // MARK: - DELETE: ending a legacy session

    func delete(_ request: Request, _ http: GatewayRequestContext, endpoint: Endpoint) async -> Response {
        let started = ContinuousClock.now
        var facts = RequestFacts(request, http, endpoint: endpoint)
        facts.method = "DELETE"
        switch await openSession(request, facts: facts) {
        case .failure(let error): return reject(error, facts: facts, started: started)
        case .success(let (id, state)):
            sessions.terminate(id, session: state)
            hub.endSession(id)
            audit.record(AuditEvent(time: Date(), application: state.application, endpoint: endpoint.path, method: "DELETE", outcome: .ok, latencyMicros: 0, protocolVersion: state.protocolVersion.rawValue, clientAddress: facts.clientAddress))
            return Response(status: .noContent)
        }
    }

    /// The session a GET or DELETE names, checked like any call: live, for this endpoint, and
    /// presented with a key of the application that opened it.
    private func openSession(_ request: Request, facts: RequestFacts) async -> Result<(String, SessionState), GatewayError> {
        if let origin = request.headers[.origin], !configuration.origins.permits(origin) {
            return .failure(GatewayError(.forbiddenOrigin, "Origin \"\(origin.prefix(100))\" may not call this gateway.", stage: "transport"))
        }
        guard let sid = request.headers[.mcpSessionID] else {
            return .failure(
                GatewayError(
                    .sessionRequired,
                    "\(facts.method ?? "This request") needs the Mcp-Session-Id of a 2025 session; 2026-07-28 clients use subscriptions/listen instead.",
                    stage: "transport"))
        }
        guard let state = codec.open(sid), sessions.isLive(sid, state), state.endpoint == facts.endpoint.path else {
            return .failure(GatewayError(.sessionNotFound, "Session not found: it expired, was ended, or belongs to another endpoint.", stage: "transport"))
        }
        do {
            var snapshot = directory.current
            let principal = try await identify.authenticate(
                token: facts.bearerToken, certificate: facts.clientCertificate, endpoint: facts.endpoint, directory: &snapshot)
            guard principal.application == state.application else {
                return .failure(GatewayError(.sessionNotFound, "Session not found.", stage: "transport"))
            }
        } catch {
            return .failure(error)
        }
        return .success((sid, state))
    }

    // MARK: - subscriptions/listen (2026-07-28)

    /// The stream answering `subscriptions/listen`: an acknowledgement first, then the agreed
    /// notifications (each tagged with the subscription id), and a `complete` result when the
    /// gateway shuts down.
    func subscriptionStream(_ rpc: JSONRPCRequest, interest: NotificationHub.Interest, endpoint: Endpoint, application: String) -> Response {
        let subscriptionID = rpc.id.json
        let (stream, continuation) = AsyncStream<[UInt8]>.makeStream()
        let ack = JSONRPCNotification(
            method: MCPMethod.subscriptionsAcknowledged,
            params: [
                "_meta": [MCPMetaKey.subscriptionId: subscriptionID],
                "notifications": .object(GatewayMethods.acknowledgedFilter(interest)),
            ])
        continuation.yield(ServerSentEvent.message(JSONRPCMessage.notification(ack).serialized()).encoded())
        let done = JSONRPCMessage.response(JSONRPCResponse(id: rpc.id, result: ["resultType": "complete"])).serialized()
        let listener = NotificationHub.Listener(
            endpoint: endpoint, application: application, interest: interest, sessionID: nil,
            deliver: { note in
                var n = note
                var params = n.params ?? [:]
                var meta = params["_meta"]?.objectValue ?? [:]
                meta[MCPMetaKey.subscriptionId] = subscriptionID
                params["_meta"] = .object(meta)
                n.params = params
                continuation.yield(ServerSentEvent.message(JSONRPCMessage.notification(n).serialized()).encoded())
            },
            finish: {
                continuation.yield(ServerSentEvent.message(done).encoded())
                continuation.finish()
            })
        guard let token = hub.add(listener) else {
            continuation.yield(ServerSentEvent.message(done).encoded())
            continuation.finish()
            return Response(status: .ok, headers: Self.sseHeaders, body: streamBody(stream, continuation: continuation, onEnd: {}))
        }
        return Response(status: .ok, headers: Self.sseHeaders, body: streamBody(stream, continuation: continuation, onEnd: { hub.remove(token) }))
    }

    /// Writes `stream` with keep-alive comments in between; runs `onEnd` when it ends either way.
    private func streamBody(_ stream: AsyncStream<[UInt8]>, continuation: AsyncStream<[UInt8]>.Continuation, onEnd: @escaping @Sendable () -> Void)
        -> ResponseBody
    {
        let interval = configuration.keepAliveInterval
        return ResponseBody { writer in
            let keepAlive = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    if Task.isCancelled { break }
                    continuation.yield(ServerSentEvent.keepAlive)
                }
            }
            defer {
                keepAlive.cancel()
                onEnd()
            }
            do {
                for await bytes in stream {
                    try await writer.write(ByteBuffer(bytes: bytes))
                }
                try await writer.finish(nil)
            } catch {
                continuation.finish()
            }
        }
    }
}
