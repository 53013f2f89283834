// Where client connections' handlers run: on their event loop while few connections are open, on
// Swift's cooperative pool once more are (ConnectionExecutor.swift).
import AsyncHTTPClient
import Hummingbird
import NIOCore
import NIOPosix
import Testing
import TestSupport

@testable import GatehouseServer

@Suite struct ConnectionExecutorTests {
    /// Runs a server whose one route answers "loop" when its handler runs on an event loop
    /// thread, and gives `body` its port. (Not the test framework's live client: it holds a
    /// connection of its own, which would count.)
    private func withServer(pinnedConnectionLimit: Int, _ body: (Int) async throws -> Void) async throws {
        let router = Router()
        router.get("where") { _, _ in MultiThreadedEventLoopGroup.currentEventLoop == nil ? "pool" : "loop" }
        try await withTestServer(router: router, pinnedConnectionLimit: pinnedConnectionLimit, body)
    }

    /// Asks `/where` over a client of its own (so over a connection of its own, kept open).
    private func whereHandlersRun(_ client: HTTPClient, port: Int) async throws -> String {
        let response = try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/where"), timeout: .seconds(30))
        return String(buffer: try await response.body.collect(upTo: 1024))
    }

    @Test func aLoneConnectionRunsOnItsEventLoopAndOneBeyondTheLimitOnThePool() async throws {
        try await withServer(pinnedConnectionLimit: 1) { port in
            let first = HTTPClient(eventLoopGroupProvider: .singleton)
            let second = HTTPClient(eventLoopGroupProvider: .singleton)
            do {
                // The first connection is the only one open: it stays on its loop, call after call.
                #expect(try await whereHandlersRun(first, port: port) == "loop")
                #expect(try await whereHandlersRun(first, port: port) == "loop")
                // The first client keeps its connection open, so this one is the second.
                #expect(try await whereHandlersRun(second, port: port) == "pool")
                // With two open, the first connection's work moves to the pool as well.
                #expect(try await whereHandlersRun(first, port: port) == "pool")
                try await second.shutdown()
                // Back to one: the first connection returns to its loop.
                // (The server counts a connection closed once its handler has seen the close.)
                let backOnLoop = try await eventually(timeout: .seconds(30)) { try await whereHandlersRun(first, port: port) == "loop" }
                #expect(backOnLoop, "the remaining connection never returned to its event loop")
                try await first.shutdown()
            } catch {
                try? await first.shutdown()
                try? await second.shutdown()
                throw error
            }
        }
    }

    @Test func aLimitOfZeroKeepsEveryHandlerOnThePool() async throws {
        try await withServer(pinnedConnectionLimit: 0) { port in
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            #expect(try await whereHandlersRun(client, port: port) == "pool")
            try await client.shutdown()
        }
    }
}
