// The Streamable HTTP transport of both protocol eras on `/mcp` and `/servers/{slug}/mcp`: turns
// HTTP requests into pipeline calls and pipeline replies into JSON or SSE responses. The only
// place that knows about HTTP, sessions and era-specific result fields.
//
//   POST  → limits (Origin, body size, JSON depth) → parse → classify era → pipeline → JSON | SSE
//   GET   → legacy standalone stream of list_changed notifications (needs a session)
//   DELETE→ ends a legacy session
//
// `/servers/{slug}/v{major}/mcp` pins a major version: it serves the entry with the same registry
// name as `{slug}` whose version has that major (so `notes` 2.x can be live while `notes-v1` 1.x
// is still served to clients that pinned v1). Responses about a deprecated server carry
// `Deprecation`, `Sunset` and `Link` headers (RFC 9745, RFC 8594).
import Auth
import Enforcement
import Foundation
import HTTPTypes
import Hummingbird
import JSONSchema
import Logging
import MCPCore
import NIOCore

/// The request context of the gateway's HTTP server.
package struct GatewayRequestContext: RequestContext, RemoteAddressRequestContext {
    package var coreContext: CoreRequestContextStorage
    package let remoteAddress: SocketAddress?
    /// The connection, for the mTLS listener to read the peer certificate from.
    package let channel: any Channel
    /// The verified client certificate's names; set only by the mTLS listener's middleware.
    package var clientCertificate: ClientCertificateName?

    package init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        channel = source.channel
    }
}

