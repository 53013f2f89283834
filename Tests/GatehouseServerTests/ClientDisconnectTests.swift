// A client that goes away cancels the request being handled for it; a client that waits gets its
// answer, call after call on its kept-alive connection (ClientDisconnect.swift).
import AsyncHTTPClient
import Hummingbird
import NIOCore
import NIOPosix
import Synchronization
import Testing
import TestSupport

@testable import GatehouseServer

@Suite struct ClientDisconnectTests {
    /// What the slow route's handlers did, in order: "started", then "finished" or "cancelled".
    final class HandlerEvents: Sendable {
        private let log = Mutex<[String]>([])
        func record(_ event: String) { log.withLock { $0.append(event) } }
        var all: [String] { log.withLock { $0 } }

        /// The events once there are `count`, waiting at most ten seconds (the slow route sleeps thirty).
        func waitFor(_ count: Int) async throws -> [String] {
            try await eventually(timeout: .seconds(10), until: { $0.count >= count }) { all }
        }
    }

    /// A server whose `/slow?seconds=N` sleeps N seconds, reporting to `events`.
    private func withSlowServer(
        pinnedConnectionLimit: Int, _ body: (Int, HandlerEvents) async throws -> Void
    ) async throws {
        let events = HandlerEvents()
        let router = Router()
        router.get("slow") { request, _ -> String in
            let seconds = Double(request.uri.queryParameters.get("seconds") ?? "") ?? 30
            events.record("started")
            do {
                try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
            } catch {
                events.record("cancelled")
                throw error
            }
            events.record("finished")
            return "done"
        }
        try await withTestServer(router: router, pinnedConnectionLimit: pinnedConnectionLimit) { port in
            try await body(port, events)
        }
    }

    /// Opens a plain TCP connection and sends `request` on it.
    private func connect(port: Int, sending request: String) async throws -> any Channel {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .connect(host: "127.0.0.1", port: port).get()
        try await channel.writeAndFlush(ByteBuffer(string: request)).get()
        return channel
    }

    @Test(arguments: [(false, 2), (false, 0), (true, 2)])
    func aClientThatGoesAwayCancelsItsRequest(closeOutputOnly: Bool, pinnedConnectionLimit: Int)
        async throws
    {
        try await withSlowServer(pinnedConnectionLimit: pinnedConnectionLimit) { port, events in
            let channel = try await connect(
                port: port, sending: "GET /slow?seconds=30 HTTP/1.1\r\nHost: test\r\n\r\n")
            #expect(try await events.waitFor(1) == ["started"])
            // A full close and a half close (the client stops sending and waits) both end the call.
            try await channel.close(mode: closeOutputOnly ? .output : .all).get()
            #expect(
                try await events.waitFor(2) == ["started", "cancelled"],
                "the handler ran on after its client had gone")
            if closeOutputOnly { try? await channel.close().get() }
        }
    }

    @Test func aClientThatWaitsGetsItsAnswers() async throws {
        try await withSlowServer(pinnedConnectionLimit: 2) { port, events in
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            for round in 1...2 {
                let response = try await client.execute(
                    HTTPClientRequest(url: "http://127.0.0.1:\(port)/slow?seconds=0.3"), timeout: .seconds(30)
                )
                #expect(response.status == .ok)
                #expect(String(buffer: try await response.body.collect(upTo: 1024)) == "done")
                #expect(
                    events.all == Array(repeating: ["started", "finished"], count: round).flatMap { $0 })
            }
            try await client.shutdown()
        }
    }

    @Test func theSignalEndsAWaitWhetherItFiresBeforeOrDuringItAndACancelledWaitEndsToo() async {
        let early = ClientDisconnectSignal()
        early.fire()
        await early.wait()  // returns at once: the client was gone before the connection's task looked

        let during = ClientDisconnectSignal()
        async let waited: Void = during.wait()
        try? await Task.sleep(for: .milliseconds(50))
        during.fire()
        await waited

        let unfired = ClientDisconnectSignal()
        let waiter = Task { await unfired.wait() }
        waiter.cancel()
        await waiter.value  // a wait the connection no longer needs ends when cancelled
    }
}
