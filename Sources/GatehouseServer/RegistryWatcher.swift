// Keeps the data plane's directory in step with the registry: reloads it whenever the registry
// generation moves (changes made by this process, the CLI on the same folder, or the admin API),
// closes connections of servers that went away, and starts discovery for servers that are new,
// changed, or never discovered.
import Foundation
import Gateway
import Logging
import MCPCore
import Registry
import ServiceLifecycle
import Synchronization

/// Polls the registry generation and rebuilds the directory on change.
final class RegistryWatcher: Service, CatalogSink, DirectoryFreshness {
    let registry: RegistryService
    let provider: DirectoryProvider
    let pool: UpstreamPool
    let logger: Logger
    /// How often the generation is read.
    let interval: Duration
    private let refresher = Mutex<CatalogRefresher?>(nil)
    private let loaded = Mutex<Int64>(-1)
    /// When an unknown key last made us check the store (at most every `freshnessInterval`).
    private let lastFreshnessCheck = Mutex<ContinuousClock.Instant?>(nil)
    let freshnessInterval: Duration = .milliseconds(250)
    private let wake: AsyncStream<Void>.Continuation
    private let wakes: AsyncStream<Void>

    init(registry: RegistryService, provider: DirectoryProvider, pool: UpstreamPool, logger: Logger, interval: Duration = .seconds(1)) {
        self.registry = registry
        self.provider = provider
        self.pool = pool
        self.logger = logger
        self.interval = interval
        (wakes, wake) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Discovery goes through this refresher (set before `run`).
    func use(_ refresher: CatalogRefresher) { self.refresher.withLock { $0 = refresher } }

    /// Loads the current state into the directory now.
    @discardableResult
    func reload() async throws -> RegistryState {
        let state = try await registry.state()
        let old = provider.current
        let directory = DirectoryBuilder.directory(from: state)
        loaded.withLock { $0 = state.generation }
        provider.update(directory)
        await pool.retain(only: directory.servers)
        // Discover what is new or changed, and what was never discovered.
        let stale = directory.servers.values.filter { server in
            guard server.acceptsCalls else { return false }
            return old.servers[server.slug]?.upstream != server.upstream || state.catalogs[server.slug] == nil
        }
        if !stale.isEmpty, let refresher = refresher.withLock({ $0 }) {
            Task { await refresher.refresh(stale) }
        }
        return state
    }

    /// Asks for a reload at the next opportunity (coalesced).
    func reloadSoon() { wake.yield() }

    func run() async throws {
        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: self.interval)
                        self.wake.yield()
                    }
                }
                for await _ in wakes {
                    do {
                        let generation = try await registry.generation()
                        if generation != loaded.withLock({ $0 }) { try await reload() }
                    } catch {
                        logger.warning("Could not read the registry; keeping the last directory", metadata: ["error": "\(error)"])
                    }
                }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.wake.finish()
        }
    }

    // MARK: DirectoryFreshness

    func fresherDirectory(than generation: Int64) async -> GatewayDirectory? {
        let now = ContinuousClock.now
        let allowed = lastFreshnessCheck.withLock { last -> Bool in
            if let last, now - last < freshnessInterval { return false }
            last = now
            return true
        }
        guard allowed, let current = try? await registry.generation(), current != generation else { return nil }
        guard (try? await reload()) != nil else { return nil }
        return provider.current
    }

    // MARK: CatalogSink

    func recordDiscovery(_ discovery: Discovery) async {
        let catalog = DiscoveredCatalog(
            server: discovery.server, discoveredAt: discovery.at, protocolVersion: discovery.handshake?.protocolVersion.rawValue,
            serverInfoJSON: discovery.handshake?.serverInfo.map { JSONValueText.compact(.object($0)) },
            tools: discovery.tools.map { CatalogItem(name: $0["name"]?.stringValue ?? "", definitionJSON: JSONValueText.compact(.object($0)), definitionHash: DefinitionHash.tool($0)) },
            prompts: discovery.prompts.map { CatalogItem(name: $0["name"]?.stringValue ?? "", definitionJSON: JSONValueText.compact(.object($0)), definitionHash: DefinitionHash.prompt($0)) },
            lastError: discovery.error)
        do {
            try await registry.recordDiscovery(catalog)
            reloadSoon()
        } catch {
            logger.error("Could not store a discovered catalog", metadata: ["gatehouse.server": "\(discovery.server)", "error": "\(error)"])
        }
    }
}

import JSONSchema

/// Compact JSON text of a value.
enum JSONValueText {
    static func compact(_ value: JSONValue) -> String { value.jsonString() }
}
