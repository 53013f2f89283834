// Blocking work (a pipe to a helper process, a long synchronous loop) off the cooperative pool.
import Foundation

/// Runs `work` on a thread of its own and awaits it, so the cooperative pool (as many threads as
/// cores: two in CI) keeps running the other tests meanwhile.
func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result(catching: work)) }.start()
    }
}
