// The SQLite store on a real temporary folder: schema, transactions, generation, sharing.
import Foundation
import Logging
import Testing

@testable import Store

@Suite struct SQLiteStoreTests {
    let logger = quietLogger

    @Test func freshFolderIsCreatedMigratedAndAtGenerationZero() async throws {
        let folder = try TemporaryFolder()
        let dataPath = folder.path + "/nested/data"
        let store = try await SQLiteStore.open(directory: dataPath, logger: logger)
        #expect(store.path == dataPath + "/gatehouse.sqlite")
        #expect(FileManager.default.fileExists(atPath: store.path))
        #expect(try await store.generation() == 0)
        let servers = try await store.read { try await $0.documents(in: .servers) }
        #expect(servers.isEmpty)
        await store.close()
    }

    @Test func storeRunsInWALMode() async throws {
        let folder = try TemporaryFolder()
        let store = try await SQLiteStore.open(directory: folder.path, logger: logger)
        try await store.write { try await $0.put(StoredDocument(key: "a", body: "{}"), in: .servers) }
        // WAL mode keeps a -wal file beside the database while connections are open.
        #expect(FileManager.default.fileExists(atPath: store.path + "-wal"))
        await store.close()
    }

    @Test func reopeningKeepsDocumentsAndSchemaVersion() async throws {
        let folder = try TemporaryFolder()
        let first = try await SQLiteStore.open(directory: folder.path, logger: logger)
        try await first.write { tx in
            try await tx.put(StoredDocument(key: "notes", body: #"{"slug":"notes"}"#), in: .servers)
            try await tx.setMeta("secret", for: "session_key")
        }
        await first.close()

        let second = try await SQLiteStore.open(directory: folder.path, logger: logger)
        let document = try await second.read { try await $0.document("notes", in: .servers) }
        #expect(document == StoredDocument(key: "notes", body: #"{"slug":"notes"}"#))
        #expect(try await second.read { try await $0.meta("session_key") } == "secret")
        #expect(try await second.generation() == 1)
        await second.close()
    }

    @Test func generationBumpsOncePerCommittedRegistryChange() async throws {
        let folder = try TemporaryFolder()
        let store = try await SQLiteStore.open(directory: folder.path, logger: logger)

        // Two puts in one transaction: one change.
        try await store.write { tx in
            try await tx.put(StoredDocument(key: "a", body: "{}"), in: .servers)
            try await tx.put(StoredDocument(key: "b", body: "{}"), in: .applications)
        }
        #expect(try await store.generation() == 1)

        // Meta values and bookkeeping writes are not registry changes.
        try await store.write { tx in
            try await tx.setMeta("x", for: "k")
            try await tx.put(StoredDocument(key: "k1", body: #"{"lastUsed":1}"#), in: .apiKeys, bumpsGeneration: false)
        }
        #expect(try await store.generation() == 1)

        // Deleting something absent changes nothing.
        let deleted = try await store.write { try await $0.delete("missing", in: .servers) }
        #expect(deleted == false)
        #expect(try await store.generation() == 1)

        // A deletion that happens is a change.
        _ = try await store.write { try await $0.delete("a", in: .servers) }
        #expect(try await store.generation() == 2)

        // Inside the transaction the generation is still the old one.
        let seenInside = try await store.write { tx -> Int64 in
            try await tx.put(StoredDocument(key: "c", body: "{}"), in: .servers)
            return try await tx.generation()
        }
        #expect(seenInside == 2)
        #expect(try await store.generation() == 3)
        await store.close()
    }

    @Test func failedWriteRollsBackEverythingAndKeepsTheGeneration() async throws {
        struct Refused: Error {}
        let folder = try TemporaryFolder()
        let store = try await SQLiteStore.open(directory: folder.path, logger: logger)
        await #expect(throws: Refused.self) {
            try await store.write { tx in
                try await tx.put(StoredDocument(key: "a", body: "{}"), in: .servers)
                try await tx.setMeta("x", for: "k")
                throw Refused()
            }
        }
        #expect(try await store.generation() == 0)
        #expect(try await store.read { try await $0.documents(in: .servers) }.isEmpty)
        #expect(try await store.read { try await $0.meta("k") } == nil)
        await store.close()
    }

    @Test func documentsAreListedByKeyAndReplacedOnPut() async throws {
        let folder = try TemporaryFolder()
        let store = try await SQLiteStore.open(directory: folder.path, logger: logger)
        try await store.write { tx in
            try await tx.put(StoredDocument(key: "zeta", body: "1"), in: .servers)
            try await tx.put(StoredDocument(key: "alpha", body: "1"), in: .servers)
            try await tx.put(StoredDocument(key: "zeta", body: "2"), in: .servers)
        }
        let documents = try await store.read { try await $0.documents(in: .servers) }
        #expect(documents == [StoredDocument(key: "alpha", body: "1"), StoredDocument(key: "zeta", body: "2")])
        await store.close()
    }

    @Test func twoStoresOnOneFolderShareWritesAndTheGeneration() async throws {
        let folder = try TemporaryFolder()
        // A generous busy timeout: 60 interleaved writes on a loaded 2-core machine.
        let server = try await SQLiteStore.open(directory: folder.path, busyTimeout: .seconds(30), logger: logger)
        let cli = try await SQLiteStore.open(directory: folder.path, busyTimeout: .seconds(30), logger: logger)

        // Interleaved writers in both "processes"; every write must land and count once.
        var failure: (any Error)? = nil
        do { try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<20 {
                group.addTask {
                    try await server.write { try await $0.put(StoredDocument(key: "s\(index)", body: "{}"), in: .servers) }
                }
                group.addTask {
                    try await cli.write { try await $0.put(StoredDocument(key: "c\(index)", body: "{}"), in: .servers) }
                }
                group.addTask {
                    try await server.auditLog.append([AuditRecord(time: Date(), endpoint: "/mcp", method: "ping", outcome: "ok", latencyMicros: 1)])
                }
            }
            try await group.waitForAll()
        } } catch { failure = error }
        if let failure {
            Issue.record("a write failed: \(failure)")
            await server.close()
            await cli.close()
            return
        }
        #expect(try await server.generation() == 40)
        #expect(try await cli.generation() == 40)
        #expect(try await cli.read { try await $0.documents(in: .servers) }.count == 40)
        #expect(try await cli.auditLog.tail(limit: 100, after: nil).count == 20)
        await server.close()
        await cli.close()
    }

    @Test(.enabled(if: ReadOnlyFolder.isPossible, "this process can make no folder read-only for itself (root without mount)"))
    func readOnlyFolderIsReportedWithTheFolderAndTheFix() async throws {
        let folder = try TemporaryFolder()
        let data = folder.path + "/data"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        let readOnly = try #require(try ReadOnlyFolder(data))
        defer { readOnly.restore() }

        let error = await #expect(throws: StoreError.self) { try await SQLiteStore.open(directory: data, logger: logger) }
        #expect(error?.code == .readOnly)
        let message = error?.description ?? ""
        #expect(message.hasPrefix("Cannot open the store (\(data)/gatehouse.sqlite): "))
        #expect(message.contains("read-only"))
        #expect(message.contains("make \(data) writable"))
    }

    // A 256 KiB file system stands in for a full disk; only where this process may mount one.
    @Test(.enabled(if: ReadOnlyFolder.canMountTmpfs, "needs permission to mount a tmpfs (root on Linux)"))
    func fullDiskIsReportedWithTheFolderAndTheFix() async throws {
        let folder = try TemporaryFolder()
        let data = folder.path + "/small"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        #expect(ReadOnlyFolder.run("/bin/mount", ["-t", "tmpfs", "-o", "size=256k", "tmpfs", data]))
        defer { _ = ReadOnlyFolder.run("/bin/umount", [data]) }

        let store = try await SQLiteStore.open(directory: data, logger: logger)
        let big = String(repeating: "x", count: 64 * 1024)
        let error = await #expect(throws: StoreError.self) {
            try await store.write { tx in
                for index in 0..<16 { try await tx.put(StoredDocument(key: "k\(index)", body: big), in: .servers) }
            }
        }
        #expect(error?.code == .diskFull)
        #expect(
            error?.description
                == "Cannot save a registry change (\(data)/gatehouse.sqlite): the disk holding \(data) is full; free some space and retry.")
        // The failed transaction left nothing behind and the store still answers.
        #expect(try await store.generation() == 0)
        #expect(try await store.read { try await $0.documents(in: .servers) }.isEmpty)
        await store.close()
    }

