// The hop from Gatehouse to a plain-HTTP upstream: a small HTTP/1.1 client over NIO with keep-alive
// connections, a connection limit per host, and a timeout per request. It exists for speed. The
// general-purpose client (AsyncHTTPClient, still used for https upstreams and for everything off
// the hot path) wakes other threads several times per request: a deadline timer scheduled and
// cancelled from the caller's thread, a task to register cancellation with an actor, a pooled
// connection's idle timer cancelled from another thread. Here a request is one write handed to
// the connection's event loop and one resumption of the caller; the timeout timer lives on the
// loop. bench/README.md has the figures.
import Foundation
import MCPCore
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// An upstream's answer: the head, then the whole body, or for an event stream its chunks as they
/// arrive.
package struct ProxyHTTPResponse: Sendable {
    package enum Body: Sendable {
        case complete(ByteBuffer)
        case stream(EventStreamChunks)
    }

    package var head: HTTPResponseHead
    package var body: Body
}

/// An event stream's chunks as they arrive. What the reader has not taken yet is counted: an
/// upstream that outpaces its reader by more than the response limit fails the stream rather
/// than filling memory.
package struct EventStreamChunks: AsyncSequence, Sendable {
    package typealias Element = ByteBuffer

    let stream: AsyncThrowingStream<ByteBuffer, any Error>
    let backlog: Backlog

    /// Bytes received and not yet read.
    final class Backlog: Sendable {
        private let bytes = Atomic<Int>(0)
        /// The backlog after `count` more bytes arrived.
        func received(_ count: Int) -> Int { bytes.add(count, ordering: .relaxed).newValue }
        func read(_ count: Int) { bytes.subtract(count, ordering: .relaxed) }
    }

    package struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<ByteBuffer, any Error>.AsyncIterator
        let backlog: Backlog

        package mutating func next() async throws -> ByteBuffer? {
            guard let chunk = try await base.next() else { return nil }
            backlog.read(chunk.readableBytes)
            return chunk
        }
    }

    package func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: stream.makeAsyncIterator(), backlog: backlog) }
}

/// Why a request through `ProxyHTTPClient` failed after its connection was made.
package enum ProxyHTTPError: Error, Equatable, CustomStringConvertible {
    case timedOut
    case cancelled
    case responseTooLarge(limit: Int)
    case unreadEventStream(limit: Int)
    case connectionClosed

    package var description: String {
        switch self {
        case .timedOut: "the request timed out"
        case .cancelled: "the request was cancelled"
        case .responseTooLarge(let limit): "the response exceeded \(limit) bytes"
        case .unreadEventStream(let limit): "more than \(limit) bytes of the event stream were waiting to be read"
        case .connectionClosed: "the connection was closed before the response ended"
        }
    }
}

