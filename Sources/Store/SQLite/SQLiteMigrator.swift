// Brings a database to the latest schema, once, even when several processes open the folder at
// the same moment: the check and the migrations run in one `BEGIN IMMEDIATE` transaction.
import Foundation
import Logging
import SQLKit

struct SQLiteMigrator {
    let path: String
    let logger: Logger

    func migrate(_ db: any SQLDatabase, migrations: [SQLiteMigration] = SQLiteSchema.migrations) async throws {
        let operation = "migrate the store schema"
        do {
            try await db.raw("BEGIN IMMEDIATE").run()
        } catch {
            throw SQLiteStore.mapped(error, operation: operation, path: path)
        }
        do {
            try await db.raw(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY NOT NULL, summary TEXT NOT NULL, applied_at TEXT NOT NULL)
                """
            ).run()
            let current = try await db.raw("SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations")
                .first(decodingColumn: "version", as: Int.self) ?? 0
            let latest = migrations.last?.version ?? 0
            if current > latest {
                throw StoreError(
                    .schemaTooNew, operation: "open the store", location: path,
                    reason: "its schema version is \(current) but this gatehouse knows versions up to \(latest); run a newer gatehouse")
            }
            for migration in migrations where migration.version > current {
                for statement in migration.statements {
                    try await db.raw(SQLQueryString(statement)).run()
                }
                try await db.insert(into: "schema_migrations").columns("version", "summary", "applied_at")
                    .values(SQLBind(migration.version), SQLBind(migration.summary), SQLBind(Date().formatted(.iso8601)))
                    .run()
                logger.info(
                    "Store schema migrated",
                    metadata: ["gatehouse.store.path": "\(path)", "gatehouse.store.schema_version": "\(migration.version)"])
            }
            try await db.raw("COMMIT").run()
        } catch {
            try? await db.raw("ROLLBACK").run()
            throw SQLiteStore.mapped(error, operation: operation, path: path)
        }
    }
}
