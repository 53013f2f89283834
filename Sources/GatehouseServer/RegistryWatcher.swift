// Keeps the data plane's directory in step with the registry: reloads it whenever the registry
// generation moves (changes made by this process, the CLI on the same folder, or the admin API),
// closes connections of servers that went away, and starts discovery for servers that are new,
// changed, or never discovered.
import Foundation
import Gateway
import Guardrails
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
    /// How often servers whose discovery failed (or never ran) are tried again.
    let rediscoveryInterval: Duration
    /// Project-wide Shield settings (the enable limit holds tools back in the directory).
    let shield: ShieldConfiguration
    private let lastState = Mutex<RegistryState?>(nil)
    private let refresher = Mutex<CatalogRefresher?>(nil)
    private let loaded = Mutex<Int64>(-1)
    /// The freshness check in progress, and when one last found nothing new.
    private let freshnessCheck = Mutex<(running: Task<Bool, Never>?, lastEmpty: ContinuousClock.Instant?)>((nil, nil))
    let freshnessInterval: Duration = .milliseconds(250)
    private let wake: AsyncStream<Void>.Continuation
    private let wakes: AsyncStream<Void>

    init(
        registry: RegistryService, provider: DirectoryProvider, pool: UpstreamPool, logger: Logger, interval: Duration = .seconds(1),
        rediscoveryInterval: Duration = .seconds(15), shield: ShieldConfiguration = ShieldConfiguration()
    ) {
        self.shield = shield
        self.registry = registry
        self.provider = provider
        self.pool = pool
        self.logger = logger
        self.interval = interval
        self.rediscoveryInterval = rediscoveryInterval
        (wakes, wake) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Discovery goes through this refresher (set before `run`).
    func use(_ refresher: CatalogRefresher) { self.refresher.withLock { $0 = refresher } }

    /// Loads the current state into the directory now.
    @discardableResult
    func reload() async throws -> RegistryState {
        let state = try await registry.state()
        let old = provider.current
        let directory = DirectoryBuilder.directory(from: state, projectLimit: shield.enableMaxSeverity)
        loaded.withLock { $0 = state.generation }
        lastState.withLock { $0 = state }
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
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: self.interval)
                        self.wake.yield()
                    }
                }
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: self.rediscoveryInterval)
                        await self.rediscoverFailed()
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

    /// Tries discovery again for servers that were down or misbehaving when last asked.
    func rediscoverFailed() async {
        guard let state = lastState.withLock({ $0 }), let refresher = refresher.withLock({ $0 }) else { return }
        let directory = provider.current
        let failed = directory.servers.values.filter { server in
            server.acceptsCalls && (state.catalogs[server.slug].map { $0.lastError != nil } ?? true)
        }
        if !failed.isEmpty { await refresher.refresh(failed) }
    }

    // MARK: DirectoryFreshness

    /// One check at a time; callers that arrive while it runs wait for its answer (so a burst of
    /// first requests with a brand-new key all succeed), and a check that found nothing new is not
    /// repeated for `freshnessInterval` (so unknown keys cannot make us hammer the store).
    func fresherDirectory(than generation: Int64) async -> GatewayDirectory? {
        if provider.current.generation != generation { return provider.current }
        let task = freshnessCheck.withLock { state -> Task<Bool, Never>? in
            if let running = state.running { return running }
            if let last = state.lastEmpty, ContinuousClock.now - last < freshnessInterval { return nil }
            let t = Task { () -> Bool in
                guard let current = try? await self.registry.generation(), current != self.loaded.withLock({ $0 }) else { return false }
                return (try? await self.reload()) != nil
            }
            state.running = t
            return t
        }
        guard let task else { return nil }
        let changed = await task.value
        freshnessCheck.withLock { state in
            if state.running == task { state.running = nil }
            if !changed { state.lastEmpty = .now }
        }
        return provider.current.generation != generation ? provider.current : nil
    }

    // MARK: CatalogSink

    func recordDiscovery(_ discovery: Discovery) async {
        // Shield scans every definition as it is discovered (so whenever definitions change), with
        // the other servers' tools in view for the shadowing rules.
        let others = provider.current.servers.values.filter { $0.slug != discovery.server }
        let scanner = DefinitionScanner(
            context: ScanContext(
                siblings: Set(discovery.tools.compactMap { $0["name"]?.stringValue }),
                otherServers: Dictionary(others.map { ($0.slug, $0.tools.map(\.name)) }, uniquingKeysWith: { a, _ in a })))
        func item(_ kind: ItemKind, _ o: JSONObject, hash: String) -> CatalogItem {
            let name = o["name"]?.stringValue ?? o["uriTemplate"]?.stringValue ?? ""
            return CatalogItem(
                name: name, definitionJSON: JSONValueText.compact(.object(o)), definitionHash: hash,
                findings: scanner.scan(ScanItem(kind: kind, name: name, definition: o)))
        }
        let catalog = DiscoveredCatalog(
            server: discovery.server, discoveredAt: discovery.at, protocolVersion: discovery.handshake?.protocolVersion.rawValue,
            serverInfoJSON: discovery.handshake?.serverInfo.map { JSONValueText.compact(.object($0)) },
            tools: discovery.tools.map { item(.tool, $0, hash: DefinitionHash.tool($0)) },
            prompts: discovery.prompts.map { item(.prompt, $0, hash: DefinitionHash.prompt($0)) },
            resourceTemplates: discovery.error != nil ? nil : discovery.resourceTemplates.map { item(.resourceTemplate, $0, hash: DefinitionHash.resourceTemplate($0)) },
            lastError: discovery.error)
        let flagged = catalog.tools.filter { ($0.findings ?? []).contains { $0.severity >= .high } }.map(\.name)
        if !flagged.isEmpty {
            logger.warning("Shield: tools with high or critical findings", metadata: ["gatehouse.server": "\(discovery.server)", "gatehouse.tools": "\(flagged.joined(separator: ","))"])
        }
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
