// The hot path's HTTP/1.1 client against a real NIO HTTP server on a loopback port: connection
// reuse and limits, timeouts, size limits, event streams handed over before they end,
// cancellation, upstreams that close connections, and refused connections.
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOPosix
import Synchronization
import Testing
import TestSupport

@testable import Gateway

@Suite struct ProxyHTTPClientTests {
    @Test func onlyPlainHTTPURLsAreTargets() {
        let target = ProxyHTTPClient.Target(url: "http://127.0.0.1:8080/mcp?x=1")
        #expect(target == ProxyHTTPClient.Target(host: "127.0.0.1", port: 8080, path: "/mcp?x=1"))
        #expect(ProxyHTTPClient.Target(url: "HTTP://example.com")?.path == "/")
        #expect(ProxyHTTPClient.Target(url: "http://example.com")?.port == 80)
        #expect(ProxyHTTPClient.Target(url: "http://[::1]:9000/mcp")?.host == "::1")
        #expect(ProxyHTTPClient.Target(url: "http://[::1]:9000/mcp")?.authority == "[::1]:9000")
        #expect(ProxyHTTPClient.Target(url: "https://example.com/mcp") == nil)
        #expect(ProxyHTTPClient.Target(url: "http://example.com:99999/mcp") == nil)
        #expect(ProxyHTTPClient.Target(url: "http://user:secret@example.com/mcp") == nil)
        #expect(ProxyHTTPClient.Target(url: "example.com/mcp") == nil)
    }

    @Test func oneConnectionServesRequestsOneAfterAnother() async throws {
        try await withServer { server, client in
            for n in 1...3 {
                let response = try await client.execute(server.target("/echo"), headers: [:], body: ByteBuffer(string: "call \(n)"), timeout: .seconds(10), maxResponseBytes: 1 << 20)
                #expect(response.head.status == .ok)
                #expect(response.text == "call \(n)")
            }
            #expect(server.connectionsAccepted == 1)
        }
    }

    @Test func requestsOverTheLimitWaitForAConnection() async throws {
        try await withServer(limit: 1) { server, client in
            try await withThrowingTaskGroup(of: String.self) { group in
                for n in 1...3 {
                    group.addTask {
                        try await client.execute(
                            server.target("/echo?delay=100"), headers: [:], body: ByteBuffer(string: "\(n)"), timeout: .seconds(10),
                            maxResponseBytes: 1 << 20
                        ).text
                    }
                }
                var answers: [String] = []
                for try await answer in group { answers.append(answer) }
                #expect(answers.sorted() == ["1", "2", "3"])
            }
            #expect(server.connectionsAccepted == 1)
            #expect(server.mostConnectionsAtOnce == 1)
        }
    }

