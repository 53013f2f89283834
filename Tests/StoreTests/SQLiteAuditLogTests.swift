// The audit log: batches in order, tail windows, fields kept exactly.
import Foundation
import Logging
import Testing

@testable import Store

@Suite struct SQLiteAuditLogTests {
    func record(_ n: Int) -> AuditRecord {
        AuditRecord(
            time: Date(timeIntervalSince1970: 1_800_000_000 + Double(n) * 0.001), requestID: "\(n)", application: "ci-agent",
            endpoint: "/mcp", method: "tools/call", server: "notes", target: "echo", outcome: n % 2 == 0 ? "ok" : "denied",
            latencyMicros: Int64(n * 10), errorCode: n % 2 == 0 ? nil : -32602, errorReason: n % 2 == 0 ? nil : "unknown_tool",
            errorMessage: nil, protocolVersion: "2025-11-25", clientAddress: "127.0.0.1")
    }

    @Test func appendedBatchesComeBackInOrderWithSequences() async throws {
        let folder = try TemporaryFolder()
        let store = try await SQLiteStore.open(directory: folder.path, logger: quietLogger)
        try await store.auditLog.append((1...3).map(record))
        try await store.auditLog.append((4...5).map(record))

        let all = try await store.auditLog.tail(limit: 10, after: nil)
        #expect(all.map(\.requestID) == ["1", "2", "3", "4", "5"])
        #expect(all.map(\.sequence) == [1, 2, 3, 4, 5])
        var expected = record(3)
        expected.sequence = 3
        #expect(all[2] == expected)  // every field, the date included, reads back exactly
        await store.close()
    }

    @Test func tailReturnsTheNewestRecordsOldestFirst() async throws {
        let folder = try TemporaryFolder()
        let store = try await SQLiteStore.open(directory: folder.path, logger: quietLogger)
        try await store.auditLog.append((1...10).map(record))
        #expect(try await store.auditLog.tail(limit: 3, after: nil).map(\.requestID) == ["8", "9", "10"])
        #expect(try await store.auditLog.tail(limit: 3, after: 5).map(\.requestID) == ["8", "9", "10"])
        #expect(try await store.auditLog.tail(limit: 100, after: 8).map(\.requestID) == ["9", "10"])
        #expect(try await store.auditLog.tail(limit: 100, after: 10).isEmpty)
        #expect(try await store.auditLog.tail(limit: 0, after: nil).isEmpty)
        await store.close()
    }

    @Test func auditAppendsDoNotBumpTheGeneration() async throws {
        let folder = try TemporaryFolder()
        let store = try await SQLiteStore.open(directory: folder.path, logger: quietLogger)
        try await store.auditLog.append([record(1)])
        #expect(try await store.generation() == 0)
        await store.close()
    }
}