    @Test func dataPathThatIsAFileIsReportedAsSuch() async throws {
        let folder = try TemporaryFolder()
        let file = folder.path + "/data"
        _ = FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
        let error = await #expect(throws: StoreError.self) { try await SQLiteStore.open(directory: file, logger: logger) }
        #expect(error?.description == "Cannot open the store (\(file)): this is a file, not a folder; pass a folder with --data.")
    }

    @Test func fileThatIsNotADatabaseIsReportedAsCorrupt() async throws {
        let folder = try TemporaryFolder()
        _ = FileManager.default.createFile(
            atPath: folder.path + "/gatehouse.sqlite", contents: Data(String(repeating: "not a database ", count: 100).utf8))
        let error = await #expect(throws: StoreError.self) { try await SQLiteStore.open(directory: folder.path, logger: logger) }
        #expect(error?.code == .corrupt)
        #expect(error?.description.contains(folder.path + "/gatehouse.sqlite") == true)
    }

    @Test func databaseFromANewerGatehouseIsRefused() async throws {
        let folder = try TemporaryFolder()
        let store = try await SQLiteStore.open(directory: folder.path, logger: logger)
        try await store.withWriteTransaction(operation: "test") { db in
            try await db.raw("INSERT INTO schema_migrations (version, summary, applied_at) VALUES (99, 'future', 'now')").run()
        }
        await store.close()
        let error = await #expect(throws: StoreError.self) { try await SQLiteStore.open(directory: folder.path, logger: logger) }
        #expect(error?.code == .schemaTooNew)
        #expect(error?.description.contains("schema version is 99") == true)
    }

