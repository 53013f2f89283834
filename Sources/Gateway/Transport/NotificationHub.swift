// Fans server-side changes out to connected clients: legacy sessions' standalone GET streams and
// 2026-07-28 `subscriptions/listen` streams. A listener hears about a server only if its
// endpoint shows that server and its application may use it.
import Foundation
import MCPCore
import Synchronization

/// Delivers `list_changed` notifications to listening clients.
package final class NotificationHub: Sendable {
    /// What a listener wants to hear.
    package struct Interest: Sendable, OptionSet {
        package let rawValue: Int
        package init(rawValue: Int) { self.rawValue = rawValue }
        package static let tools = Interest(rawValue: 1)
        package static let prompts = Interest(rawValue: 2)
        package static let resources = Interest(rawValue: 4)
        package static let all: Interest = [.tools, .prompts, .resources]
    }

    /// One connected stream.
    package struct Listener: Sendable {
        package var endpoint: Endpoint
        package var application: String
        package var interest: Interest
        /// A session id whose termination ends this listener (legacy GET streams).
        package var sessionID: String?
        package var deliver: @Sendable (JSONRPCNotification) -> Void
        package var finish: @Sendable () -> Void
    }

    private struct State {
        var listeners: [UUID: Listener] = [:]
        var closed = false
    }

    private let state = Mutex(State())

    package init() {}

    /// Adds a listener; returns the token to remove it, or `nil` when the hub is shut down.
    package func add(_ listener: Listener) -> UUID? {
        let id = UUID()
        let added = state.withLock { s -> Bool in
            guard !s.closed else { return false }
            s.listeners[id] = listener
            return true
        }
        return added ? id : nil
    }

    package func remove(_ id: UUID) {
        _ = state.withLock { $0.listeners.removeValue(forKey: id) }
    }

    /// Ends the streams of a terminated session.
    package func endSession(_ sessionID: String) {
        let ended = state.withLock { s -> [Listener] in
            let matching = s.listeners.filter { $0.value.sessionID == sessionID }
            for id in matching.keys { s.listeners[id] = nil }
            return Array(matching.values)
        }
        for l in ended { l.finish() }
    }

    /// Announces that `kind` changed on `server`.
    /// - Parameter visible: whether an application may see that server (its allow list).
    package func publish(_ kind: Interest, server: String, visible: (String) -> Bool) {
        let method: String
        switch kind {
        case .tools: method = MCPMethod.toolsListChanged
        case .prompts: method = MCPMethod.promptsListChanged
        default: method = MCPMethod.resourcesListChanged
        }
        let targets = state.withLock { s in
            s.listeners.values.filter { l in
                guard l.interest.contains(kind) else { return false }
                switch l.endpoint {
                case .merged: return true
                case .server(let slug): return slug == server
                }
            }
        }
        var notified = Set<String>()
        for l in targets where visible(l.application) {
            _ = notified.insert(l.application)
            l.deliver(JSONRPCNotification(method: method))
        }
    }

    /// Ends every stream (graceful shutdown).
    package func shutdown() {
        let all = state.withLock { s -> [Listener] in
            s.closed = true
            defer { s.listeners = [:] }
            return Array(s.listeners.values)
        }
        for l in all { l.finish() }
    }

    package var count: Int { state.withLock { $0.listeners.count } }
}
