// The default store: one SQLite file in the data folder, in WAL mode with a busy timeout, so a
// running server and any number of CLI invocations can share the folder. Each `SQLiteStore` holds
// two connections: one for write transactions and audit appends (serialized in this process by a
// lock, across processes by SQLite's `BEGIN IMMEDIATE`), one for reads, which in WAL mode never
// wait for writers.
import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import Synchronization

/// A ``RegistryStore`` in `<data folder>/gatehouse.sqlite`.
package final class SQLiteStore: RegistryStore {
    /// The database file name inside the data folder.
    package static let fileName = "gatehouse.sqlite"
    /// How long a write waits for another process's write to finish before failing with
    /// ``StoreError/Code/busy``.
    package static let defaultBusyTimeout: Duration = .seconds(5)

    /// The absolute path of the database file.
    package let path: String
    package var location: String { path }
    /// The audit log in the same database, sharing this store's connections.
    package var auditLog: any AuditLog { SQLiteAuditLog(store: self) }

    let logger: Logger
    private let threadPool: NIOThreadPool
    private let writer: SQLiteConnection
    private let reader: SQLiteConnection
    private let writeLock = AsyncMutex()
    private let readLock = AsyncMutex()
    private let closed = Mutex(false)

    private init(path: String, threadPool: NIOThreadPool, writer: SQLiteConnection, reader: SQLiteConnection, logger: Logger) {
        self.path = path
        self.threadPool = threadPool
        self.writer = writer
        self.reader = reader
        self.logger = logger
    }

    /// Opens (creating when needed) the store in `directory` and brings its schema up to date.
    ///
    /// - Parameters:
    ///   - directory: The data folder; created with its parents when missing. Relative paths are
    ///     resolved against the current directory.
    ///   - busyTimeout: How long a write waits for another process's write.
    ///   - logger: Receives lifecycle messages (`info`) and migrations.
    /// - Throws: ``StoreError`` naming the folder or file: not creatable, read-only, not a
    ///   database, written by a newer Gatehouse.
    package static func open(
        directory: String, busyTimeout: Duration = defaultBusyTimeout, logger: Logger
    ) async throws -> SQLiteStore {
        let folder = absolutePath(directory)
        let path = (folder as NSString).appendingPathComponent(fileName)
        try prepareFolder(folder, databasePath: path)

        let pool = NIOThreadPool(numberOfThreads: 2)
        pool.start()
        var opened: [SQLiteConnection] = []
        do {
            let writer = try await openConnection(path: path, pool: pool, logger: logger)
            opened.append(writer)
            try await configure(writer, path: path, busyTimeout: busyTimeout, readOnly: false)
            try await SQLiteMigrator(path: path, logger: logger).migrate(writer.sql())
            let reader = try await openConnection(path: path, pool: pool, logger: logger)
            opened.append(reader)
            try await configure(reader, path: path, busyTimeout: busyTimeout, readOnly: true)
            logger.debug("Store opened", metadata: ["gatehouse.store.path": "\(path)"])
            return SQLiteStore(path: path, threadPool: pool, writer: writer, reader: reader, logger: logger)
        } catch {
            for connection in opened { try? await connection.close() }
            try? await pool.shutdownGracefully()
            throw error
        }
    }

    package func generation() async throws -> Int64 {
        try checkOpen(operation: "read the registry generation")
        return try await readLock.withLock {
            try await mapErrors(operation: "read the registry generation") {
                try await Self.readGeneration(reader.sql())
            }
        }
    }

    package func read<T: Sendable>(_ body: (any RegistryStoreReader) async throws -> T) async throws -> T {
        try checkOpen(operation: "read the registry")
        return try await readLock.withLock {
            let db = reader.sql()
            try await mapErrors(operation: "read the registry") { try await db.raw("BEGIN").run() }
            do {
                let result = try await body(SQLiteTransaction(db: db, path: path))
                try await mapErrors(operation: "read the registry") { try await db.raw("COMMIT").run() }
                return result
            } catch {
                try? await db.raw("ROLLBACK").run()
                throw Self.mapped(error, operation: "read the registry", path: path)
            }
        }
    }

    package func write<T: Sendable>(_ body: (any RegistryStoreWriter) async throws -> T) async throws -> T {
        try await withWriteTransaction(operation: "save a registry change") { db in
            let transaction = SQLiteTransaction(db: db, path: path)
            let result = try await body(transaction)
            if transaction.changed {
                try await db.raw("UPDATE registry_generation SET value = value + 1 WHERE id = 1").run()
            }
            return result
        }
    }

    /// Runs `body` in a `BEGIN IMMEDIATE` transaction on the write connection: committed when it
    /// returns, rolled back when it throws. `BEGIN IMMEDIATE` takes SQLite's write lock up front,
    /// so two processes never both read then fail to upgrade (which the busy timeout cannot help).
    func withWriteTransaction<T>(operation: String, _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try checkOpen(operation: operation)
        return try await writeLock.withLock {
            let db = writer.sql()
            try await mapErrors(operation: operation) { try await db.raw("BEGIN IMMEDIATE").run() }
            do {
                let result = try await body(db)
                try await db.raw("COMMIT").run()
                return result
            } catch {
                try? await db.raw("ROLLBACK").run()
                throw Self.mapped(error, operation: operation, path: path)
            }
        }
    }

    /// Runs `body` on the read connection, outside any explicit transaction.
    func withReader<T>(operation: String, _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try checkOpen(operation: operation)
        return try await readLock.withLock {
            try await mapErrors(operation: operation) { try await body(reader.sql()) }
        }
    }

    /// A store dropped without ``close()`` (a failed start, a test that threw) still closes its
    /// connections, in the background, rather than leaking them (and tripping SQLiteNIO's
    /// assertion in debug builds).
    deinit {
        guard !closed.withLock({ $0 }) else { return }
        let (writer, reader, pool) = (self.writer, self.reader, self.threadPool)
        Task {
            try? await writer.close()
            try? await reader.close()
            try? await pool.shutdownGracefully()
        }
    }

    package func close() async {
        let wasClosed = closed.withLock { closed in
            defer { closed = true }
            return closed
        }
        guard !wasClosed else { return }
        await writeLock.withLock { try? await writer.close() }
        await readLock.withLock { try? await reader.close() }
        try? await threadPool.shutdownGracefully()
        logger.debug("Store closed", metadata: ["gatehouse.store.path": "\(path)"])
    }

    // MARK: - Helpers

    private func checkOpen(operation: String) throws {
        if closed.withLock({ $0 }) {
            throw StoreError(.closed, operation: operation, location: path, reason: "the store was closed")
        }
    }

    private func mapErrors<T>(operation: String, _ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch { throw Self.mapped(error, operation: operation, path: path) }
    }

    static func readGeneration(_ db: any SQLDatabase) async throws -> Int64 {
        try await db.select().column("value").from("registry_generation").where("id", .equal, 1)
            .first(decodingColumn: "value", as: Int64.self) ?? 0
    }

    private static func absolutePath(_ path: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        let absolute =
            expanded.hasPrefix("/")
            ? expanded : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(expanded)
        return (absolute as NSString).standardizingPath
    }

    /// Makes sure the folder exists and is writable, with a message a person can act on; SQLite's
    /// own errors ("unable to open database file") would not say which.
    private static func prepareFolder(_ folder: String, databasePath: String) throws {
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        if files.fileExists(atPath: folder, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw StoreError(
                    .cannotOpen, operation: "open the store", location: folder,
                    reason: "this is a file, not a folder; pass a folder with --data")
            }
        } else {
            do {
                try files.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw StoreError(
                    .cannotOpen, operation: "create the data folder", location: folder,
                    reason: describe(posixErrorOf: error) ?? "\(error)", underlying: error)
            }
        }
        // SQLite in WAL mode creates `-wal` and `-shm` files beside the database, so the folder
        // itself must be writable, not only the file.
        if access(folder, W_OK) != 0 {
            let reason = errno == EROFS ? "the file system is read-only" : "the folder is read-only for this user"
            throw StoreError(
                .readOnly, operation: "open the store", location: databasePath,
                reason: "\(reason); make \(folder) writable for the user running gatehouse, or pass another --data folder")
        }
        if files.fileExists(atPath: databasePath), access(databasePath, R_OK | W_OK) != 0 {
            throw StoreError(
                .readOnly, operation: "open the store", location: databasePath,
                reason: "the database file is not readable and writable for this user")
        }
    }

    private static func describe(posixErrorOf error: any Error) -> String? {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code))).lowercased()
        }
        return nil
    }

    private static func openConnection(path: String, pool: NIOThreadPool, logger: Logger) async throws -> SQLiteConnection {
        do {
            return try await SQLiteConnection.open(
                storage: .file(path: path), threadPool: pool, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())
        } catch {
            throw mapped(error, operation: "open the store", path: path)
        }
    }

    private static func configure(_ connection: SQLiteConnection, path: String, busyTimeout: Duration, readOnly: Bool) async throws {
        let db = connection.sql()
        do {
            // Replaces SQLiteNIO's spin-forever busy handler with a bounded, sleeping one.
            let millis = busyTimeout.components.seconds * 1000 + busyTimeout.components.attoseconds / 1_000_000_000_000_000
            try await db.raw("PRAGMA busy_timeout = \(literal: Int(millis))").run()
            if readOnly {
                try await db.raw("PRAGMA query_only = ON").run()
            } else {
                let mode = try await db.raw("PRAGMA journal_mode = WAL").first(decodingColumn: "journal_mode", as: String.self)
                guard mode?.lowercased() == "wal" else {
                    throw StoreError(
                        .cannotOpen, operation: "open the store", location: path,
                        reason: "SQLite could not switch to WAL mode (got \(mode ?? "nothing")); put the data folder on a local file system")
                }
                // FULL: a commit (an audit batch included) survives power loss once it returns.
                try await db.raw("PRAGMA synchronous = FULL").run()
                try await db.raw("PRAGMA foreign_keys = ON").run()
            }
        } catch {
            throw mapped(error, operation: "open the store", path: path)
        }
    }

    /// Turns SQLite's errors into ``StoreError``s that say what to do; other errors (a
    /// validation failure thrown inside a transaction, say) pass through unchanged.
    static func mapped(_ error: any Error, operation: String, path: String) -> any Error {
        guard let sqlite = error as? SQLiteError else { return error }
        let folder = (path as NSString).deletingLastPathComponent
        let detail = sqlite.message
        switch sqlite.reason {
        case .full:
            return StoreError(
                .diskFull, operation: operation, location: path,
                reason: "the disk holding \(folder) is full; free some space and retry", underlying: sqlite)
        case .readOnly, .readonlyDirectory, .readonlyCantLock, .readonlyInRecovery, .readonlyInRollback,
            .readonlyBackingMoved:
            return StoreError(
                .readOnly, operation: operation, location: path,
                reason: "the database or its folder is read-only (\(detail)); make \(folder) writable for the user running gatehouse",
                underlying: sqlite)
        case .cantOpen, .cantOpenDirectory, .cantOpenInvalidPath, .cantOpenUnfollowedSymlink, .cantOpenCygwinPath,
            .permission, .auth:
            return StoreError(
                .cannotOpen, operation: operation, location: path,
                reason: "SQLite cannot open the file (\(detail)); check that \(folder) exists and is writable", underlying: sqlite)
        case .busy, .busyTimeout, .busyInRecovery, .busyInSnapshot, .locked:
            return StoreError(
                .busy, operation: operation, location: path,
                reason: "another process kept the database locked for longer than the busy timeout; retry", underlying: sqlite)
        case .corrupt, .notADatabase, .corruptIndex, .corruptSequenceSchema, .corruptVirtualTable:
            return StoreError(
                .corrupt, operation: operation, location: path,
                reason: "the file is not a Gatehouse database or is damaged (\(detail))", underlying: sqlite)
        case .ioError, .ioErrorFailedWrite, .ioErrorFailedSync, .ioErrorFailedRead, .ioErrorFailedTruncate,
            .ioErrorFailedDirSync, .ioErrorFailedSharedMemOpen, .ioErrorFailedSharedMemSize, .ioErrorFailedAccess:
            return StoreError(
                .io, operation: operation, location: path, reason: "the operating system reported an I/O error (\(detail))",
                underlying: sqlite)
        default:
            return StoreError(.other, operation: operation, location: path, reason: "SQLite: \(detail)", underlying: sqlite)
        }
    }
}