/// Serves MCP over HTTP.
package struct MCPHTTPTransport: Sendable {
    let pipeline: GatewayPipeline
    let directory: DirectoryProvider
    let codec: SessionCodec
    let sessions: SessionRegistry
    let hub: NotificationHub
    let configuration: GatewayConfiguration
    let audit: any AuditSink
    /// Identifies the callers of GET and DELETE (the pipeline does it for POST).
    let identify: IdentifyStage
    /// Where the protected resource metadata lives, for `WWW-Authenticate` challenges.
    let publicURL: PublicURL?

    package init(
        pipeline: GatewayPipeline, directory: DirectoryProvider, codec: SessionCodec, sessions: SessionRegistry, hub: NotificationHub,
        configuration: GatewayConfiguration, audit: any AuditSink, identify: IdentifyStage = IdentifyStage(), publicURL: PublicURL? = nil
    ) {
        self.identify = identify
        self.publicURL = publicURL
        self.pipeline = pipeline
        self.directory = directory
        self.codec = codec
        self.sessions = sessions
        self.hub = hub
        self.configuration = configuration
        self.audit = audit
    }

    /// Adds the MCP endpoints to `router`.
    package func register(on router: Router<GatewayRequestContext>) {
        router.post("/mcp") { request, context in await post(request, context, endpoint: .merged) }
        router.get("/mcp") { request, context in await get(request, context, endpoint: .merged) }
        router.delete("/mcp") { request, context in await delete(request, context, endpoint: .merged) }
        router.post("/servers/:slug/mcp") { request, context in
            await post(request, context, endpoint: .server(context.parameters.get("slug") ?? ""))
        }
        router.get("/servers/:slug/mcp") { request, context in
            await get(request, context, endpoint: .server(context.parameters.get("slug") ?? ""))
        }
        router.delete("/servers/:slug/mcp") { request, context in
            await delete(request, context, endpoint: .server(context.parameters.get("slug") ?? ""))
        }
        router.post("/servers/:slug/:major/mcp") { request, context in
            await pinned(request, context) { endpoint in await post(request, context, endpoint: endpoint) }
        }
        router.get("/servers/:slug/:major/mcp") { request, context in
            await pinned(request, context) { endpoint in await get(request, context, endpoint: endpoint) }
        }
        router.delete("/servers/:slug/:major/mcp") { request, context in
            await pinned(request, context) { endpoint in await delete(request, context, endpoint: endpoint) }
        }
    }

    /// Resolves `/servers/{slug}/v{major}/mcp` to the entry serving that major version.
    private func pinned(_ request: Request, _ http: GatewayRequestContext, _ serve: (Endpoint) async -> Response) async -> Response {
        let slug = http.parameters.get("slug") ?? ""
        let major = http.parameters.get("major") ?? ""
        switch Self.resolveMajor(slug: slug, major: major, in: directory.current) {
        case .success(let resolved): return await serve(.server(resolved))
        case .failure(let error): return reject(error, facts: RequestFacts(request, http, endpoint: .server(slug)), started: .now)
        }
    }

    /// The slug of the entry named like `slug`'s whose version has major `major` (`v2`): the
    /// highest such version among those still serving, else among all.
    static func resolveMajor(slug: String, major: String, in directory: GatewayDirectory) -> Result<String, GatewayError> {
        guard major.hasPrefix("v"), let n = Int(major.dropFirst()) else {
            return .failure(GatewayError(.unknownServer, "Unknown endpoint: use /servers/\(slug)/mcp or /servers/\(slug)/v<major>/mcp.", stage: "transport"))
        }
        guard let named = directory.servers[slug] else {
            return .failure(GatewayError(.unknownServer, "Unknown server \"\(slug)\": no server with this slug is registered.", stage: "transport"))
        }
        let candidates = directory.servers.values.filter { $0.name == named.name && $0.majorVersion == n }
        let now = Date()
        let serving = candidates.filter { $0.acceptsCalls && !$0.isRetired(at: now) }
        func newest(_ servers: [DirectoryServer]) -> DirectoryServer? {
            servers.max { a, b in (a.version ?? "").compare(b.version ?? "", options: .numeric) == .orderedAscending }
        }
        guard let chosen = newest(serving) ?? newest(candidates) else {
            let known = directory.servers.values.filter { $0.name == named.name }.compactMap(\.version).sorted()
            return .failure(
                GatewayError(
                    .unknownVersion,
                    "Server \"\(slug)\" (\(named.name)) has no version \(n).x\(known.isEmpty ? "" : "; registered versions: \(known.joined(separator: ", "))").",
                    stage: "transport"))
        }
        return .success(chosen.slug)
    }

    // MARK: - POST

    func post(_ request: Request, _ http: GatewayRequestContext, endpoint: Endpoint) async -> Response {
        let started = ContinuousClock.now
        let facts = RequestFacts(request, http, endpoint: endpoint)
        if let refusal = checkOrigin(facts.origin) { return reject(refusal, facts: facts, started: started) }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: configuration.limits.maxBodyBytes)
        } catch is NIOTooManyBytesError {
            return reject(
                GatewayError(
                    .bodyTooLarge,
                    "Request body exceeds the limit of \(Self.describeBytes(configuration.limits.maxBodyBytes)) (gateway.limits.max_body_bytes).",
                    stage: "transport"), facts: facts, started: started)
        } catch {
            return reject(GatewayError(.invalidRequest, "The request body could not be read.", stage: "transport", underlying: error), facts: facts, started: started)
        }
        let message: JSONRPCMessage
        do {
            message = try JSONRPCMessage.parse(body.readableBytesView, maxDepth: configuration.limits.maxJSONDepth)
        } catch {
            let code: GatewayError.Code = error.code == .parseError ? .parseError : .invalidRequest
            var facts = facts
            facts.requestID = error.id
            return reject(GatewayError(code, error.message, stage: "transport"), facts: facts, started: started)
        }
        var requestFacts = facts
        if case .request(let r) = message {
            requestFacts.requestID = r.id
            requestFacts.method = r.method
        } else if case .notification(let n) = message {
            requestFacts.method = n.method
        }
        let messageClass: MessageClass
        do {
            messageClass = try RequestClassifier.classify(message, headers: facts.mcpHeaders)
        } catch {
            return reject(error, facts: requestFacts, started: started)
        }
        switch messageClass {
        case .initialize(let requested, let capabilities):
            guard case .request(let r) = message else { return accepted() }
            let version = RequestClassifier.negotiateLegacy(requested)
            return await run(r, facts: requestFacts, version: version, capabilities: capabilities, session: nil, request: request, started: started)
        case .legacy(let sid):
            guard let state = codec.open(sid), sessions.isLive(sid, state), state.endpoint == endpoint.path else {
                return reject(
                    GatewayError(
                        .sessionNotFound, "Session not found: it expired, was ended, or belongs to another endpoint; send initialize again.",
                        stage: "transport"), facts: requestFacts, started: started)
            }
            switch message {
            case .request(let r):
                return await run(
                    r, facts: requestFacts, version: state.protocolVersion, capabilities: state.clientCapabilities, session: (sid, state),
                    request: request, started: started)
            case .notification(let n):
                if n.method == MCPMethod.cancelled, let id = n.params?["requestId"].flatMap(JSONRPCID.init(json:)) {
                    sessions.cancel(session: sid, request: id)
                }
                return accepted()
            case .response(let response):
                guard sessions.deliver(session: sid, response: response) else {
                    return reject(
                        GatewayError(.invalidRequest, "No request with id \(response.id?.description ?? "null") awaits an answer on this session.", stage: "transport"),
                        facts: requestFacts, started: started)
                }
                return accepted()
            }
        case .modern(let version, let capabilities):
            switch message {
            case .request(let r):
                return await run(r, facts: requestFacts, version: version, capabilities: capabilities, session: nil, request: request, started: started)
            case .notification:
                return accepted()
            case .response:
                return reject(
                    GatewayError(.invalidRequest, "Responses cannot be posted without a session (MCP 2026-07-28 uses input_required results instead).", stage: "transport"),
                    facts: requestFacts, started: started)
            }
        }
    }

    /// Runs one request through the pipeline and writes its answer: JSON when nothing is relayed
    /// before the result, SSE as soon as something is (progress, server requests).
    private func run(
        _ rpc: JSONRPCRequest, facts: RequestFacts, version: ProtocolVersion, capabilities: JSONObject, session: (id: String, state: SessionState)?,
        request: Request, started: ContinuousClock.Instant
    ) async -> Response {
        let modern = version.isModern
        let accept = AcceptedTypes(facts.accept)
        var logger = facts.logger
        logger[metadataKey: "mcp.method.name"] = "\(rpc.method)"
        logger[metadataKey: "mcp.protocol.version"] = "\(version)"
        let call = GatewayCall(request: rpc, bearerToken: facts.bearerToken)
        let pipeline = self.pipeline
        if session == nil, !Self.mayRelay(rpc, sse: accept.sse) {
            // Nothing can come before the result (no progress token, no log level, no session to
            // carry server requests): run the call right here, without a task and a stream.
            var context = CallContext(
                logger: logger, endpoint: facts.endpoint, protocolVersion: version, clientCapabilities: capabilities,
                clientAddress: facts.clientAddress, directory: directory.current, relay: nil)
            context.clientCertificate = facts.clientCertificate
            let outcome: Result<GatewayReply, any Error>
            do {
                outcome = .success(try await pipeline.run(call, context: context))
            } catch {
                outcome = .failure(error)
            }
            return finalResponse(
                outcome, rpc: rpc, facts: facts, version: version, session: nil, application: context.trace.current.application,
                accept: accept, logger: logger, deprecation: context.trace.current.deprecation)
        }
        let (events, continuation) = AsyncStream<Outbound>.makeStream()
        let relay = StreamRelay(
            continuation: continuation, acceptsRequests: !modern && session != nil && accept.sse, sessionID: session?.id, sessions: sessions,
            timeout: configuration.upstream.requestTimeout)
        var context = CallContext(
            logger: logger, endpoint: facts.endpoint, protocolVersion: version, clientCapabilities: capabilities, clientAddress: facts.clientAddress,
            directory: directory.current, relay: accept.sse ? relay : nil)
        context.sessionApplication = session?.state.application
        context.clientCertificate = facts.clientCertificate
        let trace = context.trace
        let task = Task {
            let outcome: Result<GatewayReply, any Error>
            do {
                outcome = .success(try await pipeline.run(call, context: context))
            } catch {
                outcome = .failure(error)
            }
            continuation.yield(.final(outcome, context.principal?.application ?? context.trace.current.application))
            continuation.finish()
        }
        // Cancellable by `notifications/cancelled` until its last message is written: a call that
        // streams progress outlives this function.
        if let session { sessions.track(task, session: session.id, request: rpc.id) }
        let sessions = self.sessions
        let untrack: @Sendable () -> Void = { if let session { sessions.untrack(task, session: session.id, request: rpc.id) } }

        var iterator = events.makeAsyncIterator()
        guard let first = await iterator.next() else {
            untrack()
            return internalErrorResponse(rpc.id)
        }
        if case .final(let outcome, let application) = first {
            untrack()
            return finalResponse(
                outcome, rpc: rpc, facts: facts, version: version, session: session, application: application, accept: accept, logger: logger,
                deprecation: trace.current.deprecation)
        }
        // Something came before the result: answer with an SSE stream.
        var headers = Self.sseHeaders
        if let session { headers[.mcpSessionID] = session.id }
        Self.addDeprecation(trace.current.deprecation, to: &headers)
        let remaining = events
        let streamLogger = logger
        let writer = ResponseBody { writer in
            defer { untrack() }
            var pendingFirst: Outbound? = first
            var iterator = remaining.makeAsyncIterator()
            do {
                while true {
                    let next: Outbound?
                    if let p = pendingFirst { next = p } else { next = await iterator.next() }
                    guard let event = next else { break }
                    pendingFirst = nil
                    switch event {
                    case .interim(let bytes):
                        try await writer.write(ByteBuffer(bytes: ServerSentEvent.message(bytes).encoded()))
                    case .final(let outcome, let application):
                        let (_, bytes, _) = finalBytes(
                            outcome, rpc: rpc, endpoint: facts.endpoint, version: version, session: session, application: application, logger: streamLogger)
                        try await writer.write(ByteBuffer(bytes: ServerSentEvent.message(bytes).encoded()))
                    }
                }
                try await writer.finish(nil)
            } catch {
                // The client went away: that cancels the call (2026-07-28 says so; for 2025 clients
                // it merely stops work nobody will read).
                task.cancel()
            }
        }
        return Response(status: .ok, headers: headers, body: writer)
    }

    /// Whether a call could send the client anything before its result: progress (a token was
    /// given), log messages (a level was asked for), or, with a 2025 session, server requests.
    static func mayRelay(_ rpc: JSONRPCRequest, sse: Bool) -> Bool {
        guard sse, let meta = rpc.params?["_meta"]?.objectValue else { return false }
        return meta[MCPMetaKey.progressToken] != nil || meta[MCPMetaKey.logLevel] != nil
    }

    private func finalResponse(
        _ outcome: Result<GatewayReply, any Error>, rpc: JSONRPCRequest, facts: RequestFacts, version: ProtocolVersion,
        session: (id: String, state: SessionState)?, application: String?, accept: AcceptedTypes, logger: Logger, deprecation: DeprecationNotice?
    ) -> Response {
        if case .success(.subscription(let interest)) = outcome, let application {
            return subscriptionStream(rpc, interest: interest, endpoint: facts.endpoint, application: application)
        }
        let (status, bytes, extra) = finalBytes(
            outcome, rpc: rpc, endpoint: facts.endpoint, version: version, session: session, application: application, logger: logger)
        var headers = extra
        Self.addDeprecation(deprecation, to: &headers)
        if accept.json || !accept.sse {
            headers[.contentType] = "application/json"
            return Response(status: .init(code: status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        for field in Self.sseHeaders { headers.append(field) }
        // A client that takes only event streams gets the rate-limit error as an event on a 200
        // (the retry time is in the error's data); 429 is for plain JSON answers.
        let sseStatus = status == 429 ? 200 : status
        return Response(
            status: .init(code: sseStatus), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: ServerSentEvent.message(bytes).encoded())))
    }

    /// `Deprecation`, `Sunset` and `Link` for a response about a deprecated server.
    static func addDeprecation(_ notice: DeprecationNotice?, to headers: inout HTTPFields) {
        guard let notice else { return }
        for (name, value) in notice.headers {
            if let field = HTTPField.Name(name) { headers.append(HTTPField(name: field, value: value)) }
        }
    }

    /// The bytes of the final message, its HTTP status and extra headers.
    func finalBytes(
        _ outcome: Result<GatewayReply, any Error>, rpc: JSONRPCRequest, endpoint: Endpoint, version: ProtocolVersion,
        session: (id: String, state: SessionState)?, application: String?, logger: Logger
    ) -> (Int, [UInt8], HTTPFields) {
        let modern = version.isModern
        var headers = HTTPFields()
        switch outcome {
        case .success(.result(let value)):
            let result = modern ? ResultDecoration.modern(value, method: rpc.method) : value
            if rpc.method == MCPMethod.initialize, let application {
                let sid = codec.seal(
                    SessionState(
                        protocolVersion: version, endpoint: endpoint.path, application: application,
                        clientCapabilities: rpc.params?["capabilities"]?.objectValue ?? [:], issuedAt: Date()))
                headers[.mcpSessionID] = sid
            } else if let session {
                headers[.mcpSessionID] = session.id
            }
            return (200, JSONRPCMessage.response(JSONRPCResponse(id: rpc.id, result: result)).serialized(), headers)
        case .success(.forwarded(let forwarded)):
            if let session { headers[.mcpSessionID] = session.id }
            let bytes = modern ? ResultDecoration.modern(forwarded, method: rpc.method) : forwarded.bytes
            return (200, bytes, headers)
        case .success(.listing), .success(.subscription):
            logger.error("A pipeline reply reached the transport unfinished", metadata: ["mcp.method.name": "\(rpc.method)"])
            return (200, Self.errorBytes(rpc.id, JSONRPCErrorObject(.internalError, "Internal error.")), headers)
        case .failure(let error as GatewayError):
            log(error, logger: logger)
            if let challenge = challenge(for: error, endpoint: endpoint) { headers[.wwwAuthenticate] = challenge }
            if let retry = error.retryAfterSeconds { headers[.retryAfter] = String(retry) }
            return (error.code.httpStatus(modern: modern), Self.errorBytes(rpc.id, error.errorObject), headers)
        case .failure(is CancellationError):
            // The client cancelled (or went away); 2025 clients ignore this answer.
            let cancelled = GatewayError(.cancelled, "The request was cancelled.", stage: "transport")
            return (200, Self.errorBytes(rpc.id, cancelled.errorObject), headers)
        case .failure(let error):
            logger.error("Request failed with an unexpected error", metadata: ["error": "\(error)"])
            return (200, Self.errorBytes(rpc.id, JSONRPCErrorObject(.internalError, "Internal error.")), headers)
        }
    }

    private func log(_ error: GatewayError, logger: Logger) {
        var metadata: Logger.Metadata = ["gatehouse.stage": "\(error.stage)", "gatehouse.reason": "\(error.code.reason)"]
        if let underlying = error.underlying { metadata["error"] = "\(underlying)" }
        switch error.code {
        case .internalError: logger.error("Request failed", metadata: metadata)
        case .upstreamUnavailable, .upstreamTimeout, .upstreamProtocolError: logger.warning("Upstream failed", metadata: metadata)
        default: logger.debug("Request refused", metadata: metadata)
        }
    }

    // MARK: - Refusals before the pipeline

    private func checkOrigin(_ origin: String?) -> GatewayError? {
        guard let origin, !configuration.origins.permits(origin) else { return nil }
        return GatewayError(
            .forbiddenOrigin, "Origin \"\(origin.prefix(100))\" may not call this gateway (allow it in gateway.origins.allowed).", stage: "transport")
    }

    /// Answers a request refused before it reached the pipeline, and audits it.
    func reject(_ error: GatewayError, facts: RequestFacts, started: ContinuousClock.Instant) -> Response {
        let elapsed = ContinuousClock.now - started
        audit.record(
            AuditEvent(
                time: Date(), requestID: facts.requestID?.description, endpoint: facts.endpoint.path, method: facts.method ?? "http",
                outcome: AuditEvent.outcome(of: error), latencyMicros: elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000,
                errorCode: error.code.jsonRPCCode.rawValue, errorReason: error.code.reason, errorMessage: error.message,
                clientAddress: facts.clientAddress))
        log(error, logger: facts.logger)
        var headers: HTTPFields = [.contentType: "application/json"]
        if let challenge = challenge(for: error, endpoint: facts.endpoint) { headers[.wwwAuthenticate] = challenge }
        let modern = facts.modernHint
        return Response(
            status: .init(code: error.code.httpStatus(modern: modern)), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: Self.errorBytes(facts.requestID, error.errorObject))))
    }

    /// The `WWW-Authenticate` challenge of a 401 or 403 (RFC 6750 §3, RFC 9728 §5.1): where the
    /// endpoint's protected resource metadata is and which scope it needs, so OAuth clients can
    /// discover the authorization server; `error` says why a presented token failed.
    func challenge(for error: GatewayError, endpoint: Endpoint) -> String? {
        guard error.code == .unauthenticated || error.code == .insufficientScope else { return nil }
        var parts = [#"realm="gatehouse""#]
        if error.code == .insufficientScope {
            parts.append(#"error="insufficient_scope""#)
        } else if error.data?["oauth_error"]?.stringValue == "invalid_token" {
            parts.append(#"error="invalid_token""#)
        }
        if let publicURL {
            parts.append(#"resource_metadata="\#(publicURL.metadataURL(forPath: endpoint.path))""#)
            parts.append(#"scope="\#(OAuthScope.required.joined(separator: " "))""#)
        }
        return "Bearer " + parts.joined(separator: ", ")
    }

    private func accepted() -> Response { Response(status: .accepted) }

    private func internalErrorResponse(_ id: JSONRPCID) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: Self.errorBytes(id, JSONRPCErrorObject(.internalError, "Internal error.")))))
    }

    static func errorBytes(_ id: JSONRPCID?, _ error: JSONRPCErrorObject) -> [UInt8] {
        JSONRPCMessage.response(JSONRPCResponse(id: id, error: error)).serialized()
    }

    static let sseHeaders: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-cache", .init("X-Accel-Buffering")!: "no"]

    static func describeBytes(_ n: Int) -> String {
        if n >= 1 << 20, n % (1 << 20) == 0 { return "\(n >> 20) MiB" }
        if n >= 1 << 10, n % (1 << 10) == 0 { return "\(n >> 10) KiB" }
        return "\(n) bytes"
    }
}