/// A keep-alive HTTP/1.1 client for plain-HTTP upstreams, one connection per request in flight.
package final class ProxyHTTPClient: Sendable {
    /// Where requests go: host and port of an `http://` URL, and the request target on it.
    package struct Target: Hashable, Sendable {
        package var host: String
        package var port: Int
        package var path: String

        package init(host: String, port: Int, path: String) {
            self.host = host
            self.port = port
            self.path = path
        }

        /// `nil` unless `url` is a plain `http://` URL (without credentials in it).
        package init?(url: String) {
            guard let c = URLComponents(string: url), c.scheme?.lowercased() == "http", var host = c.host, !host.isEmpty,
                c.user == nil, c.password == nil, (c.port ?? 80) > 0, (c.port ?? 80) <= 65535
            else { return nil }
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }  // an IPv6 literal
            self.host = host
            port = c.port ?? 80
            path = (c.percentEncodedPath.isEmpty ? "/" : c.percentEncodedPath) + (c.percentEncodedQuery.map { "?" + $0 } ?? "")
        }

        var authority: String {
            let name = host.contains(":") ? "[\(host)]" : host
            return port == 80 ? name : "\(name):\(port)"
        }
    }

    let group: any EventLoopGroup
    let maxConnectionsPerHost: Int
    let connectTimeout: Duration
    private let hosts = Mutex<[String: HostConnections]>([:])

    package init(group: any EventLoopGroup, maxConnectionsPerHost: Int, connectTimeout: Duration) {
        self.group = group
        self.maxConnectionsPerHost = max(1, maxConnectionsPerHost)
        self.connectTimeout = connectTimeout
    }

    /// Sends one request and waits for the response head (event streams) or the whole response.
    /// Cancelling the calling task closes the connection.
    package func execute(
        _ target: Target, method: HTTPMethod = .POST, headers: HTTPHeaders, body: ByteBuffer, timeout: Duration, maxResponseBytes: Int
    ) async throws -> ProxyHTTPResponse {
        var headers = headers
        headers.replaceOrAdd(name: "Host", value: target.authority)
        headers.replaceOrAdd(name: "Content-Length", value: String(body.readableBytes))
        let head = HTTPRequestHead(version: .http1_1, method: method, uri: target.path, headers: headers)
        let connections = self.connections(for: target)
        let deadline = NIODeadline.now() + .nanoseconds(timeout.nanoseconds)
        // A pooled connection the upstream closed while idle is never written to; one that closes
        // under the request fails it (a POST is not retried: the upstream may have acted on it).
        let channel = try await connections.lease(deadline: deadline)
        let exchange = ProxyExchange(
            head: head, body: body, deadline: deadline, maxResponseBytes: maxResponseBytes, promise: channel.eventLoop.makePromise())
        return try await withTaskCancellationHandler {
            channel.writeAndFlush(exchange, promise: nil)
            return try await exchange.promise.futureResult.get()
        } onCancel: {
            channel.eventLoop.execute {
                exchange.fail(ProxyHTTPError.cancelled)
                channel.close(promise: nil)
            }
        }
    }

    /// Closes every idle connection and refuses new requests.
    package func shutdown() {
        let all = hosts.withLock { h in
            defer { h = [:] }
            return Array(h.values)
        }
        for connections in all { connections.shutdown() }
    }

    private func connections(for target: Target) -> HostConnections {
        let key = target.authority
        return hosts.withLock { h in
            if let existing = h[key] { return existing }
            let fresh = HostConnections(
                host: target.host, port: target.port, group: group, limit: maxConnectionsPerHost, connectTimeout: connectTimeout)
            h[key] = fresh
            return fresh
        }
    }
}

/// The open connections to one host: idle ones ready for a request, and the count of all.
final class HostConnections: Sendable {
    private struct State {
        var idle: [any Channel] = []
        var open = 0
        var waiting: [(id: Int, continuation: CheckedContinuation<(any Channel)?, any Error>)] = []
        var nextWaiter = 0
        var shutDown = false
    }

    private enum Lease {
        case use(any Channel)
        case connect
        case wait
        case refuse
    }

    let host: String
    let port: Int
    let group: any EventLoopGroup
    let limit: Int
    let connectTimeout: Duration
    private let state = Mutex(State())

    init(host: String, port: Int, group: any EventLoopGroup, limit: Int, connectTimeout: Duration) {
        self.host = host
        self.port = port
        self.group = group
        self.limit = limit
        self.connectTimeout = connectTimeout
    }

