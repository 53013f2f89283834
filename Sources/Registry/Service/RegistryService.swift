// The control plane's one entry point. `gatehouse serve` opens it on the data folder, reads
// `state()` snapshots for the data plane (again whenever `generation()` moves), reports discovery
// and key use back, and mounts the admin API on it; the CLI opens the same folder for direct edits.
// Every change goes through one write transaction that re-reads what it depends on, validates the
// result, and commits, so concurrent writers (this process, the CLI, another replica) never leave
// the registry half-changed or dangling.
import Foundation
import Logging
import Store

/// Registry services over a ``RegistryStore``.
package final class RegistryService: Sendable {
    /// The store underneath (shared with the audit log).
    package let store: any RegistryStore
    /// The data folder, for files kept beside the database (`admin-token`); `nil` for stores
    /// without one.
    package let dataDirectory: String?
    let logger: Logger
    /// `GATEHOUSE_ADMIN_TOKEN`, when set: it replaces the stored admin token.
    let adminTokenOverride: String?
    /// The environment `password_env` settings of applied files are read from.
    let environment: [String: String]

    /// The audit log kept in the registry's store.
    package var auditLog: any AuditLog { store.auditLog }

    /// Wraps an open store.
    /// - Parameters:
    ///   - environment: Read for `GATEHOUSE_ADMIN_TOKEN`.
    package init(store: any RegistryStore, dataDirectory: String?, logger: Logger, environment: [String: String] = [:]) {
        self.store = store
        self.dataDirectory = dataDirectory
        self.logger = logger
        self.adminTokenOverride = environment[AdminToken.environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
        self.environment = environment
    }

    /// Opens the SQLite store in `dataDirectory` (creating and migrating it when needed).
    ///
    /// - Parameters:
    ///   - dataDirectory: The data folder (`<data>/gatehouse.sqlite`).
    ///   - logger: For lifecycle messages.
    ///   - environment: Read for `GATEHOUSE_ADMIN_TOKEN`; the process environment by default.
    /// - Throws: `StoreError` naming the folder when it cannot be opened.
    package static func open(
        dataDirectory: String, logger: Logger, environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> RegistryService {
        let store = try await SQLiteStore.open(directory: dataDirectory, logger: logger)
        let folder = (store.path as NSString).deletingLastPathComponent
        return RegistryService(store: store, dataDirectory: folder, logger: logger, environment: environment)
    }

    /// Closes the store.
    package func close() async { await store.close() }

    // MARK: - For the data plane

    /// The current generation; poll it (about once a second) and re-read ``state()`` when it moves.
    package func generation() async throws -> Int64 { try await store.generation() }

    /// Everything the registry holds, read in one transaction.
    package func state() async throws -> RegistryState {
        try await store.read { reader in
            let catalogs = try await RegistryDocuments.all(DiscoveredCatalog.self, in: .catalogs, from: reader)
            let pins = try await RegistryDocuments.all(ServerPins.self, in: .pins, from: reader)
            var state = RegistryState(
                generation: try await reader.generation(),
                servers: try await RegistryDocuments.all(ServerEntry.self, in: .servers, from: reader),
                applications: try await RegistryDocuments.all(Application.self, in: .applications, from: reader),
                keys: try await RegistryDocuments.all(APIKeyEntry.self, in: .apiKeys, from: reader),
                catalogs: Dictionary(catalogs.map { ($0.server, $0) }, uniquingKeysWith: { _, last in last }),
                policies: try await RegistryDocuments.all(PolicyEntry.self, in: .policies, from: reader),
                policySetVersion: try await Self.policyVersion(in: reader),
                rateLimits: try await RegistryDocuments.all(RateLimitEntry.self, in: .rateLimits, from: reader),
                pins: Dictionary(pins.map { ($0.server, $0) }, uniquingKeysWith: { _, last in last }))
            state.identity = try await Self.identityState(from: reader)
            return state
        }
    }

    /// Stores what discovery found for a server.
    ///
    /// When `catalog.lastError` is set and the catalog lists no tools or prompts, the previous
    /// lists (and protocol version and server info) are kept: a failed discovery does not make
    /// tools vanish. The generation moves only when something other than `discoveredAt` changed,
    /// so periodic re-discovery of an unchanged server does not make every poller reload.
    /// Enabled tools (and prompts) discovered for the first time are pinned; a pinned one whose
    /// definition changed is quarantined, with an audit event (see `updatePins`).
    /// - Returns: `false` when the server is no longer registered (nothing is stored).
    @discardableResult
    package func recordDiscovery(_ catalog: DiscoveredCatalog) async throws -> Bool {
        try await store.write { tx in
            guard let entry = try await RegistryDocuments.one(ServerEntry.self, catalog.server, in: .servers, from: tx) else { return false }
            let previous = try await RegistryDocuments.one(DiscoveredCatalog.self, catalog.server, in: .catalogs, from: tx)
            var merged = catalog
            if catalog.lastError != nil, catalog.tools.isEmpty, catalog.prompts.isEmpty, let previous {
                merged.tools = previous.tools
                merged.prompts = previous.prompts
                merged.resourceTemplates = previous.resourceTemplates
                merged.protocolVersion = catalog.protocolVersion ?? previous.protocolVersion
                merged.serverInfoJSON = catalog.serverInfoJSON ?? previous.serverInfoJSON
            }
            var comparable = previous
            comparable?.discoveredAt = merged.discoveredAt
            let changed = comparable != merged
            try await tx.put(try RegistryDocuments.document(merged, key: merged.server), in: .catalogs, bumpsGeneration: changed)
            try await Self.updatePins(for: entry, catalog: merged, previous: previous, in: tx)
            return true
        }
    }

    /// The discovered catalog of a server, or `nil` when it was never discovered.
    /// - Throws: ``RegistryError`` `.notFound` when the server is not registered.
    package func catalog(for slug: String) async throws -> DiscoveredCatalog? {
        try await store.read { reader in
            guard try await reader.document(slug, in: .servers) != nil else { throw RegistryError.serverNotFound(slug) }
            return try await RegistryDocuments.one(DiscoveredCatalog.self, slug, in: .catalogs, from: reader)
        }
    }

    /// Records when keys were last used (ids that no longer exist are skipped). Not a registry
    /// change: the generation does not move.
    package func markKeysUsed(_ uses: [String: Date]) async throws {
        guard !uses.isEmpty else { return }
        try await store.write { tx in
            for (id, time) in uses.sorted(by: { $0.key < $1.key }) {
                guard var entry = try await RegistryDocuments.one(APIKeyEntry.self, id, in: .apiKeys, from: tx) else { continue }
                if let last = entry.lastUsedAt, last >= time { continue }
                entry.lastUsedAt = time
                try await tx.put(try RegistryDocuments.document(entry, key: id), in: .apiKeys, bumpsGeneration: false)
            }
        }
    }
}