    @Test func aCallerWaitingForAConnectionCanBeCancelledOrTimeOut() async throws {
        try await withServer(limit: 1) { server, client in
            // The only connection is busy with a call that never ends.
            let busy = Task {
                try await client.execute(server.target("/hang"), headers: [:], body: ByteBuffer(), timeout: .seconds(60), maxResponseBytes: 1 << 20)
            }
            #expect(try await eventually(timeout: .seconds(30)) { server.requestsStarted == 1 })
            // A caller that would wait for it gives up at its own timeout...
            await #expect(throws: ProxyHTTPError.timedOut) {
                try await client.execute(server.target("/echo"), headers: [:], body: ByteBuffer(), timeout: .milliseconds(200), maxResponseBytes: 1 << 20)
            }
            // ...or when it is cancelled.
            let waiting = Task {
                try await client.execute(server.target("/echo"), headers: [:], body: ByteBuffer(), timeout: .seconds(60), maxResponseBytes: 1 << 20)
            }
            try await Task.sleep(for: .milliseconds(50))
            waiting.cancel()
            await #expect(throws: ProxyHTTPError.cancelled) { try await waiting.value }
            busy.cancel()
            _ = try? await busy.value
            // The connection the busy call held is gone; the place is free for the next call.
            let answer = try await client.execute(server.target("/echo"), headers: [:], body: ByteBuffer(string: "next"), timeout: .seconds(10), maxResponseBytes: 1 << 20)
            #expect(answer.text == "next")
            #expect(server.requestsStarted == 2)
        }
    }

    @Test func anUpstreamThatDoesNotAnswerTimesOutAndTheNextRequestWorks() async throws {
        try await withServer { server, client in
            await #expect(throws: ProxyHTTPError.timedOut) {
                try await client.execute(server.target("/hang"), headers: [:], body: ByteBuffer(), timeout: .milliseconds(300), maxResponseBytes: 1 << 20)
            }
            let response = try await client.execute(server.target("/echo"), headers: [:], body: ByteBuffer(string: "after"), timeout: .seconds(10), maxResponseBytes: 1 << 20)
            #expect(response.text == "after")
        }
    }

    @Test func aResponseOverTheLimitIsRefused() async throws {
        try await withServer { server, client in
            await #expect(throws: ProxyHTTPError.responseTooLarge(limit: 1000)) {
                try await client.execute(server.target("/big"), headers: [:], body: ByteBuffer(), timeout: .seconds(10), maxResponseBytes: 1000)
            }
        }
    }

    @Test func anEventStreamIsHandedOverBeforeItEnds() async throws {
        try await withServer { server, client in
            let response = try await client.execute(server.target("/events"), headers: [:], body: ByteBuffer(), timeout: .seconds(10), maxResponseBytes: 1 << 20)
            guard case .stream(let chunks) = response.body else {
                Issue.record("an event stream was collected instead of streamed")
                return
            }
            var received = ""
            for try await chunk in chunks {
                if received.isEmpty {
                    // The server sends the rest only after the test has seen the first event.
                    #expect(!server.streamEnded)
                    server.releaseStream()
                }
                received += String(buffer: chunk)
            }
            #expect(received == "data: first\n\ndata: second\n\n")
            // The stream ended cleanly, so its connection serves the next request.
            _ = try await client.execute(server.target("/echo"), headers: [:], body: ByteBuffer(), timeout: .seconds(10), maxResponseBytes: 1 << 20)
            #expect(server.connectionsAccepted == 1)
        }
    }

    @Test func anEventStreamMayRunPastTheLimitButNotAheadOfItsReaderByIt() async throws {
        let channel = EmbeddedChannel()
        let exchange = ProxyExchange(
            head: HTTPRequestHead(version: .http1_1, method: .POST, uri: "/"), body: ByteBuffer(), deadline: .distantFuture, maxResponseBytes: 10,
            promise: channel.eventLoop.makePromise())
        exchange.received(HTTPResponseHead(version: .http1_1, status: .ok, headers: ["Content-Type": "text/event-stream"]), channel: channel)
        guard case .stream(let chunks) = try await exchange.promise.futureResult.get().body else {
            Issue.record("an event stream was not streamed")
            return
        }
        var reader = chunks.makeAsyncIterator()
        // Read as it comes, 30 bytes pass a limit of 10.
        for _ in 1...3 {
            #expect(exchange.received(ByteBuffer(string: "0123456789")))
            #expect(try await reader.next()?.readableBytes == 10)
        }
        // Not read: one byte more than the limit waiting fails the stream.
        #expect(exchange.received(ByteBuffer(string: "0123456789")))
        #expect(!exchange.received(ByteBuffer(string: "x")))
        #expect(try await reader.next()?.readableBytes == 10)  // what was there is still delivered
        do {
            _ = try await reader.next()
            Issue.record("the stream did not fail")
        } catch {
            #expect(error as? ProxyHTTPError == .unreadEventStream(limit: 10))
        }
    }

    @Test func cancellingARequestClosesItsConnection() async throws {
        try await withServer { server, client in
            let call = Task {
                try await client.execute(server.target("/hang"), headers: [:], body: ByteBuffer(), timeout: .seconds(60), maxResponseBytes: 1 << 20)
            }
            let started = try await eventually(timeout: .seconds(30)) { server.requestsStarted == 1 }
            #expect(started)
            call.cancel()
            await #expect(throws: ProxyHTTPError.cancelled) { try await call.value }
            let closed = try await eventually(timeout: .seconds(30)) { server.connectionsClosed == 1 }
            #expect(closed)
        }
    }

    @Test func aConnectionTheUpstreamClosesIsReplaced() async throws {
        try await withServer { server, client in
            for n in 1...2 {
                let response = try await client.execute(server.target("/close"), headers: [:], body: ByteBuffer(string: "\(n)"), timeout: .seconds(10), maxResponseBytes: 1 << 20)
                #expect(response.text == "\(n)")
            }
            #expect(server.connectionsAccepted == 2)
        }
    }

    @Test func aCallerOnAnEventLoopIsServedByAConnectionOnThatLoop() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let server = try await TestHTTPServer.start()
        let client = ProxyHTTPClient(group: group, maxConnectionsPerHost: 8, connectTimeout: .seconds(5))
        let loops = Array(group.makeIterator())
        for _ in 1...3 {
            for loop in loops {
                let answer = try await withTaskExecutorPreference(LoopExecutor(loop)) {
                    try await client.execute(server.target("/echo"), headers: [:], body: ByteBuffer(string: "hi"), timeout: .seconds(10), maxResponseBytes: 1 << 20)
                }
                #expect(answer.text == "hi")
            }
        }
        // One connection per loop, each reused; not one connection shared across the loops.
        #expect(server.connectionsAccepted == 2)
        client.shutdown()
        try await server.stop()
        try await group.shutdownGracefully()
    }

    @Test func aRefusedConnectionIsReported() async throws {
        let port = try await withServer { server, _ in server.port }  // a port that was just closed
        let client = ProxyHTTPClient(group: MultiThreadedEventLoopGroup.singleton, maxConnectionsPerHost: 4, connectTimeout: .seconds(5))
        defer { client.shutdown() }
        await #expect(throws: (any Error).self) {
            try await client.execute(
                ProxyHTTPClient.Target(url: "http://127.0.0.1:\(port)/echo")!, headers: [:], body: ByteBuffer(), timeout: .seconds(5),
                maxResponseBytes: 1 << 20)
        }
        // The failed attempt gave its place back: with a limit of one, a second attempt is made
        // (and refused too) instead of waiting forever.
        let single = ProxyHTTPClient(group: MultiThreadedEventLoopGroup.singleton, maxConnectionsPerHost: 1, connectTimeout: .seconds(5))
        defer { single.shutdown() }
        for _ in 1...2 {
            await #expect(throws: (any Error).self) {
                try await single.execute(
                    ProxyHTTPClient.Target(url: "http://127.0.0.1:\(port)/echo")!, headers: [:], body: ByteBuffer(), timeout: .seconds(5),
                    maxResponseBytes: 1 << 20)
            }
        }
    }

    // MARK: - Harness

    private func withServer<T>(limit: Int = 8, _ body: (TestHTTPServer, ProxyHTTPClient) async throws -> T) async throws -> T {
        let server = try await TestHTTPServer.start()
        let client = ProxyHTTPClient(group: MultiThreadedEventLoopGroup.singleton, maxConnectionsPerHost: limit, connectTimeout: .seconds(5))
        do {
            let result = try await body(server, client)
            client.shutdown()
            try await server.stop()
            return result
        } catch {
            client.shutdown()
            try? await server.stop()
            throw error
        }
    }
}

