// The live directory: replaced wholesale when the registry changes, read by every request.
import Synchronization

/// Holds the current ``GatewayDirectory``; readers get a consistent snapshot without waiting on
/// storage.
package final class DirectoryProvider: Sendable {
    private let state: Mutex<GatewayDirectory>
    private let observers: Mutex<[@Sendable (GatewayDirectory, GatewayDirectory) -> Void]>

    package init(_ initial: GatewayDirectory = GatewayDirectory()) {
        state = Mutex(initial)
        observers = Mutex([])
    }

    package var current: GatewayDirectory { state.withLock { $0 } }

    /// Replaces the directory and tells observers (old, new).
    package func update(_ directory: GatewayDirectory) {
        let old = state.withLock { s in
            let old = s
            s = directory
            return old
        }
        for o in observers.withLock({ $0 }) { o(old, directory) }
    }

    /// Registers a callback run after every update (used to announce `list_changed`).
    package func observe(_ observer: @escaping @Sendable (GatewayDirectory, GatewayDirectory) -> Void) {
        observers.withLock { $0.append(observer) }
    }
}