    /// An idle connection (one on the caller's event loop if there is one), a new one while under
    /// the limit, or the next one released. Waiting for one ends at `deadline` (the request's own)
    /// or when the caller is cancelled.
    func lease(deadline: NIODeadline) async throws -> any Channel {
        switch state.withLock({ take(&$0) }) {
        case .use(let channel): return channel
        case .connect: return try await connect()
        case .refuse: throw ProxyHTTPError.connectionClosed
        case .wait:
            let id = state.withLock { s in
                defer { s.nextWaiter += 1 }
                return s.nextWaiter
            }
            // Only callers that find every connection busy pay for this timer.
            let timer = group.any().scheduleTask(deadline: deadline) { self.abandon(id, ProxyHTTPError.timedOut) }
            defer { timer.cancel() }
            let handed: (any Channel)? = try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    // Checked under the lock that `abandon` takes: a cancellation either comes
                    // before (and is seen here) or finds this caller in the list.
                    let now: Lease? = state.withLock { s in
                        if Task.isCancelled { return nil }
                        let lease = take(&s)
                        if case .wait = lease { s.waiting.append((id, continuation)) }
                        return lease
                    }
                    switch now {
                    case nil: continuation.resume(throwing: ProxyHTTPError.cancelled)
                    case .use(let channel): continuation.resume(returning: channel)
                    case .connect: continuation.resume(returning: nil)
                    case .refuse: continuation.resume(throwing: ProxyHTTPError.connectionClosed)
                    case .wait: break
                    }
                }
            } onCancel: {
                abandon(id, ProxyHTTPError.cancelled)
            }
            if let handed { return handed }
            return try await connect()
        }
    }

    /// Stops waiting caller `id` with `error`, unless it has been given a connection already.
    private func abandon(_ id: Int, _ error: ProxyHTTPError) {
        let waiter = state.withLock { s in
            s.waiting.firstIndex { $0.id == id }.map { s.waiting.remove(at: $0).continuation }
        }
        waiter?.resume(throwing: error)
    }

    private func take(_ s: inout State) -> Lease {
        if s.shutDown { return .refuse }
        // A caller on an event loop (a handler running on its connection's loop) gets a
        // connection on that loop, a new one if need be: one on another loop would add a thread
        // switch each way. Callers on the pool take any idle connection.
        let onLoop = MultiThreadedEventLoopGroup.currentEventLoop != nil
        while let index = s.idle.lastIndex(where: { $0.eventLoop.inEventLoop }) ?? (onLoop && s.open < limit ? nil : s.idle.indices.last) {
            let channel = s.idle.remove(at: index)
            if channel.isActive { return .use(channel) }  // a closed one is counted off when it reports closing
        }
        if s.open < limit {
            s.open += 1
            return .connect
        }
        return .wait
    }

    /// A connection that finished a request and may serve the next one.
    func release(_ channel: any Channel) {
        enum Next {
            case handTo(CheckedContinuation<(any Channel)?, any Error>)
            case keepIdle
            case close
        }
        let next: Next = state.withLock { s in
            if s.shutDown { return .close }
            if !s.waiting.isEmpty { return .handTo(s.waiting.removeFirst().continuation) }
            s.idle.append(channel)
            return .keepIdle
        }
        switch next {
        case .handTo(let waiter): waiter.resume(returning: channel)
        case .keepIdle: break
        case .close: channel.close(promise: nil)
        }
    }

    /// A connection closed (by either side, or never opened): its place goes to a waiter.
    func closed(_ channel: (any Channel)?) {
        let waiter: CheckedContinuation<(any Channel)?, any Error>? = state.withLock { s in
            if let channel { s.idle.removeAll { $0 === channel } }
            s.open -= 1
            guard !s.shutDown, !s.waiting.isEmpty else { return nil }
            s.open += 1
            return s.waiting.removeFirst().continuation
        }
        waiter?.resume(returning: nil)
    }

    func shutdown() {
        let (idle, waiting) = state.withLock { s in
            s.shutDown = true
            defer {
                s.idle = []
                s.waiting = []
            }
            return (s.idle, s.waiting)
        }
        for channel in idle { channel.close(promise: nil) }
        for waiter in waiting { waiter.continuation.resume(throwing: ProxyHTTPError.connectionClosed) }
    }

    private func connect() async throws -> any Channel {
        do {
            // From an event loop thread `any()` is that loop, so a connection made for a handler
            // running on a loop lives there too (no thread switch for the hop).
            return try await ClientBootstrap(group: group.any())
                .connectTimeout(.nanoseconds(connectTimeout.nanoseconds))
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        try channel.pipeline.syncOperations.addHandler(ProxyExchangeHandler(connections: self))
                    }
                }
                .connect(host: host, port: port).get()
        } catch {
            closed(nil)
            throw error
        }
    }
}

/// One request and the state of its response. Its state is touched only on the event loop of the
/// channel that carries it.
final class ProxyExchange: @unchecked Sendable {
    private enum State {
        case waiting
        case collecting(HTTPResponseHead, ByteBuffer)
        case streaming(AsyncThrowingStream<ByteBuffer, any Error>.Continuation, EventStreamChunks.Backlog)
        case done
    }

    let head: HTTPRequestHead
    let body: ByteBuffer
    let deadline: NIODeadline
    let maxResponseBytes: Int
    let promise: EventLoopPromise<ProxyHTTPResponse>
    private var state = State.waiting

    init(head: HTTPRequestHead, body: ByteBuffer, deadline: NIODeadline, maxResponseBytes: Int, promise: EventLoopPromise<ProxyHTTPResponse>) {
        self.head = head
        self.body = body
        self.deadline = deadline
        self.maxResponseBytes = maxResponseBytes
        self.promise = promise
    }

    var isDone: Bool {
        if case .done = state { return true }
        return false
    }

