// The SQLite schema as an ordered list of migrations. A migration is never edited once released:
// change the schema by appending one. Each runs in the transaction that records it, so a crash
// leaves the database at a whole version.

/// One step of the schema.
struct SQLiteMigration: Sendable {
    /// 1, 2, 3 … with no gaps.
    let version: Int
    let summary: String
    let statements: [String]
}

/// The migrations this Gatehouse knows, oldest first.
enum SQLiteSchema {
    static let migrations: [SQLiteMigration] = [
        SQLiteMigration(
            version: 1,
            summary: "registry documents, generation, meta, audit log",
            statements: [
                // Registry collections: one JSON document per key (see `StoreCollection`).
                """
                CREATE TABLE servers (key TEXT PRIMARY KEY NOT NULL, body TEXT NOT NULL, updated_at INTEGER NOT NULL)
                """,
                """
                CREATE TABLE applications (key TEXT PRIMARY KEY NOT NULL, body TEXT NOT NULL, updated_at INTEGER NOT NULL)
                """,
                """
                CREATE TABLE api_keys (key TEXT PRIMARY KEY NOT NULL, body TEXT NOT NULL, updated_at INTEGER NOT NULL)
                """,
                """
                CREATE TABLE catalogs (key TEXT PRIMARY KEY NOT NULL, body TEXT NOT NULL, updated_at INTEGER NOT NULL)
                """,
                // One row: the registry generation, bumped by every committed registry change.
                """
                CREATE TABLE registry_generation (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL)
                """,
                "INSERT INTO registry_generation (id, value) VALUES (1, 0)",
                "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)",
                // The audit log: columns to query by, plus the whole record as JSON so fields added to
                // `AuditRecord` later are kept without a migration.
                """
                CREATE TABLE audit_log (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    time_us INTEGER NOT NULL,
                    application TEXT,
                    method TEXT NOT NULL,
                    server TEXT,
                    outcome TEXT NOT NULL,
                    record TEXT NOT NULL
                )
                """,
                "CREATE INDEX audit_log_time ON audit_log (time_us)",
            ]
        ),
        SQLiteMigration(
            version: 2,
            summary: "policies, rate limits, pins; hash-chained audit log",
            statements: [
                "CREATE TABLE policies (key TEXT PRIMARY KEY NOT NULL, body TEXT NOT NULL, updated_at INTEGER NOT NULL)",
                "CREATE TABLE rate_limits (key TEXT PRIMARY KEY NOT NULL, body TEXT NOT NULL, updated_at INTEGER NOT NULL)",
                "CREATE TABLE pins (key TEXT PRIMARY KEY NOT NULL, body TEXT NOT NULL, updated_at INTEGER NOT NULL)",
                // Each record carries the hash of the one before it (see `AuditChain`); rows from
                // version 1 keep NULL and are reported as written before the chain began.
                "ALTER TABLE audit_log ADD COLUMN prev_hash TEXT",
                "ALTER TABLE audit_log ADD COLUMN hash TEXT",
            ]
        ),
        SQLiteMigration(
            version: 3,
            summary: "identity: users, certificate mappings, signing keys, revocations, OAuth clients and grants",
            statements: ["users", "certificate_mappings", "signing_keys", "revocations", "oauth_clients", "oauth_grants"].map {
                "CREATE TABLE \($0) (key TEXT PRIMARY KEY NOT NULL, body TEXT NOT NULL, updated_at INTEGER NOT NULL)"
            }
        ),
    ]

    static var latestVersion: Int { migrations.last?.version ?? 0 }
}