/// What the transport knows about a request before the pipeline.
struct RequestFacts: Sendable {
    var endpoint: Endpoint
    var requestID: JSONRPCID?
    var method: String?
    var bearerToken: String?
    var clientCertificate: ClientCertificateName?
    var clientAddress: String?
    var logger: Logger
    /// Whether the request looks like 2026-07-28 (for status codes of early refusals).
    var modernHint: Bool
    /// The MCP headers, `Origin` and `Accept`.
    var mcpHeaders = MCPRequestHeaders()
    var origin: String?
    var accept: String?

    init(_ request: Request, _ context: GatewayRequestContext, endpoint: Endpoint) {
        self.endpoint = endpoint
        // One pass over the fields: each `headers[name]` lookup builds an index and joins values,
        // and a call reads eight of them. Repeated fields are joined with ", " as that lookup does.
        var authorization: String?
        func join(_ existing: inout String?, _ value: String) { existing = existing.map { $0 + ", " + value } ?? value }
        for field in request.headers {
            switch field.name {
            case .authorization: join(&authorization, field.value)
            case .mcpProtocolVersion: join(&mcpHeaders.protocolVersion, field.value)
            case .mcpSessionID: join(&mcpHeaders.sessionID, field.value)
            case .mcpMethod: join(&mcpHeaders.method, field.value)
            case .mcpName: join(&mcpHeaders.name, field.value)
            case .origin: join(&origin, field.value)
            case .accept: join(&accept, field.value)
            default: continue
            }
        }
        if let authorization { bearerToken = BearerToken.from(authorization: authorization) }
        clientAddress = context.remoteAddress?.ipAddress
        clientCertificate = context.clientCertificate
        var logger = context.logger
        logger[metadataKey: "gatehouse.request.id"] = logger[metadataKey: "hb.request.id"]
        logger[metadataKey: "hb.request.id"] = nil
        self.logger = logger
        modernHint = mcpHeaders.protocolVersion.map { ProtocolVersion($0).isModern } ?? false
    }
}

