// The little state legacy sessions need inside one process: which session ids were terminated
// (DELETE), which calls are in flight (for notifications/cancelled), and which server-to-client
// requests await a client's answer.
import Foundation
import MCPCore
import Synchronization

/// Per-process session bookkeeping.
package final class SessionRegistry: Sendable {
    private struct State {
        /// Terminated session ids, kept until they would have expired anyway.
        var terminated: [String: Date] = [:]
        var inFlight: [String: [JSONRPCID: Task<Void, Never>]] = [:]
        var waiting: [String: CheckedContinuation<JSONRPCResponse, any Error>] = [:]
        var nextServerRequest = 1
    }

    private let state = Mutex(State())
    let lifetime: Duration

    package init(lifetime: Duration) {
        self.lifetime = lifetime
    }

    /// Whether `state` (opened from `id`) is usable now.
    package func isLive(_ id: String, _ session: SessionState, now: Date = Date()) -> Bool {
        guard now.timeIntervalSince(session.issuedAt) < Double(lifetime.components.seconds) else { return false }
        return state.withLock { $0.terminated[id] == nil }
    }

    package func terminate(_ id: String, session: SessionState) {
        let expiry = session.issuedAt.addingTimeInterval(Double(lifetime.components.seconds))
        let tasks = state.withLock { s -> [Task<Void, Never>] in
            s.terminated[id] = expiry
            let now = Date()
            s.terminated = s.terminated.filter { $0.value > now }
            return Array(s.inFlight.removeValue(forKey: id)?.values ?? [:].values)
        }
        for t in tasks { t.cancel() }
    }

    // MARK: In-flight calls

    package func track(_ task: Task<Void, Never>, session: String, request: JSONRPCID) {
        state.withLock { $0.inFlight[session, default: [:]][request] = task }
    }

    /// Forgets `task` once its answer is written (a newer call that reuses the id stays).
    package func untrack(_ task: Task<Void, Never>, session: String, request: JSONRPCID) {
        state.withLock { s in
            guard s.inFlight[session]?[request] == task else { return }
            s.inFlight[session]?[request] = nil
            if s.inFlight[session]?.isEmpty == true { s.inFlight[session] = nil }
        }
    }

    /// Cancels a call the client gave up on (`notifications/cancelled`).
    package func cancel(session: String, request: JSONRPCID) {
        state.withLock { $0.inFlight[session]?[request] }?.cancel()
    }

    // MARK: Server-to-client requests

    /// A fresh id for a request the gateway sends to a client.
    package func nextServerRequestID() -> JSONRPCID {
        state.withLock { s in
            defer { s.nextServerRequest += 1 }
            return .string("gh-\(s.nextServerRequest)")
        }
    }

    /// Waits for the client's answer to `id` on `session`.
    package func awaitResponse(session: String, id: JSONRPCID, timeout: Duration) async throws -> JSONRPCResponse {
        let key = session + "\u{0}" + id.description
        return try await withThrowingTaskGroup(of: JSONRPCResponse.self) { group in
            group.addTask {
                try await withTaskCancellationHandler {
                    try await withCheckedThrowingContinuation { c in
                        self.state.withLock { $0.waiting[key] = c }
                        // Cancellation may have come before the waiter was registered.
                        if Task.isCancelled { self.state.withLock { $0.waiting.removeValue(forKey: key) }?.resume(throwing: CancellationError()) }
                    }
                } onCancel: {
                    self.state.withLock { $0.waiting.removeValue(forKey: key) }?.resume(throwing: CancellationError())
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw CancellationError()
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }

    /// Delivers a client's answer; `false` when nobody waits for it.
    package func deliver(session: String, response: JSONRPCResponse) -> Bool {
        guard let id = response.id else { return false }
        let key = session + "\u{0}" + id.description
        guard let c = state.withLock({ $0.waiting.removeValue(forKey: key) }) else { return false }
        c.resume(returning: response)
        return true
    }
}