    @Test func closedStoreRefusesWork() async throws {
        let folder = try TemporaryFolder()
        let store = try await SQLiteStore.open(directory: folder.path, logger: logger)
        await store.close()
        let error = await #expect(throws: StoreError.self) { try await store.generation() }
        #expect(error?.code == .closed)
    }
}

/// Makes a folder read-only for this process: `chmod` for ordinary users; for root (whom `chmod`
/// does not stop) a read-only bind mount, when the system allows one.
struct ReadOnlyFolder {
    let path: String
    let mounted: Bool

    init?(_ path: String) throws {
        self.path = path
        if geteuid() != 0 {
            chmod(path, 0o555)
            mounted = false
            return
        }
        guard Self.run("/bin/mount", ["--bind", "-o", "ro", path, path]) else { return nil }
        mounted = true
    }

    func restore() {
        if mounted { _ = Self.run("/bin/umount", [path]) } else { chmod(path, 0o755) }
    }

    /// Whether a read-only folder can be made here (probed once on a scratch folder).
    static let isPossible: Bool = {
        let probe = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-ro-probe-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: probe, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: probe) }
        guard let folder = try? ReadOnlyFolder(probe) else { return false }
        folder.restore()
        return true
    }()

    /// Whether this process may mount a tmpfs (probed once).
    static let canMountTmpfs: Bool = {
        guard geteuid() == 0 else { return false }
        let probe = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-tmpfs-probe-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: probe, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: probe) }
        guard run("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", probe]) else { return false }
        _ = run("/bin/umount", [probe])
        return true
    }()

    static func run(_ tool: String, _ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
