// Records when API keys were last used without touching storage on the request path: uses are
// coalesced in memory and written every few seconds, and once more on shutdown.
import Foundation
import Gateway
import Logging
import Registry
import ServiceLifecycle
import Synchronization

final class KeyUsageWriter: KeyUsageRecorder, Service {
    let registry: RegistryService
    let logger: Logger
    let interval: Duration
    private let pending = Mutex<[String: Date]>([:])

    init(registry: RegistryService, logger: Logger, interval: Duration = .seconds(5)) {
        self.registry = registry
        self.logger = logger
        self.interval = interval
    }

    func keyUsed(id: String, at: Date) {
        pending.withLock { p in
            if let t = p[id], t >= at { return }
            p[id] = at
        }
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: self.interval)
                await self.flush()
            }
        }
        await flush()
    }

    func flush() async {
        let uses = pending.withLock { p in
            defer { p = [:] }
            return p
        }
        guard !uses.isEmpty else { return }
        do {
            try await registry.markKeysUsed(uses)
        } catch {
            logger.warning("Could not record key use", metadata: ["error": "\(error)"])
            pending.withLock { p in for (k, v) in uses where (p[k] ?? .distantPast) < v { p[k] = v } }
        }
    }
}
