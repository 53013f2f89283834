// The audit log's hash chain: intact after appends (batches and registry transactions alike), and
// every kind of tampering is reported with the record where it shows.
import Foundation
import SQLKit
import Testing

@testable import Store

@Suite struct AuditChainTests {
    func record(_ n: Int) -> AuditRecord {
        AuditRecord(
            time: Date(timeIntervalSince1970: 1_800_000_000 + Double(n)), requestID: "\(n)", application: "ci-agent", endpoint: "/mcp",
            method: "tools/call", server: "notes", target: "echo", outcome: "ok", latencyMicros: 5)
    }

    /// A store with records 1…5: two batches and one registry transaction.
    func filled(_ folder: borrowing TemporaryFolder) async throws -> SQLiteStore {
        let store = try await SQLiteStore.open(directory: folder.path, logger: quietLogger)
        try await store.auditLog.append((1...2).map(record))
        try await store.write { tx in try await tx.appendAudit([record(3)]) }
        try await store.auditLog.append((4...5).map(record))
        return store
    }

    func tamper(_ store: SQLiteStore, _ sql: String) async throws {
        try await store.withWriteTransaction(operation: "tamper") { db in try await db.raw(SQLQueryString(sql)).run() }
    }

    @Test func appendsFromEveryPathFormOneIntactChain() async throws {
        let folder = try TemporaryFolder()
        let store = try await filled(folder)
        let result = try await store.auditLog.verify()
        #expect(result.problems == [])
        #expect(result.records == 5)
        #expect(result.headSequence == 5)
        let exported = try await store.auditLog.export(after: nil, limit: 10)
        #expect(exported.first?.previousHash == String(repeating: "0", count: 64))
        #expect(zip(exported, exported.dropFirst()).allSatisfy { $0.hash == $1.previousHash })
        #expect(exported.last?.hash == result.headHash)
        await store.close()
    }

    @Test func aBatchLargerThanOneInsertStaysOneChainInOrder() async throws {
        let folder = try TemporaryFolder()
        let store = try await SQLiteStore.open(directory: folder.path, logger: quietLogger)
        let count = AuditChain.rowsPerInsert * 2 + 7
        try await store.auditLog.append((1...count).map(record))
        let result = try await store.auditLog.verify()
        #expect(result.problems == [])
        #expect(result.records == count)
        let exported = try await store.auditLog.export(after: nil, limit: count)
        #expect(exported.map(\.record.requestID) == (1...count).map(String.init))
        #expect(zip(exported, exported.dropFirst()).allSatisfy { $0.hash == $1.previousHash })
        await store.close()
    }

    @Test func anEditedRecordIsFound() async throws {
        let folder = try TemporaryFolder()
        let store = try await filled(folder)
        try await tamper(store, #"UPDATE audit_log SET record = replace(record, '"outcome":"ok"', '"outcome":"denied"') WHERE sequence = 3"#)
        #expect(try await store.auditLog.verify().problems == ["record 3 was changed: its content does not match its hash"])
        await store.close()
    }

    @Test func anEditedColumnIsFound() async throws {
        let folder = try TemporaryFolder()
        let store = try await filled(folder)
        try await tamper(store, "UPDATE audit_log SET application = 'someone-else' WHERE sequence = 2")
        #expect(try await store.auditLog.verify().problems == ["record 2 was changed: its indexed columns differ from its hashed content"])
        await store.close()
    }

    @Test func aDeletedRecordBreaksTheChain() async throws {
        let folder = try TemporaryFolder()
        let store = try await filled(folder)
        try await tamper(store, "DELETE FROM audit_log WHERE sequence = 3")
        #expect(
            try await store.auditLog.verify().problems == [
                "record 4 does not follow record 2: the chain breaks here (a record was deleted, inserted or moved)"
            ])
        await store.close()
    }

    @Test func reorderedRecordsBreakTheChain() async throws {
        let folder = try TemporaryFolder()
        let store = try await filled(folder)
        // Swap the stored content of records 2 and 4 (with their hashes, as a careless forger would).
        try await tamper(store, "CREATE TEMP TABLE swap AS SELECT sequence, record, prev_hash, hash FROM audit_log WHERE sequence IN (2, 4)")
        for column in ["record", "prev_hash", "hash"] {
            try await tamper(
                store, "UPDATE audit_log SET \(column) = (SELECT \(column) FROM swap WHERE swap.sequence = 6 - audit_log.sequence) WHERE sequence IN (2, 4)")
        }
        let problems = try await store.auditLog.verify().problems
        #expect(problems.first == "record 2 does not follow record 1: the chain breaks here (a record was deleted, inserted or moved)", "\(problems)")
        await store.close()
    }

    @Test func aTruncatedTailIsFound() async throws {
        let folder = try TemporaryFolder()
        let store = try await filled(folder)
        try await tamper(store, "DELETE FROM audit_log WHERE sequence >= 4")
        #expect(
            try await store.auditLog.verify().problems == [
                "the log ends at record 3 but record 5 was written: the newest records were removed"
            ])
        await store.close()
    }

    @Test func recordsFromBeforeTheChainAreCountedNotFlagged() async throws {
        let folder = try TemporaryFolder()
        let store = try await SQLiteStore.open(directory: folder.path, logger: quietLogger)
        try await tamper(
            store,
            """
            INSERT INTO audit_log (time_us, application, method, server, outcome, record)
            VALUES (1, 'old', 'tools/call', NULL, 'ok', '{"endpoint":"/mcp","latencyMicros":1,"method":"tools/call","outcome":"ok","time":0}')
            """)
        try await store.auditLog.append([record(1)])
        let result = try await store.auditLog.verify()
        #expect(result.problems == [])
        #expect(result.unchained == 1)
        #expect(result.records == 2)
        await store.close()
    }
}