/// What the client's `Accept` header allows.
struct AcceptedTypes: Sendable {
    var json: Bool
    var sse: Bool

    init(_ header: String?) {
        guard let header, !header.isEmpty else {
            json = true
            sse = false
            return
        }
        let any = header.containsIgnoringASCIICase("*/*")
        json = any || header.containsIgnoringASCIICase("application/json") || header.containsIgnoringASCIICase("application/*")
        sse = any || header.containsIgnoringASCIICase("text/event-stream")
    }
}

/// One thing to send on a call's response.
enum Outbound: Sendable {
    case interim([UInt8])
    case final(Result<GatewayReply, any Error>, String?)
}

/// Relays a call's interim messages into its response stream.
struct StreamRelay: ClientRelay {
    let continuation: AsyncStream<Outbound>.Continuation
    let acceptsRequests: Bool
    let sessionID: String?
    let sessions: SessionRegistry
    let timeout: Duration

    func notify(_ notification: JSONRPCNotification) async {
        continuation.yield(.interim(JSONRPCMessage.notification(notification).serialized()))
    }

    func request(method: String, params: JSONObject?) async throws -> JSONRPCResponse {
        guard acceptsRequests, let sessionID else { throw CancellationError() }
        let id = sessions.nextServerRequestID()
        continuation.yield(.interim(JSONRPCMessage.request(JSONRPCRequest(id: id, method: method, params: params)).serialized()))
        return try await sessions.awaitResponse(session: sessionID, id: id, timeout: timeout)
    }
}

extension HTTPField.Name {
    static let mcpSessionID = HTTPField.Name("Mcp-Session-Id")!
    static let mcpProtocolVersion = HTTPField.Name("MCP-Protocol-Version")!
    static let mcpMethod = HTTPField.Name("Mcp-Method")!
    static let mcpName = HTTPField.Name("Mcp-Name")!
}
