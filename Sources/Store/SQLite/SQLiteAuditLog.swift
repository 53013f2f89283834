// The audit log in the SQLite store: appends are one transaction per batch on the write
// connection; `tail` reads on the read connection, so a reader never waits for the gateway.
import Foundation
import SQLKit

/// ``AuditLog`` over the `audit_log` table of a ``SQLiteStore``.
struct SQLiteAuditLog: AuditLog {
    let store: SQLiteStore

    // Dates keep Foundation's own encoding (seconds as a Double) so a record reads back exactly;
    // `time_us` is the column for people and queries.
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    func append(_ records: [AuditRecord]) async throws {
        guard !records.isEmpty else { return }
        try await store.withWriteTransaction(operation: "append \(records.count) audit records") { db in
            for record in records {
                var stored = record
                stored.sequence = nil
                let json = String(decoding: try Self.encoder.encode(stored), as: UTF8.self)
                try await db.insert(into: "audit_log")
                    .columns("time_us", "application", "method", "server", "outcome", "record")
                    .values(
                        SQLBind(Self.micros(record.time)), SQLBind(record.application), SQLBind(record.method),
                        SQLBind(record.server), SQLBind(record.outcome), SQLBind(json)
                    )
                    .run()
            }
        }
    }

    func tail(limit: Int, after: Int64?) async throws -> [AuditRecord] {
        guard limit > 0 else { return [] }
        let rows = try await store.withReader(operation: "read the audit log") { db in
            try await db.select().columns("sequence", "record").from("audit_log")
                .where("sequence", .greaterThan, after ?? 0)
                .orderBy("sequence", .descending)
                .limit(limit)
                .all()
        }
        let decoder = JSONDecoder()
        return try rows.reversed().map { row in
            let sequence = try row.decode(column: "sequence", as: Int64.self)
            do {
                var record = try decoder.decode(AuditRecord.self, from: Data(try row.decode(column: "record", as: String.self).utf8))
                record.sequence = sequence
                return record
            } catch {
                throw StoreError(
                    .invalidDocument, operation: "read the audit log", location: store.path,
                    reason: "audit record \(sequence) cannot be decoded (\(error))")
            }
        }
    }

    private static func micros(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1_000_000).rounded()) }
}
