// A child process for end-to-end tests: output captured line by line, waits that time out with
// what was printed so far, and cleanup that never leaves processes behind. Nothing here blocks a
// thread: the cooperative pool has as many threads as cores (two in CI), shared by every test.
import Foundation
import Synchronization
import TestSupport

final class RunningProcess: @unchecked Sendable {
    let process = Process()
    private let output = Lines()
    private let name: String

    init(_ name: String, executable: String, arguments: [String], environment: [String: String] = [:], directory: URL? = nil) throws {
        self.name = name
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let output = self.output
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            guard !data.isEmpty else { return }
            output.append(data)
        }
        try process.runWithSignalsUnblocked()
    }

    var lines: [String] { output.lines }
    var text: String { lines.joined(separator: "\n") }

    /// Waits until a printed line matches, returning it.
    func waitForLine(containing needle: String, timeout: Duration = .seconds(60)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = lines.first(where: { $0.contains(needle) }) { return line }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestEnvironment.Missing(description: "\(name) did not print \"\(needle)\" (running: \(process.isRunning)). Output:\n\(text.suffix(4000))")
    }

    /// Waits for the process to exit and returns its status.
    func waitForExit(timeout: Duration = .seconds(30)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline {
                throw TestEnvironment.Missing(description: "\(name) did not exit within \(timeout). Output:\n\(text.suffix(4000))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return process.terminationStatus
    }

    func signal(_ signal: Int32) { if process.isRunning { kill(process.processIdentifier, signal) } }

    /// SIGTERM, then SIGKILL if it is still running after `grace`; returns once it has exited.
    func stop(grace: Duration = .seconds(10)) async { await process.stop(grace: grace) }

    /// A test that threw before `stop()`: the same SIGTERM then SIGKILL, without waiting here.
    deinit { process.stopInBackground(grace: .seconds(10)) }
}

/// Output collected from a pipe, split into lines (a partial last line is completed later).
final class Lines: Sendable {
    private let state = Mutex<(lines: [String], partial: String)>(([], ""))

    func append(_ data: Data) {
        state.withLock { s in
            let text = s.partial + String(decoding: data, as: UTF8.self)
            var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            s.partial = parts.removeLast()
            s.lines.append(contentsOf: parts)
        }
    }

    var lines: [String] { state.withLock { $0.partial.isEmpty ? $0.lines : $0.lines + [$0.partial] } }
}

/// Runs a command to completion and returns (status, stdout+stderr).
func runToEnd(_ executable: String, _ arguments: [String], environment: [String: String] = [:], timeout: Duration = .seconds(120)) async throws -> (Int32, String) {
    let p = try RunningProcess(URL(fileURLWithPath: executable).lastPathComponent, executable: executable, arguments: arguments, environment: environment)
    let status = try await p.waitForExit(timeout: timeout)
    try await Task.sleep(for: .milliseconds(50))  // let the last output arrive
    return (status, p.text)
}
