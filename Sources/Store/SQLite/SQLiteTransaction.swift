// Reads and writes of registry documents inside one SQLite transaction (the transaction itself
// is begun and ended by `SQLiteStore`).
import Foundation
import SQLKit

/// A ``RegistryStoreWriter`` over the connection of an open transaction.
final class SQLiteTransaction: RegistryStoreWriter {
    private let db: any SQLDatabase
    private let path: String
    /// Whether a write in this transaction should bump the generation at commit.
    private(set) var changed = false

    init(db: any SQLDatabase, path: String) {
        self.db = db
        self.path = path
    }

    func generation() async throws -> Int64 {
        try await SQLiteStore.readGeneration(db)
    }

    func documents(in collection: StoreCollection) async throws -> [StoredDocument] {
        let rows = try await db.select().columns("key", "body").from(collection.table).orderBy("key").all()
        return try rows.map { try document(from: $0, in: collection) }
    }

    func document(_ key: String, in collection: StoreCollection) async throws -> StoredDocument? {
        let row = try await db.select().columns("key", "body").from(collection.table).where("key", .equal, key).first()
        return try row.map { try document(from: $0, in: collection) }
    }

    func meta(_ key: String) async throws -> String? {
        try await db.select().column("value").from("meta").where("key", .equal, key)
            .first(decodingColumn: "value", as: String.self)
    }

    func put(_ document: StoredDocument, in collection: StoreCollection, bumpsGeneration: Bool) async throws {
        try await db.insert(into: collection.table)
            .columns("key", "body", "updated_at")
            .values(SQLBind(document.key), SQLBind(document.body), SQLBind(Self.nowMillis()))
            .onConflict(with: ["key"]) { $0.set(excludedValueOf: "body").set(excludedValueOf: "updated_at") }
            .run()
        if bumpsGeneration && collection.isRegistryState { changed = true }
    }

    @discardableResult
    func delete(_ key: String, in collection: StoreCollection) async throws -> Bool {
        let existing = try await db.select().column("key").from(collection.table).where("key", .equal, key).first()
        guard existing != nil else { return false }
        try await db.delete(from: collection.table).where("key", .equal, key).run()
        if collection.isRegistryState { changed = true }
        return true
    }

    func setMeta(_ value: String?, for key: String) async throws {
        if let value {
            try await db.insert(into: "meta").columns("key", "value").values(SQLBind(key), SQLBind(value))
                .onConflict(with: ["key"]) { $0.set(excludedValueOf: "value") }
                .run()
        } else {
            try await db.delete(from: "meta").where("key", .equal, key).run()
        }
    }

    func appendAudit(_ records: [AuditRecord]) async throws {
        try await AuditChain.append(records, on: db)
    }

    private func document(from row: any SQLRow, in collection: StoreCollection) throws -> StoredDocument {
        do {
            return StoredDocument(key: try row.decode(column: "key", as: String.self), body: try row.decode(column: "body", as: String.self))
        } catch {
            throw StoreError(
                .invalidDocument, operation: "read \(collection.table)", location: path,
                reason: "a row has an unreadable key or body (\(error))")
        }
    }

    static func nowMillis() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
}