/// Runs a task's jobs on one event loop, as Gatehouse does for a lone client connection.
final class LoopExecutor: TaskExecutor {
    let loop: any EventLoop
    init(_ loop: any EventLoop) { self.loop = loop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

extension ProxyHTTPResponse {
    var text: String {
        if case .complete(let buffer) = body { return String(buffer: buffer) }
        return "(a stream)"
    }
}

/// An HTTP/1.1 server whose paths behave as the tests need: `/echo` (optionally after `delay`
/// ms), `/hang` (never answers), `/big` (a 64 KiB body), `/events` (an event stream whose second
/// event waits for `releaseStream()`), `/close` (echoes, then closes the connection).
final class TestHTTPServer: Sendable {
    fileprivate struct Counters {
        var accepted = 0
        var open = 0
        var mostAtOnce = 0
        var closed = 0
        var started = 0
        var streamEnded = false
        var streamRelease: (@Sendable () -> Void)?
        var released = false
    }

    let channel: any Channel
    private let counters: Mutex<Counters>

    private init(channel: any Channel) {
        self.channel = channel
        self.counters = Mutex(Counters())
    }

    var port: Int { channel.localAddress?.port ?? 0 }
    var connectionsAccepted: Int { counters.withLock { $0.accepted } }
    var mostConnectionsAtOnce: Int { counters.withLock { $0.mostAtOnce } }
    var connectionsClosed: Int { counters.withLock { $0.closed } }
    var requestsStarted: Int { counters.withLock { $0.started } }
    var streamEnded: Bool { counters.withLock { $0.streamEnded } }

    func target(_ path: String) -> ProxyHTTPClient.Target {
        ProxyHTTPClient.Target(host: "127.0.0.1", port: port, path: path)
    }

    func releaseStream() {
        let release = counters.withLock { c in
            c.released = true
            return c.streamRelease
        }
        release?()
    }

    static func start() async throws -> TestHTTPServer {
        let box = ServerBox()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.configureHTTPServerPipeline()
                    try child.pipeline.syncOperations.addHandler(Responder(server: box))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let server = TestHTTPServer(channel: channel)
        box.server.withLock { $0 = server }
        return server
    }

    func stop() async throws {
        try await channel.close()
    }

    fileprivate func update(_ change: (inout Counters) -> Void) { counters.withLock { change(&$0) } }

    fileprivate func onRelease(_ release: @escaping @Sendable () -> Void) {
        let now = counters.withLock { c in
            c.streamRelease = release
            return c.released
        }
        if now { release() }
    }

    fileprivate final class ServerBox: Sendable {
        let server = Mutex<TestHTTPServer?>(nil)
        var value: TestHTTPServer { server.withLock { $0! } }
    }

    private final class Responder: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let server: ServerBox
        private var head: HTTPRequestHead?
        private var body = ByteBuffer()

        init(server: ServerBox) { self.server = server }

        func channelActive(context: ChannelHandlerContext) {
            server.value.update { c in
                c.accepted += 1
                c.open += 1
                c.mostAtOnce = max(c.mostAtOnce, c.open)
            }
            context.fireChannelActive()
        }

        func channelInactive(context: ChannelHandlerContext) {
            server.value.update { c in
                c.open -= 1
                c.closed += 1
            }
            context.fireChannelInactive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let h):
                head = h
                body.clear()
            case .body(var part):
                body.writeBuffer(&part)
            case .end:
                guard let head else { return }
                server.value.update { $0.started += 1 }
                respond(to: head, body: body, context: context)
            }
        }

