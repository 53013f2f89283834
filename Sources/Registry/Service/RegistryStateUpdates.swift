// How the data plane follows the registry: poll the cheap generation counter, and read a whole
// snapshot only when it moved. Changes made by any process on the same store (the CLI, the admin
// API, another replica later) arrive this way.
import Logging
import Store

/// Registry snapshots: the current one first, then one each time the generation moves.
///
/// ```swift
/// for try await state in registry.stateUpdates() {
///     catalog.replace(with: state)   // rebuild what the request path reads
/// }
/// ```
/// The sequence polls every `interval` and ends (returns `nil`) when its task is cancelled. A
/// store error while polling (a busy database, say) is logged and retried at the next tick, so one
/// bad moment does not stop the server following the registry.
package struct RegistryStateUpdates: AsyncSequence, Sendable {
    package typealias Element = RegistryState

    let registry: RegistryService
    let interval: Duration

    package struct AsyncIterator: AsyncIteratorProtocol {
        let registry: RegistryService
        let interval: Duration
        var lastGeneration: Int64?

        package mutating func next() async throws -> RegistryState? {
            while !Task.isCancelled {
                if lastGeneration != nil {
                    do { try await Task.sleep(for: interval) } catch { return nil }
                }
                do {
                    let generation = try await registry.generation()
                    guard generation != lastGeneration else { continue }
                    let state = try await registry.state()
                    lastGeneration = state.generation
                    return state
                } catch is CancellationError {
                    return nil
                } catch let error as StoreError {
                    registry.logger.warning(
                        "Registry poll failed; retrying", metadata: ["gatehouse.store.error": "\(error)"])
                    if lastGeneration == nil { lastGeneration = -1 }  // wait before the retry
                }
            }
            return nil
        }
    }

    package func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(registry: registry, interval: interval, lastGeneration: nil)
    }
}

extension RegistryService {
    /// Snapshots of the registry as it changes; see ``RegistryStateUpdates``.
    /// - Parameter interval: How often to check the generation (default one second).
    package func stateUpdates(checkingEvery interval: Duration = .seconds(1)) -> RegistryStateUpdates {
        RegistryStateUpdates(registry: self, interval: interval)
    }
}
