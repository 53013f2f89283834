// Where a client connection's handlers run. While the gateway has only a few client connections
// open (one agent, a desktop client), each connection's work runs on the NIO event loop that owns
// its socket: a lone call then stays on one thread, upstream hop included (about 100 µs less at
// p50). Under load, running every handler on the event loops costs 10–12 % of throughput on a
// small machine (a preempted loop stalls every connection it owns), so connections opened beyond
// the limit never prefer their loop, and a pinned connection's jobs go to Swift's cooperative
// pool while more connections are open. bench/README.md (run 5) has the figures.
import HummingbirdCore
import Logging
import NIOCore
import Synchronization

/// Counts the open client connections of one listener and says whether work may stay on a loop.
final class ConnectionLoad: Sendable {
    /// Up to this many open connections, handlers run on their event loops.
    let pinnedConnectionLimit: Int
    private let open = Atomic<Int>(0)

    init(pinnedConnectionLimit: Int) { self.pinnedConnectionLimit = pinnedConnectionLimit }

    var runsOnEventLoops: Bool { open.load(ordering: .relaxed) <= pinnedConnectionLimit }

    func opened() { open.add(1, ordering: .relaxed) }
    func closed() { open.subtract(1, ordering: .relaxed) }
}

/// A task executor for one connection: its event loop while the load is light, the global pool
/// otherwise.
final class ConnectionExecutor: TaskExecutor {
    let eventLoop: any EventLoop
    let load: ConnectionLoad

    init(eventLoop: any EventLoop, load: ConnectionLoad) {
        self.eventLoop = eventLoop
        self.load = load
    }

    func enqueue(_ job: consuming ExecutorJob) {
        if load.runsOnEventLoops {
            let job = UnownedJob(job)
            eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
        } else {
            globalConcurrentExecutor.enqueue(job)
        }
    }
}

/// A child channel whose connection task prefers a `ConnectionExecutor`.
struct LoadAwareChildChannel<Inner: ServerChildChannel>: ServerChildChannel {
    typealias Value = Inner.Value
    let inner: Inner
    let load: ConnectionLoad

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        inner.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        load.opened()
        defer { load.closed() }
        // A connection opened under load never prefers an executor: a task that prefers one
        // pays an extra enqueue at every resumption even when the jobs end up on the pool.
        guard load.runsOnEventLoops else { return await inner.handle(value: value, logger: logger) }
        await withTaskExecutorPreference(ConnectionExecutor(eventLoop: value.channel.eventLoop, load: load)) {
            await inner.handle(value: value, logger: logger)
        }
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 whose connections run on their event loops while at most `pinnedConnectionLimit`
    /// are open (0 turns that off: every handler runs on the cooperative pool), each connection's
    /// work cancelled when its client goes away (ClientDisconnect.swift).
    static func http1LoadAware(pinnedConnectionLimit: Int, configuration: HTTP1Channel.Configuration = .init()) -> HTTPServerBuilder {
        let load = ConnectionLoad(pinnedConnectionLimit: pinnedConnectionLimit)
        return .init { responder in
            LoadAwareChildChannel(
                inner: CancelOnDisconnectChildChannel(inner: HTTP1Channel(responder: responder, configuration: configuration)), load: load)
        }
    }
}
