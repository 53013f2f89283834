// A Hummingbird application on the gateway's own server builder, on a free port, for the tests of
// how client connections are run (ConnectionExecutorTests, ClientDisconnectTests).
import Hummingbird
import Testing

@testable import GatehouseServer

/// Runs `router` behind `http1LoadAware(pinnedConnectionLimit:)` on 127.0.0.1 and gives `body`
/// the port; the server stops when `body` returns.
func withTestServer(
    router: Router<BasicRequestContext>, pinnedConnectionLimit: Int,
    _ body: (Int) async throws -> Void
) async throws {
    let (ports, listening) = AsyncStream<Int>.makeStream()
    let app = Application(
        router: router, server: .http1LoadAware(pinnedConnectionLimit: pinnedConnectionLimit),
        configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in listening.yield(channel.localAddress?.port ?? 0) })
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        try await body(port)
        group.cancelAll()
    }
}
