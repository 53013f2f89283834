// The audit log's hash chain. Every record stores the hash of the record before it and its own
// hash, SHA-256 over "<previous hash>|<sequence>|<record JSON text exactly as stored>", computed
// inside the transaction that appends it (on the one write connection, under `BEGIN IMMEDIATE`,
// so no two appends can read the same predecessor). The newest sequence and hash are also kept in
// the meta table (`audit_head`), so a log cut short at its end does not verify either.
//
// What this detects: an edited record (its hash no longer matches), a deleted, inserted or moved
// record (a link breaks), a truncated tail (the head disagrees). What it cannot detect alone: a
// writer with full access recomputing every hash from the edit onwards; compare the head that
// `gatehouse audit verify` prints with a copy kept elsewhere for that.
import Crypto
import Foundation
import MCPCore
import SQLKit

enum AuditChain {
    /// The previous hash of the first chained record.
    static let genesis = String(repeating: "0", count: 64)
    static let headKey = "audit_head"

    static func hash(previous: String, sequence: Int64, record: String) -> String {
        var hasher = SHA256()
        hasher.update(data: Data("\(previous)|\(sequence)|".utf8))
        hasher.update(data: Data(record.utf8))
        return hasher.finalize().hexEncoded
    }

    /// Rows per INSERT statement when appending.
    static let rowsPerInsert = 500

    /// Appends `records` in order on `db`, which must be inside a write transaction.
    static func append(_ records: [AuditRecord], on db: any SQLDatabase) async throws {
        guard !records.isEmpty else { return }
        let last = try await db.raw("SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1").first()
        var sequence = try last?.decode(column: "sequence", as: Int64.self) ?? 0
        var previous = try last?.decodeNil(column: "hash") == false ? last!.decode(column: "hash", as: String.self) : genesis
        // Many rows per INSERT: each statement is a round trip to the database's thread, which
        // cost more than the rows themselves (9 columns × 500 rows stays far below SQLite's
        // limit of 32,766 bound values).
        for batch in stride(from: 0, to: records.count, by: rowsPerInsert) {
            let insert = db.insert(into: "audit_log")
                .columns("sequence", "time_us", "application", "method", "server", "outcome", "record", "prev_hash", "hash")
            for record in records[batch..<min(batch + rowsPerInsert, records.count)] {
                // The stored text keeps Foundation's encoding of the time (AuditRecordJSON.swift);
                // `time_us` is the column for people and queries.
                let json = record.storedJSON()
                sequence += 1
                let hash = hash(previous: previous, sequence: sequence, record: json)
                insert.values(
                    SQLBind(sequence), SQLBind(micros(record.time)), SQLBind(record.application), SQLBind(record.method),
                    SQLBind(record.server), SQLBind(record.outcome), SQLBind(json), SQLBind(previous), SQLBind(hash))
                previous = hash
            }
            try await insert.run()
        }
        try await db.insert(into: "meta").columns("key", "value").values(SQLBind(headKey), SQLBind("\(sequence):\(previous)"))
            .onConflict(with: ["key"]) { $0.set(excludedValueOf: "value") }
            .run()
    }

    static func micros(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1_000_000).rounded()) }

    /// A row read back: the decoded record (with its sequence), its text, and its links.
    struct Row {
        var sequence: Int64
        var text: String
        var previousHash: String?
        var hash: String?
        var columns: (time: Int64, application: String?, method: String, server: String?, outcome: String)
    }

    static func rows(after: Int64, limit: Int, on db: any SQLDatabase) async throws -> [Row] {
        let rows = try await db.select()
            .columns("sequence", "time_us", "application", "method", "server", "outcome", "record", "prev_hash", "hash")
            .from("audit_log").where("sequence", .greaterThan, after).orderBy("sequence").limit(limit).all()
        return try rows.map { row in
            Row(
                sequence: try row.decode(column: "sequence", as: Int64.self), text: try row.decode(column: "record", as: String.self),
                previousHash: try row.decode(column: "prev_hash", as: String?.self), hash: try row.decode(column: "hash", as: String?.self),
                columns: (
                    try row.decode(column: "time_us", as: Int64.self), try row.decode(column: "application", as: String?.self),
                    try row.decode(column: "method", as: String.self), try row.decode(column: "server", as: String?.self),
                    try row.decode(column: "outcome", as: String.self)
                ))
        }
    }

    /// Checks the chain over rows read page by page.
    struct Verifier {
        private(set) var result = AuditVerification()
        private var previous: String? = nil
        private var started = false
        private var lastSequence: Int64 = 0
        private let decoder = JSONDecoder()
        /// Reported problems are capped; the count of records is not.
        static let maxProblems = 100

        mutating func check(_ row: Row) {
            result.records += 1
            defer { lastSequence = row.sequence }
            guard let hash = row.hash else {
                if started {
                    report("record \(row.sequence) has no hash: it was written outside Gatehouse")
                } else {
                    result.unchained += 1
                }
                return
            }
            // The chain starts afresh at the first hashed record (after any older, unchained ones).
            let expectedPrevious = started ? previous : AuditChain.genesis
            started = true
            if row.previousHash != expectedPrevious {
                report(
                    "record \(row.sequence) does not follow record \(lastSequence): the chain breaks here (a record was deleted, inserted or moved)")
            }
            let recomputed = AuditChain.hash(previous: row.previousHash ?? "", sequence: row.sequence, record: row.text)
            if recomputed != hash {
                report("record \(row.sequence) was changed: its content does not match its hash")
            } else if let decoded = try? decoder.decode(AuditRecord.self, from: Data(row.text.utf8)) {
                let c = row.columns
                if c.application != decoded.application || c.method != decoded.method || c.server != decoded.server || c.outcome != decoded.outcome
                    || c.time != AuditChain.micros(decoded.time)
                {
                    report("record \(row.sequence) was changed: its indexed columns differ from its hashed content")
                }
            }
            previous = hash
            result.headSequence = row.sequence
            result.headHash = hash
        }

        /// Compares the end of the log with the head kept in the meta table.
        mutating func finish(head: String?) {
            guard let head else {
                if started { report("the log has chained records but no head: the meta table was edited") }
                return
            }
            let parts = head.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let sequence = Int64(parts[0]) else {
                report("the head in the meta table is unreadable")
                return
            }
            if sequence > (result.headSequence ?? 0) {
                report("the log ends at record \(result.headSequence ?? 0) but record \(sequence) was written: the newest records were removed")
            } else if sequence < (result.headSequence ?? 0) {
                report("records after \(sequence) were added outside Gatehouse (the head says \(sequence))")
            } else if String(parts[1]) != result.headHash {
                report("the newest record's hash differs from the head: the end of the log was rewritten")
            }
        }

        private mutating func report(_ problem: String) {
            if result.problems.count < Self.maxProblems { result.problems.append(problem) }
        }
    }
}
