// Runs the real `gatehouse` binary from the build products folder and captures what it prints.
import Foundation
import TestSupport
import Testing

/// The outcome of one `gatehouse` invocation.
struct Invocation: Sendable {
    let status: Int32
    let stdout: String
    let stderr: String

    var stdoutLines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty } }
    var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }
}

enum GatehouseBinary {
    /// `gatehouse` next to the test bundle (both are build products), or `$GATEHOUSE_BINARY`.
    static let path: String = {
        if let override = ProcessInfo.processInfo.environment["GATEHOUSE_BINARY"] { return override }
        let products = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).deletingLastPathComponent()
        var candidates = [products.appendingPathComponent("gatehouse").path]
        // On macOS the tests run inside an .xctest bundle a few levels down.
        candidates.append(products.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("gatehouse").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }()

    /// Runs `gatehouse arguments…` in `directory` and waits for it (off the concurrency pool, so a
    /// server in this process keeps answering meanwhile).
    static func run(
        _ arguments: [String], in directory: String, environment: [String: String] = [:], asUser: String? = nil
    ) async throws -> Invocation {
        try #require(FileManager.default.isExecutableFile(atPath: path), "gatehouse binary not found at \(path); run `swift build --build-tests` first")
        let process = Process()
        if let asUser {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=\(asUser)", "--regid=\(asUser)", "--clear-groups", path] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = arguments
        }
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "GATEHOUSE_ADMIN_TOKEN")
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.runWithSignalsUnblocked()
        async let errData = onOwnThread { err.fileHandleForReading.readDataToEndOfFile() }
        let outData = await onOwnThread { out.fileHandleForReading.readDataToEndOfFile() }
        let stderr = String(decoding: await errData, as: UTF8.self)
        await process.exited()
        return Invocation(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: stderr)
    }
}

/// Runs blocking `work` on a thread of its own and awaits it, so that neither the cooperative pool
/// nor Dispatch's (each as many threads as cores: two in CI) loses a thread while it waits.
func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: work()) }.start()
    }
}

/// A temporary working folder for one test, removed afterwards.
final class Workspace: Sendable {
    let path: String
    var data: String { path + "/data" }

    init() throws {
        path = NSTemporaryDirectory() + "gatehouse-cli-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: path + "/" + name, atomically: true, encoding: .utf8)
    }

    func gatehouse(_ arguments: String..., environment: [String: String] = [:]) async throws -> Invocation {
        try await GatehouseBinary.run(arguments, in: path, environment: environment)
    }
}

/// A `gatehouse` process left running (for `--follow`), its output collected as it comes.
final class RunningGatehouse: @unchecked Sendable {
    private let process = Process()
    private let lock = NSLock()
    private var collected = Data()

    init(_ arguments: [String], in directory: String) throws {
        process.executableURL = URL(fileURLWithPath: GatehouseBinary.path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        out.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self else { return }
            self.lock.withLock { self.collected.append(data) }
        }
        try process.runWithSignalsUnblocked()
    }

    var lines: [String] {
        lock.withLock { String(decoding: collected, as: UTF8.self) }.split(separator: "\n").map(String.init)
    }

    /// Waits until at least `count` lines arrived, or `timeout` passed; returns the lines.
    func waitForLines(_ count: Int, timeout: Duration = .seconds(10)) async throws -> [String] {
        try await eventually(timeout: timeout, interval: .milliseconds(50), until: { $0.count >= count }) { lines }
    }

    func stop() async { await process.stop(SIGINT) }

    deinit { process.stopInBackground() }
}
