// The audit log in the SQLite store: appends are one transaction per batch on the write
// connection, chained as they are written (`AuditChain`); `tail`, `export` and `verify` read on
// the read connection, so a reader never waits for the gateway.
import Foundation
import SQLKit

/// ``AuditLog`` over the `audit_log` table of a ``SQLiteStore``.
struct SQLiteAuditLog: AuditLog {
    let store: SQLiteStore

    func append(_ records: [AuditRecord]) async throws {
        guard !records.isEmpty else { return }
        try await store.withWriteTransaction(operation: "append \(records.count) audit records") { db in
            try await AuditChain.append(records, on: db)
        }
    }

    func export(after: Int64?, limit: Int) async throws -> [ChainedAuditRecord] {
        guard limit > 0 else { return [] }
        let rows = try await store.withReader(operation: "read the audit log") { db in
            try await AuditChain.rows(after: after ?? 0, limit: limit, on: db)
        }
        let decoder = JSONDecoder()
        return try rows.map { row in
            do {
                var record = try decoder.decode(AuditRecord.self, from: Data(row.text.utf8))
                record.sequence = row.sequence
                return ChainedAuditRecord(record: record, previousHash: row.previousHash, hash: row.hash)
            } catch {
                throw StoreError(
                    .invalidDocument, operation: "read the audit log", location: store.path,
                    reason: "audit record \(row.sequence) cannot be decoded (\(error))")
            }
        }
    }

    func verify() async throws -> AuditVerification {
        var verifier = AuditChain.Verifier()
        var after: Int64 = 0
        while true {
            let page = try await store.withReader(operation: "verify the audit log") { db in
                try await AuditChain.rows(after: after, limit: 2_000, on: db)
            }
            for row in page { verifier.check(row) }
            guard let last = page.last else { break }
            after = last.sequence
        }
        let head = try await store.withReader(operation: "verify the audit log") { db in
            try await db.select().column("value").from("meta").where("key", .equal, AuditChain.headKey)
                .first(decodingColumn: "value", as: String.self)
        }
        verifier.finish(head: head)
        return verifier.result
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

}
