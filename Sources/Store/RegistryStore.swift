// Persistence behind protocols. The Store module keeps the registry (servers, applications, API
// keys, discovered catalogs) as JSON documents in named collections, a small key/value meta table,
// a monotonically increasing registry generation, and the audit log. It knows nothing of the
// registry's model types: Registry encodes them; Store keeps them durable and consistent, and lets
// several processes (a running `gatehouse serve` and the CLI) share one data folder.
//
// SQLite is the one implementation today (`SQLiteStore`); the protocols here are what a PostgreSQL
// implementation will adopt for scale-out.

/// Durable registry storage shared by every process that opens the same location.
///
/// Reads and writes happen in transactions: ``read(_:)`` sees one consistent snapshot, and
/// ``write(_:)`` is atomic and serialized against every other writer, in this process or another.
/// A write that changed any registry document bumps the ``generation()`` exactly once when it
/// commits, so a poller notices every committed change.
///
/// ```swift
/// let store = try await SQLiteStore.open(directory: dataURL, logger: logger)
/// try await store.write { tx in
///     try await tx.put(StoredDocument(key: "notes", body: json), in: .servers)
/// }
/// let generation = try await store.generation()   // one more than before
/// ```
package protocol RegistryStore: Sendable {
    /// Where the store lives, for messages (a file path, a database URL without credentials).
    var location: String { get }

    /// The current registry generation: increases with every committed registry change, from any
    /// process sharing the store. Cheap enough to poll about once a second.
    func generation() async throws -> Int64

    /// Runs `body` inside a read transaction: every read in it sees the same snapshot.
    func read<T: Sendable>(_ body: (any RegistryStoreReader) async throws -> T) async throws -> T

    /// Runs `body` inside a write transaction that commits when `body` returns and rolls back when
    /// it throws. Writers are serialized; a change to a registry document bumps the generation
    /// once, at commit.
    func write<T: Sendable>(_ body: (any RegistryStoreWriter) async throws -> T) async throws -> T

    /// The audit log kept in the same store.
    var auditLog: any AuditLog { get }

    /// Releases connections and threads. The store must not be used afterwards.
    func close() async
}

/// Reads within one transaction.
package protocol RegistryStoreReader {
    /// The generation as of this transaction's snapshot.
    func generation() async throws -> Int64
    /// Every document of a collection, ordered by key.
    func documents(in collection: StoreCollection) async throws -> [StoredDocument]
    /// One document, or `nil` when the key is absent.
    func document(_ key: String, in collection: StoreCollection) async throws -> StoredDocument?
    /// A value from the meta table, or `nil` when unset.
    func meta(_ key: String) async throws -> String?
}

/// Reads and writes within one write transaction.
package protocol RegistryStoreWriter: RegistryStoreReader {
    /// Inserts or replaces a document.
    /// - Parameter bumpsGeneration: `false` for bookkeeping that the data plane need not react to
    ///   (a key's last-used time, say); the default counts the write as a registry change.
    func put(_ document: StoredDocument, in collection: StoreCollection, bumpsGeneration: Bool) async throws
    /// Deletes a document; returns whether it existed. A deletion from a registry collection is a
    /// registry change.
    @discardableResult
    func delete(_ key: String, in collection: StoreCollection) async throws -> Bool
    /// Sets (or with `nil`, removes) a meta value. Meta values are not registry state: they do not
    /// bump the generation.
    func setMeta(_ value: String?, for key: String) async throws
    /// Appends audit records in this transaction: they are stored (and chained) exactly when the
    /// change they describe commits.
    func appendAudit(_ records: [AuditRecord]) async throws
}

extension RegistryStoreWriter {
    /// Inserts or replaces a document as a registry change.
    package func put(_ document: StoredDocument, in collection: StoreCollection) async throws {
        try await put(document, in: collection, bumpsGeneration: true)
    }
}

/// A named set of documents: one table in SQL stores. Closed set, grown by adding statics.
package struct StoreCollection: Sendable, Hashable, CustomStringConvertible {
    /// The table name; only the statics below exist, so it is safe to splice into SQL.
    package let table: String
    /// Whether writes to it are registry changes that bump the generation. Bookkeeping of the
    /// authorization server (clients registered on the fly, codes, refresh tokens) is not: it
    /// changes on every sign-in and the data plane never reads it.
    package let isRegistryState: Bool
    private init(table: String, isRegistryState: Bool = true) {
        self.table = table
        self.isRegistryState = isRegistryState
    }

    /// Server entries by slug.
    package static let servers = StoreCollection(table: "servers")
    /// Applications by name.
    package static let applications = StoreCollection(table: "applications")
    /// API keys (hashes only) by key id.
    package static let apiKeys = StoreCollection(table: "api_keys")
    /// Discovered catalogs by server slug.
    package static let catalogs = StoreCollection(table: "catalogs")
    /// Attached Cedar policies by id.
    package static let policies = StoreCollection(table: "policies")
    /// Rate-limit rules by id.
    package static let rateLimits = StoreCollection(table: "rate_limits")
    /// Approved (pinned) tool and prompt definition hashes, by server slug.
    package static let pins = StoreCollection(table: "pins")

    /// Built-in and signed-in users by name.
    package static let users = StoreCollection(table: "users")
    /// Client certificate mappings by normalised certificate name.
    package static let certificateMappings = StoreCollection(table: "certificate_mappings")
    /// Access token signing keys by key id.
    package static let signingKeys = StoreCollection(table: "signing_keys")
    /// Revoked access tokens and grant families, until they would have expired anyway.
    package static let revocations = StoreCollection(table: "revocations")
    /// OAuth clients (dynamically registered and pre-registered) by client id.
    package static let oauthClients = StoreCollection(table: "oauth_clients", isRegistryState: false)
    /// Authorization codes, refresh tokens, pending authorizations, by hashed secret or id.
    package static let oauthGrants = StoreCollection(table: "oauth_grants", isRegistryState: false)

    /// Every collection, in the order a snapshot reads them.
    package static let all: [StoreCollection] = [
        .servers, .applications, .apiKeys, .catalogs, .policies, .rateLimits, .pins, .users, .certificateMappings, .signingKeys, .revocations,
        .oauthClients, .oauthGrants,
    ]

    package var description: String { table }
}

/// One stored document: a key unique within its collection and a JSON body the store keeps as is.
package struct StoredDocument: Sendable, Equatable {
    package var key: String
    /// JSON text, written by the registry's encoders.
    package var body: String

    package init(key: String, body: String) {
        self.key = key
        self.body = body
    }
}
