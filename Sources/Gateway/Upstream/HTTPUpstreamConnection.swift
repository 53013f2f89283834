// A Streamable HTTP upstream of either era. On first use it probes `server/discover` (2026-07-28)
// and falls back to `initialize` (legacy, with a session id that is renewed transparently when
// the upstream forgets it). Responses may be JSON or SSE; SSE carries progress and
// server-to-client requests, which are relayed to the caller.
import AsyncHTTPClient
import Foundation
import JSONSchema
import Logging
import MCPCore
import NIOCore
import NIOHTTP1
import Synchronization

/// A connection to one Streamable HTTP upstream, shared by every call to that server.
package final class HTTPUpstreamConnection: UpstreamConnection {
    package struct Options: Sendable {
        /// Longest time one request may take, including a streamed response.
        package var requestTimeout: Duration
        /// Largest response accepted, in bytes.
        package var maxResponseBytes: Int

        package init(requestTimeout: Duration = .seconds(120), maxResponseBytes: Int = 32 << 20) {
            self.requestTimeout = requestTimeout
            self.maxResponseBytes = maxResponseBytes
        }
    }

    let server: String
    let url: String
    let staticHeaders: [String: String]
    let client: HTTPClient
    /// The lean client for the hot path, when the upstream is plain HTTP (`client` serves https).
    let proxy: (client: ProxyHTTPClient, target: ProxyHTTPClient.Target)?
    let options: Options
    let logger: Logger
    let onNotification: ServerNotificationHandler?

    private struct Session: Sendable {
        var era: UpstreamEra
        var sessionID: String?
        var handshake: UpstreamHandshake
        var generation: Int
    }

    private struct State {
        var connecting: Task<Session, any Error>?
        /// The established session, once `connecting` has finished (read without awaiting).
        var established: Session?
        var generation = 0
        var nextID: Int64 = 1
        var listener: Task<Void, Never>?
        var closed = false
    }

    private let state = Mutex(State())

    package init(
        server: String, url: String, headers: [String: String] = [:], client: HTTPClient, proxy: ProxyHTTPClient? = nil,
        options: Options = Options(), logger: Logger, onNotification: ServerNotificationHandler? = nil
    ) {
        self.server = server
        self.url = url
        self.staticHeaders = headers
        self.client = client
        self.proxy = proxy.flatMap { client in ProxyHTTPClient.Target(url: url).map { (client, $0) } }
        self.options = options
        self.logger = logger
        self.onNotification = onNotification
    }

    // MARK: - UpstreamConnection

    package func handshake() async throws(GatewayError) -> UpstreamHandshake {
        try await session().handshake
    }

    package func send(_ request: UpstreamRequest, interim: @escaping InterimHandler) async throws(GatewayError) -> UpstreamResponse {
        var session = try await session()
        do {
            return try await post(request, session: session, interim: interim)
        } catch let expired as SessionExpired {
            // The upstream forgot our session (restart, expiry): start a new one and retry once.
            logger.info("Upstream session expired; reconnecting", metadata: ["gatehouse.server": "\(server)"])
            invalidate(generation: expired.generation)
            session = try await self.session()
            do {
                return try await post(request, session: session, interim: interim)
            } catch {
                throw mapped(error)
            }
        } catch {
            throw mapped(error)
        }
    }

    package func close() async {
        let (task, listener) = state.withLock { s in
            s.closed = true
            defer {
                s.connecting = nil
                s.established = nil
                s.listener = nil
            }
            return (s.connecting, s.listener)
        }
        listener?.cancel()
        if let task, let session = try? await task.value, case .legacy = session.era, let sid = session.sessionID {
            // Tell the upstream we are done with the session (best effort).
            var req = HTTPClientRequest(url: url)
            req.method = .DELETE
            req.headers.add(name: MCPHeader.sessionID, value: sid)
            req.headers.add(name: MCPHeader.protocolVersion, value: session.era.version.rawValue)
            _ = try? await client.execute(req, timeout: .seconds(2))
        }
    }

    // MARK: - Session

    private func session() async throws(GatewayError) -> Session {
        if let ready = state.withLock({ $0.established }) { return ready }
        let task: Task<Session, any Error> = state.withLock { s in
            if let t = s.connecting { return t }
            let generation = s.generation
            let t = Task { try await self.connect(generation: generation) }
            s.connecting = t
            return t
        }
        do {
            let session = try await task.value
            state.withLock { s in if s.connecting == task, s.generation == session.generation { s.established = session } }
            return session
        } catch {
            // A failed connect is not cached: the next call tries again.
            state.withLock { s in if s.connecting == task { s.connecting = nil } }
            throw mapped(error)
        }
    }

    private func invalidate(generation: Int) {
        state.withLock { s in
            if s.generation == generation {
                s.generation += 1
                s.connecting = nil
                s.established = nil
                s.listener?.cancel()
                s.listener = nil
            }
        }
    }

    private func nextID() -> Int64 {
        state.withLock { s in
            defer { s.nextID += 1 }
            return s.nextID
        }
    }

    /// Detects the era: a modern upstream answers `server/discover`; anything else is legacy.
    private func connect(generation: Int) async throws -> Session {
        let probe = UpstreamRequest(method: MCPMethod.discover)
        let modernSession = Session(
            era: .modern(.latestModern), sessionID: nil,
            handshake: UpstreamHandshake(protocolVersion: .latestModern, capabilities: [:]), generation: generation)
        var session: Session
        let probed: UpstreamResponse?
        do {
            probed = try await post(probe, session: modernSession, interim: { _ in })
        } catch let error as GatewayError where error.code == .upstreamProtocolError {
            probed = nil  // an HTTP-level refusal of the probe: a legacy server
        } catch let error as SessionExpired {
            throw error
        } catch {
            throw mapped(error)  // unreachable or timed out: not an era verdict
        }
        if let probed, let result = try? probed.result(server: server), let handshake = UpstreamWire.modernHandshake(result) {
            session = Session(era: .modern(handshake.protocolVersion), sessionID: nil, handshake: handshake, generation: generation)
        } else {
            session = try await initializeLegacy(generation: generation)
        }
        startListening(session)
        logger.info(
            "Connected to upstream",
            metadata: ["gatehouse.server": "\(server)", "mcp.protocol.version": "\(session.era.version)", "gatehouse.upstream.url": "\(url)"])
        return session
    }

    private func initializeLegacy(generation: Int) async throws -> Session {
        let bootstrap = Session(
            era: .legacy(.latestLegacy), sessionID: nil, handshake: UpstreamHandshake(protocolVersion: .latestLegacy, capabilities: [:]),
            generation: generation)
        let (response, sessionID) = try await postCapturingSession(UpstreamWire.initializeRequest(), session: bootstrap)
        let handshake = try UpstreamWire.legacyHandshake(try response.result(server: server), server: server)
        let session = Session(era: .legacy(handshake.protocolVersion), sessionID: sessionID, handshake: handshake, generation: generation)
        let initialized = JSONRPCMessage.notification(JSONRPCNotification(method: MCPMethod.initialized)).serialized()
        let ack = try await client.execute(httpRequest(initialized, session: session, method: MCPMethod.initialized, name: nil), timeout: .seconds(10))
        _ = try? await ack.body.collect(upTo: 1 << 16)
        return session
    }

    // MARK: - Requests

    private func post(_ request: UpstreamRequest, session: Session, interim: @escaping InterimHandler) async throws -> UpstreamResponse {
        try await postCapturingSession(request, session: session, interim: interim).0
    }

    private func postCapturingSession(
        _ request: UpstreamRequest, session: Session, interim: @escaping InterimHandler = { _ in }
    ) async throws -> (UpstreamResponse, String?) {
        let id = nextID()
        let clientToken = UpstreamWire.clientProgressToken(request)
        let gatewayToken = clientToken.map { _ in "gh-\(server)-\(id)" }
        let body = UpstreamWire.requestBytes(
            id: id, request, era: session.era, progressToken: gatewayToken, clientCapabilities: request.clientCapabilities)
        let name = MCPMethod.nameParameter(of: request.method).flatMap { request.params?[$0]?.stringValue }
        let headers = headers(session: session, method: request.method, name: name)
        // Cancelled or timed out at any point (waiting for the head, a JSON body or an SSE
        // stream), the upstream is told: a legacy one cannot learn it from the closed connection.
        // (`initialize` is never cancelled: the protocol forbids it.)
        let cancellable = request.method != MCPMethod.initialize
        return try await withTaskCancellationHandler {
            do {
                return try await exchange(
                    ByteBuffer(bytes: body), headers: headers, id: id, session: session, gatewayToken: gatewayToken, clientToken: clientToken,
                    interim: interim)
            } catch where cancellable && Self.isTimeout(error) {
                cancelUpstream(id: id, session: session, reason: "timed out at the gateway")
                throw error
            }
        } onCancel: {
            if cancellable { self.cancelUpstream(id: id, session: session, reason: "cancelled by the client") }
        }
    }

    private func exchange(
        _ body: ByteBuffer, headers: HTTPHeaders, id: Int64, session: Session, gatewayToken: String?, clientToken: JSONValue?,
        interim: @escaping InterimHandler
    ) async throws -> (UpstreamResponse, String?) {
        let status: HTTPResponseStatus
        let responseHeaders: HTTPHeaders
        var bytes: [UInt8]
        if let proxy {
            let response = try await proxy.client.execute(
                proxy.target, headers: headers, body: body, timeout: options.requestTimeout, maxResponseBytes: options.maxResponseBytes)
            (status, responseHeaders) = (response.head.status, response.head.headers)
            switch response.body {
            case .stream(let events):
                let answer = try await readStream(events, id: id, session: session, gatewayToken: gatewayToken, clientToken: clientToken, interim: interim)
                return (answer, responseHeaders.first(name: MCPHeader.sessionID))
            case .complete(let buffer):
                bytes = Array(buffer: buffer)
            }
        } else {
            let response = try await client.execute(httpRequest(body, headers: headers), timeout: .nanoseconds(options.requestTimeout.nanoseconds))
            (status, responseHeaders) = (response.status, response.headers)
            if response.status == .ok, response.headers.first(name: "content-type")?.hasPrefixIgnoringASCIICase("text/event-stream") == true {
                let answer = try await readStream(
                    response.body, id: id, session: session, gatewayToken: gatewayToken, clientToken: clientToken, interim: interim)
                return (answer, responseHeaders.first(name: MCPHeader.sessionID))
            }
            bytes = Array(buffer: try await response.body.collect(upTo: options.maxResponseBytes))
        }
        // Event streams come only with 200, so both clients end up here for a 404.
        if status == .notFound, session.sessionID != nil { throw SessionExpired(generation: session.generation) }
        let contentType = responseHeaders.first(name: "content-type") ?? ""
        if contentType.hasPrefixIgnoringASCIICase("application/json"), let envelope = try? MessageEnvelope(scanning: bytes),
            envelope.kind == .result || envelope.kind == .error
        {
            // A JSON-RPC error may come with a 4xx (2026-07-28 sends 404 for unknown methods).
            return (UpstreamResponse(bytes: bytes, envelope: envelope), responseHeaders.first(name: MCPHeader.sessionID))
        }
        throw GatewayError(
            .upstreamProtocolError,
            "Upstream \"\(server)\" answered HTTP \(status.code)\(contentType.isEmpty ? "" : " (\(contentType))") instead of a JSON-RPC response"
                + (bytes.isEmpty ? "." : ": \(Self.snippet(bytes))"),
            stage: "upstream")
    }

    /// Reads an SSE response until the response to `id`, relaying what comes before it.
    private func readStream<Chunks: AsyncSequence>(
        _ chunks: Chunks, id: Int64, session: Session, gatewayToken: String?, clientToken: JSONValue?,
        interim: @escaping InterimHandler
    ) async throws -> UpstreamResponse where Chunks.Element == ByteBuffer {
        var decoder = ServerSentEventDecoder(maxEventBytes: options.maxResponseBytes)
        for try await chunk in chunks {
            for event in try decoder.feed(chunk.readableBytesView) where event.event == nil || event.event == "message" {
                guard !event.data.isEmpty, let envelope = try? MessageEnvelope(scanning: event.data) else { continue }
                switch envelope.kind {
                case .result, .error:
                    if envelope.id == .int(id) { return UpstreamResponse(bytes: event.data, envelope: envelope) }
                case .notification:
                    guard let message = try? JSONRPCMessage.parse(event.data), case .notification(let n) = message else { continue }
                    if let gatewayToken, let clientToken {
                        if let restored = UpstreamWire.restoringProgress(n, gatewayToken: gatewayToken, clientToken: clientToken) {
                            await interim(.notification(restored))
                            continue
                        }
                    }
                    if n.method == MCPMethod.progress { continue }
                    if n.method == MCPMethod.message { await interim(.notification(n)) } else { onNotification?(server, n) }
                case .request:
                    guard let message = try? JSONRPCMessage.parse(event.data), case .request(let r) = message else { continue }
                    await interim(
                        .request(
                            r,
                            respond: { outcome in
                                await self.answer(r.id, outcome, session: session)
                            }))
                }
            }
        }
        try Task.checkCancellation()  // a cancelled reader sees the stream end early
        throw GatewayError(
            .upstreamProtocolError, "Upstream \"\(server)\" closed the event stream before answering the request.", stage: "upstream")
    }

    /// Delivers a client's answer to a server-to-client request.
    private func answer(_ id: JSONRPCID, _ outcome: JSONRPCResponse.Outcome, session: Session) async {
        let message = JSONRPCMessage.response(
            { switch outcome { case .result(let r): JSONRPCResponse(id: id, result: r)
                case .error(let e): JSONRPCResponse(id: id, error: e) } }())
        let request = httpRequest(message.serialized(), session: session, method: nil, name: nil)
        do {
            let r = try await client.execute(request, timeout: .seconds(30))
            _ = try? await r.body.collect(upTo: 1 << 16)
        } catch {
            logger.warning("Could not deliver a client response upstream", metadata: ["gatehouse.server": "\(server)", "error": "\(error)"])
        }
    }

    /// Gives up on an in-flight request: a legacy upstream is told; a modern one learns it from
    /// the closed stream (which cancelling the HTTP request does).
    private func cancelUpstream(id: Int64, session: Session, reason: String) {
        guard case .legacy = session.era else { return }
        let note = JSONRPCMessage.notification(
            JSONRPCNotification(method: MCPMethod.cancelled, params: ["requestId": .int(id), "reason": .string(reason)]))
        let request = httpRequest(note.serialized(), session: session, method: MCPMethod.cancelled, name: nil)
        let client = self.client
        Task {
            if let r = try? await client.execute(request, timeout: .seconds(5)) { _ = try? await r.body.collect(upTo: 1 << 16) }
        }
    }

    private func httpRequest(_ body: [UInt8], session: Session, method: String?, name: String?) -> HTTPClientRequest {
        httpRequest(ByteBuffer(bytes: body), headers: headers(session: session, method: method, name: name))
    }

    /// A POST of `body` to the upstream's URL with `headers` (AsyncHTTPClient's form).
    private func httpRequest(_ body: ByteBuffer, headers: HTTPHeaders) -> HTTPClientRequest {
        var r = HTTPClientRequest(url: url)
        r.method = .POST
        r.headers = headers
        r.body = .bytes(body)
        return r
    }

    /// The headers of a POST to the upstream in `session`'s era.
    private func headers(session: Session, method: String?, name: String?) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Accept", value: "application/json, text/event-stream")
        for (k, v) in staticHeaders { headers.replaceOrAdd(name: k, value: v) }
        if method != MCPMethod.initialize {
            headers.add(name: MCPHeader.protocolVersion, value: session.era.version.rawValue)
        }
        if let sid = session.sessionID { headers.add(name: MCPHeader.sessionID, value: sid) }
        if case .modern = session.era, let method {
            headers.add(name: MCPHeader.method, value: method)
            if let name { headers.add(name: MCPHeader.name, value: MCPHeaderValue.encode(name)) }
        }
        return headers
    }

    // MARK: - Server notifications

    /// Keeps a stream open for notifications outside calls (`list_changed`): the standalone GET
    /// stream of legacy sessions, `subscriptions/listen` for modern upstreams.
    private func startListening(_ session: Session) {
        let filter = UpstreamWire.listenFilter(for: session.handshake.capabilities)
        guard onNotification != nil, !filter.isEmpty else { return }
        let task = Task { [weak self] in
            var delay = Duration.milliseconds(500)
            while !Task.isCancelled {
                guard let self else { return }
                let opened = await self.listenOnce(session, filter: filter)
                if Task.isCancelled { return }
                if opened == false { return }  // the upstream does not offer a stream
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(30))
            }
        }
        state.withLock { s in
            if s.closed || s.generation != session.generation {
                task.cancel()
            } else {
                s.listener?.cancel()
                s.listener = task
            }
        }
    }

    /// One listening stream; `false` when the upstream refuses to offer one.
    private func listenOnce(_ session: Session, filter: JSONObject) async -> Bool {
        var request: HTTPClientRequest
        switch session.era {
        case .legacy:
            guard let sid = session.sessionID else { return false }
            request = HTTPClientRequest(url: url)
            request.method = .GET
            request.headers.add(name: "Accept", value: "text/event-stream")
            request.headers.add(name: MCPHeader.sessionID, value: sid)
            request.headers.add(name: MCPHeader.protocolVersion, value: session.era.version.rawValue)
            for (k, v) in staticHeaders { request.headers.replaceOrAdd(name: k, value: v) }
        case .modern:
            let body = UpstreamWire.requestBytes(
                id: nextID(), UpstreamRequest(method: MCPMethod.subscriptionsListen, params: ["notifications": .object(filter)]), era: session.era,
                progressToken: nil, clientCapabilities: [:])
            request = httpRequest(body, session: session, method: MCPMethod.subscriptionsListen, name: nil)
        }
        do {
            let response = try await client.execute(request, deadline: .distantFuture)
            guard response.status == .ok, response.headers.first(name: "content-type")?.hasPrefixIgnoringASCIICase("text/event-stream") == true else {
                _ = try? await response.body.collect(upTo: 1 << 16)
                return false
            }
            var decoder = ServerSentEventDecoder()
            for try await chunk in response.body {
                for event in try decoder.feed(chunk.readableBytesView) {
                    guard let message = try? JSONRPCMessage.parse(event.data), case .notification(let n) = message,
                        n.method != MCPMethod.subscriptionsAcknowledged
                    else { continue }
                    onNotification?(server, n)
                }
            }
            return true
        } catch {
            return true
        }
    }

    // MARK: - Errors

    private struct SessionExpired: Error { let generation: Int }

    func mapped(_ error: any Error) -> GatewayError {
        // A cancelled call's connection is closed under it, so the error it ends with may be the
        // closed connection rather than a cancellation: the cause is the cancellation.
        if error is CancellationError || (Task.isCancelled && (error as? GatewayError)?.code != .cancelled) {
            return GatewayError(.cancelled, "The request was cancelled.", stage: "upstream", underlying: error)
        }
        if let e = error as? GatewayError { return e }
        if Self.isTimeout(error) {
            return GatewayError(
                .upstreamTimeout, "Upstream \"\(server)\" did not answer within \(options.requestTimeout.readable).",
                stage: "upstream", underlying: error)
        }
        if error as? HTTPClientError == .cancelled || error as? ProxyHTTPError == .cancelled {
            return GatewayError(.cancelled, "The request was cancelled.", stage: "upstream", underlying: error)
        }
        return GatewayError(
            .upstreamUnavailable, "Upstream \"\(server)\" at \(url) is unreachable: \(Self.describe(error)).", stage: "upstream",
            underlying: error)
    }

    /// Whether the upstream took longer than the request timeout (not a connection failure).
    static func isTimeout(_ error: any Error) -> Bool {
        if let e = error as? HTTPClientError { return e == .deadlineExceeded || e == .readTimeout }
        return error as? ProxyHTTPError == .timedOut
    }

    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("Connection refused") || text.contains("connectionRefused") || text.contains("ECONNREFUSED") { return "connection refused" }
        if text.contains("connectTimeout") { return "connection timed out" }
        if text.contains("remoteConnectionClosed") { return "the connection was closed" }
        return String(text.prefix(200))
    }

    static func snippet(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes.prefix(120), as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
        return bytes.count > 120 ? text + "…" : text
    }
}

/// Header values of 2026-07-28: safe ASCII as is, anything else as `=?base64?…?=`.
package enum MCPHeaderValue {
    package static func encode(_ value: String) -> String {
        let safe = value.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } && value.first != " " && value.last != " "
        return safe ? value : "=?base64?" + Data(value.utf8).base64EncodedString() + "?="
    }

    package static func decode(_ header: String) -> String? {
        guard header.hasPrefix("=?base64?"), header.hasSuffix("?=") else { return header }
        let inner = header.dropFirst(9).dropLast(2)
        return Data(base64Encoded: String(inner)).map { String(decoding: $0, as: UTF8.self) }
    }
}

extension Duration {
    package var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }

    /// For messages: `300 ms`, `5 s`, `2.5 s`.
    package var readable: String {
        let ms = nanoseconds / 1_000_000
        if ms < 1000 { return "\(ms) ms" }
        if ms % 1000 == 0 { return "\(ms / 1000) s" }
        return "\(Double(ms) / 1000) s"
    }
}
