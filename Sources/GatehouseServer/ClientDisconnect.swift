// A client that goes away cancels the work being done for it. Hummingbird gives a request's
// handler no sign that the client's connection ended while it waits: its server allows half-closed
// connections, so the end of a client's input only costs keep-alive, and a 2026-07-28 call answered
// with plain JSON ran to its end, upstream included, after its client had gone. Here the first
// handler of each connection's pipeline sees the end of the client's input (or the connection's
// close) and the connection's task is cancelled: the request in hand then ends as any cancelled
// call does (its upstream request cancelled the way the upstream's era expects, its audit record
// "cancelled"), and a long-lived event stream ends at once instead of at its next write. As with
// Go's net/http, a client that half-closes its side while it waits for an answer counts as gone.
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import Synchronization

/// Fires once, when the client's side of a connection ends; `wait()` returns then.
final class ClientDisconnectSignal: Sendable {
    private enum State {
        case open
        case waiting(CheckedContinuation<Void, Never>)
        case ended
    }
    private let state = Mutex<State>(.open)

    func fire() {
        let waiter: CheckedContinuation<Void, Never>? = state.withLock { state in
            defer { state = .ended }
            if case .waiting(let continuation) = state { return continuation }
            return nil
        }
        waiter?.resume()
    }

    /// Returns once the client is gone, or once the calling task is cancelled.
    func wait() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state -> Bool in
                    guard case .open = state else { return true }
                    state = .waiting(continuation)
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            // The signal belongs to one connection whose work is over: marking it ended is harmless.
            fire()
        }
    }
}

/// The first handler of a connection's pipeline: it passes everything on and fires the signal
/// when the peer's input ends or the channel closes.
final class ClientDisconnectHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    let signal: ClientDisconnectSignal

    init(signal: ClientDisconnectSignal) { self.signal = signal }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .inputClosed? = event as? ChannelEvent { signal.fire() }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        signal.fire()
        context.fireChannelInactive()
    }
}

/// A child channel whose connection task is cancelled when its client goes away.
struct CancelOnDisconnectChildChannel<Inner: ServerChildChannel>: ServerChildChannel {
    struct Value: ServerChildChannelValue {
        let inner: Inner.Value
        let disconnect: ClientDisconnectSignal
        var channel: any Channel { inner.channel }
    }

    let inner: Inner

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let signal = ClientDisconnectSignal()
        return channel.eventLoop.makeCompletedFuture {
            // First, so that it sees the socket's own events under TLS and the HTTP codecs alike.
            try channel.pipeline.syncOperations.addHandler(ClientDisconnectHandler(signal: signal), position: .first)
        }.flatMap {
            inner.setup(channel: channel, logger: logger)
        }.map {
            Value(inner: $0, disconnect: signal)
        }
    }

    func handle(value: Value, logger: Logger) async {
        // Child tasks keep the connection task's executor preference (ConnectionExecutor.swift).
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await inner.handle(value: value.inner, logger: logger) }
            group.addTask { await value.disconnect.wait() }
            // Whichever ends first: the connection's work (then the wait is cancelled), or the
            // client (then the work is).
            await group.next()
            group.cancelAll()
        }
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 over TLS (the mTLS listener), each connection's work cancelled when its client goes
    /// away.
    static func tlsCancellingOnDisconnect(tlsConfiguration: TLSConfiguration) -> HTTPServerBuilder {
        .init { responder in
            CancelOnDisconnectChildChannel(inner: try TLSChannel(HTTP1Channel(responder: responder), tlsConfiguration: tlsConfiguration))
        }
    }
}