        private func respond(to head: HTTPRequestHead, body: ByteBuffer, context: ChannelHandlerContext) {
            let path = head.uri.split(separator: "?").first.map(String.init) ?? head.uri
            let query = head.uri.split(separator: "?").dropFirst().first.map(String.init) ?? ""
            let channel = context.channel
            switch path {
            case "/hang":
                return
            case "/big":
                send(ByteBuffer(repeating: UInt8(ascii: "x"), count: 64 << 10), on: context)
            case "/close":
                send(body, on: context, close: true)
            case "/events":
                var headers = HTTPHeaders()
                headers.add(name: "Content-Type", value: "text/event-stream")
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: "data: first\n\n")))), promise: nil)
                let server = self.server
                let loop = context.eventLoop
                server.value.onRelease {
                    loop.execute {
                        channel.write(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(string: "data: second\n\n"))), promise: nil)
                        server.value.update { $0.streamEnded = true }
                        channel.writeAndFlush(HTTPServerResponsePart.end(nil), promise: nil)
                    }
                }
            default:
                if let delay = query.split(separator: "=").last.flatMap({ Int64($0) }), query.hasPrefix("delay=") {
                    let copy = body
                    context.eventLoop.scheduleTask(in: .milliseconds(delay)) {
                        var headers = HTTPHeaders()
                        headers.add(name: "Content-Length", value: String(copy.readableBytes))
                        channel.write(HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers)), promise: nil)
                        channel.write(HTTPServerResponsePart.body(.byteBuffer(copy)), promise: nil)
                        channel.writeAndFlush(HTTPServerResponsePart.end(nil), promise: nil)
                    }
                } else {
                    send(body, on: context)
                }
            }
        }

        private func send(_ body: ByteBuffer, on context: ChannelHandlerContext, close: Bool = false) {
            var headers = HTTPHeaders()
            headers.add(name: "Content-Length", value: String(body.readableBytes))
            if close { headers.add(name: "Connection", value: "close") }
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
            let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
            if close { done.whenComplete { [channel = context.channel] _ in channel.close(promise: nil) } }
        }
    }
}

@Suite struct UpstreamErrorMappingTests {
    @Test func aClosedConnectionIsUnavailableUnlessTheCallWasCancelled() async throws {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let c = HTTPUpstreamConnection(server: "notes", url: "http://127.0.0.1:1/mcp", client: client, logger: Logger(label: "test"))
        #expect(c.mapped(ProxyHTTPError.connectionClosed).code == .upstreamUnavailable)
        // Cancelling closes the call's connection: what it then fails with is the cancellation.
        let afterCancel = await Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return c.mapped(ProxyHTTPError.connectionClosed).code
        }.value
        #expect(afterCancel == .cancelled)
        #expect(c.mapped(CancellationError()).code == .cancelled)
        #expect(c.mapped(ProxyHTTPError.timedOut).code == .upstreamTimeout)
        try await client.shutdown()
    }
}