    /// The response head: an event stream is handed over now, anything else when it has ended.
    func received(_ response: HTTPResponseHead, channel: any Channel) {
        guard case .waiting = state else { return }
        if response.status == .ok, response.headers.first(name: "content-type")?.hasPrefixIgnoringASCIICase("text/event-stream") == true {
            let (stream, continuation) = AsyncThrowingStream<ByteBuffer, any Error>.makeStream()
            continuation.onTermination = { termination in
                // The reader stopped before the stream ended: the connection cannot be reused.
                guard case .cancelled = termination else { return }
                channel.eventLoop.execute { if !self.isDone { channel.close(promise: nil) } }
            }
            let backlog = EventStreamChunks.Backlog()
            state = .streaming(continuation, backlog)
            promise.succeed(ProxyHTTPResponse(head: response, body: .stream(EventStreamChunks(stream: stream, backlog: backlog))))
        } else {
            state = .collecting(response, channel.allocator.buffer(capacity: 0))
        }
    }

    /// A part of the body; `false` when the response is over its size limit (the exchange failed).
    func received(_ part: ByteBuffer) -> Bool {
        switch state {
        case .collecting(let head, var collected):
            guard collected.readableBytes + part.readableBytes <= maxResponseBytes else {
                fail(ProxyHTTPError.responseTooLarge(limit: maxResponseBytes))
                return false
            }
            state = .done  // drop the reference so that appending does not copy the buffer
            var part = part
            collected.writeBuffer(&part)
            state = .collecting(head, collected)
        case .streaming(let continuation, let backlog):
            // An event stream may run long; what bounds it is how far it is ahead of its reader.
            guard backlog.received(part.readableBytes) <= maxResponseBytes else {
                fail(ProxyHTTPError.unreadEventStream(limit: maxResponseBytes))
                return false
            }
            continuation.yield(part)
        case .waiting, .done:
            break
        }
        return true
    }

    func ended() {
        switch state {
        case .collecting(let head, let body):
            state = .done
            promise.succeed(ProxyHTTPResponse(head: head, body: .complete(body)))
        case .streaming(let continuation, _):
            state = .done
            continuation.finish()
        case .waiting:
            fail(ProxyHTTPError.connectionClosed)
        case .done:
            break
        }
    }

    func fail(_ error: any Error) {
        switch state {
        case .waiting, .collecting:
            promise.fail(error)
        case .streaming(let continuation, _):
            continuation.finish(throwing: error)
        case .done:
            return
        }
        state = .done
    }
}

/// Writes a `ProxyExchange` as an HTTP request and feeds it the response; hands the connection
/// back for the next request when the response ends and both sides keep it alive.
final class ProxyExchangeHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = ProxyExchange
    typealias OutboundOut = HTTPClientRequestPart

    let connections: HostConnections
    private var current: ProxyExchange?
    private var keepAlive = true
    private var timer: Scheduled<Void>?

    init(connections: HostConnections) { self.connections = connections }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let exchange = unwrapOutboundIn(data)
        guard current == nil else {
            exchange.fail(ProxyHTTPError.connectionClosed)  // one request at a time; never happens by design
            return
        }
        current = exchange
        keepAlive = exchange.head.isKeepAlive
        let channel = context.channel
        timer = context.eventLoop.scheduleTask(deadline: exchange.deadline) {
            exchange.fail(ProxyHTTPError.timedOut)
            channel.close(promise: nil)
        }
        context.write(wrapOutboundOut(.head(exchange.head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(exchange.body))), promise: nil)
        let written = context.eventLoop.makePromise(of: Void.self)
        written.futureResult.whenFailure { error in
            exchange.fail(error)
            channel.close(promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        promise?.succeed()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let exchange = current else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            guard head.status.code >= 200 else { return }  // 1xx: the real head follows
            keepAlive = keepAlive && head.isKeepAlive
            exchange.received(head, channel: context.channel)
        case .body(let part):
            if !exchange.received(part) { context.close(promise: nil) }
        case .end:
            timer?.cancel()
            timer = nil
            current = nil
            // The connection goes back before the caller hears of the end, so that a caller's
            // next request finds it idle.
            if keepAlive, !exchange.isDone, context.channel.isActive {
                connections.release(context.channel)
            } else {
                context.close(promise: nil)
            }
            exchange.ended()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        current?.fail(ProxyHTTPError.connectionClosed)
        current = nil
        connections.closed(context.channel)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        current?.fail(error)
        current = nil
        context.close(promise: nil)
    }
}
