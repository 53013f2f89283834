// A real `gatehouse serve` for end-to-end tests: its own data folder and port, the Python SDK's
// reference server as the `notes` upstream, the bundled demo server over stdio as `demo`, and an
// API key for `ci-agent` made through the admin API.
import Foundation
import JSONSchema
import TestSupport

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

final class GatehouseFixture: @unchecked Sendable {
    let directory: URL
    let dataDirectory: URL
    let port: Int
    let notesPort: Int
    let gatehouse: RunningProcess
    let notes: RunningProcess
    let adminToken: String
    let key: String
    /// The configuration file `serve` was started with.
    var configFile: URL { directory.appendingPathComponent("gatehouse.yaml") }

    var base: String { "http://127.0.0.1:\(port)" }

    static func configuration(notesPort: Int, extraServers: String = "", extraAllow: String = "", gateway: String = "", extraSections: String = "") -> String {
        """
        \(gateway)
        servers:\(extraServers.replacingOccurrences(of: "NOTES_PORT", with: String(notesPort)))
          - slug: notes
            name: com.example/notes
            description: Team notes
            upstream: { url: http://127.0.0.1:\(notesPort)/mcp }
            tools: { enabled: [echo, add] }
          - slug: demo
            name: io.gatehouse/demo
            upstream: { command: gatehouse, args: [demo-server] }
            tools: { enabled: ["*"] }
        applications:
          - name: ci-agent
            allow: [ { server: notes, tools: [echo] }, { server: demo }\(extraAllow) ]
        \(extraSections)
        """
    }

    private init(directory: URL, port: Int, notesPort: Int, gatehouse: RunningProcess, notes: RunningProcess, adminToken: String, key: String) {
        self.directory = directory
        self.dataDirectory = directory.appendingPathComponent("data")
        self.port = port
        self.notesPort = notesPort
        self.gatehouse = gatehouse
        self.notes = notes
        self.adminToken = adminToken
        self.key = key
    }

    /// - Parameters:
    ///   - extraServers: YAML list entries added under `servers:` (each starting with a newline).
    ///   - extraAllow: allow rules added for `ci-agent` (each starting with `, `).
    ///   - extraSections: YAML appended at the top level (more applications, `policies:`,
    ///     `rate_limits:`, `users:`).
    ///   - environment: Added to the gatehouse process's environment.
    static func start(
        extraServers: String = "", extraAllow: String = "", waitFor: [String] = [], gateway: String = "", extraSections: String = "",
        upstreamFile: String? = nil, environment: [String: String] = [:]
    ) async throws -> GatehouseFixture {
        let dir = try TestEnvironment.temporaryDirectory()
        let notesPort = TestEnvironment.freePort()
        let harness = try TestEnvironment.conformance().appendingPathComponent("harness/pyserver.py").path
        let notes = try RunningProcess(
            "pyserver", executable: try TestEnvironment.python(),
            arguments: upstreamFile.map { [TestEnvironment.root.appendingPathComponent("tests/interop/shifting_server.py").path, String(notesPort), $0] }
                ?? [harness, String(notesPort)])
        _ = try await notes.waitForLine(containing: "Uvicorn running")
        let config = dir.appendingPathComponent("gatehouse.yaml")
        try configuration(notesPort: notesPort, extraServers: extraServers, extraAllow: extraAllow, gateway: gateway, extraSections: extraSections)
            .write(to: config, atomically: true, encoding: .utf8)
        let gatehouse = try RunningProcess(
            "gatehouse", executable: try TestEnvironment.binary(),
            arguments: ["serve", "--config", config.path, "--data", dir.appendingPathComponent("data").path, "--port", "0"], environment: environment)
        let line = try await gatehouse.waitForLine(containing: "Gatehouse listening on")
        let port = Int(line.split(separator: ":").last!)!
        // Both upstreams discovered.
        _ = try await gatehouse.waitForLine(containing: "gatehouse.server=demo gatehouse.tools=")
        _ = try await gatehouse.waitForLine(containing: "gatehouse.server=notes gatehouse.tools=")
        for slug in waitFor { _ = try await gatehouse.waitForLine(containing: "gatehouse.server=\(slug) gatehouse.tools=") }
        let adminToken = try String(contentsOf: dir.appendingPathComponent("data/admin-token"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let created = try await admin("POST", "/api/v1/keys", body: #"{"application":"ci-agent"}"#, port: port, token: adminToken)
        guard let key = created["key"]?.stringValue else { throw TestEnvironment.Missing(description: "no key in \(created)") }
        return GatehouseFixture(directory: dir, port: port, notesPort: notesPort, gatehouse: gatehouse, notes: notes, adminToken: adminToken, key: key)
    }

    /// Audit records in the data folder (read straight from SQLite), newest last.
    func auditRecords() async throws -> [JSONValue] {
        let db = dataDirectory.appendingPathComponent("gatehouse.sqlite").path
        let (status, output) = try await runToEnd(
            try TestEnvironment.python(),
            ["-c", "import sqlite3,sys; [print(r[0]) for r in sqlite3.connect(sys.argv[1]).execute('select record from audit_log order by sequence')]", db])
        guard status == 0 else { throw TestEnvironment.Missing(description: "cannot read the audit log: \(output)") }
        return output.split(separator: "\n").compactMap { try? JSONParser.parse(String($0)) }
    }

    /// Audit records once `ready` holds for them (the writer batches, so the newest may lag the
    /// call by a moment; more on a loaded machine), or as they are after `timeout`.
    func auditRecords(until ready: ([JSONValue]) -> Bool, timeout: Duration = .seconds(15)) async throws -> [JSONValue] {
        try await eventually(timeout: timeout, interval: .milliseconds(100), until: ready) { try await auditRecords() }
    }

    /// The tools `/mcp` lists once `ready` holds for them (the gateway reloads its directory from
    /// the store about once a second; later on a loaded machine), or as they are after `timeout`.
    func listedTools(until ready: ([String]) -> Bool, timeout: Duration = .seconds(30)) async throws -> [String] {
        try await eventually(timeout: timeout, interval: .milliseconds(300), until: ready) {
            try await sdk("/mcp", mode: "2026-07-28", plan: #"[{"op":"list_tools"}]"#).names(0)
        }
    }

    /// The process ids of the stdio upstream processes Gatehouse started, from its log.
    var upstreamProcessIDs: [Int32] {
        gatehouse.lines.filter { $0.contains("Started upstream process") }.compactMap { line in
            line.range(of: "gatehouse.pid=").flatMap { Int32(line[$0.upperBound...].prefix { $0.isNumber }) }
        }
    }

    /// Stops Gatehouse, then its `notes` upstream. (A test that throws first leaves this to the
    /// processes' deinit.)
    func stop() async {
        await gatehouse.stop()
        await notes.stop()
    }

    /// A new API key for `application` (made through the admin API).
    func newKey(for application: String) async throws -> String {
        let created = try await admin("POST", "/api/v1/keys", body: #"{"application":"\#(application)"}"#)
        guard let key = created["key"]?.stringValue else { throw TestEnvironment.Missing(description: "no key in \(created)") }
        return key
    }

    /// Runs the `gatehouse` CLI on this fixture's data folder.
    func cli(_ arguments: [String]) async throws -> (Int32, String) {
        try await runToEnd(try TestEnvironment.binary(), arguments + ["--data", dataDirectory.path])
    }
    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Calls the admin API.
    static func admin(_ method: String, _ path: String, body: String? = nil, port: Int, token: String) async throws -> JSONValue {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, _) = try await URLSession.shared.data(for: request)
        return try JSONParser.parse(Array(data))
    }

    func admin(_ method: String, _ path: String, body: String? = nil) async throws -> JSONValue {
        try await Self.admin(method, path, body: body, port: port, token: adminToken)
    }

    /// Runs the official Python SDK client with a plan (see tests/interop/sdk_client.py).
    func sdk(_ path: String, mode: String, plan: String, key: String? = nil) async throws -> SDKRun {
        let script = TestEnvironment.root.appendingPathComponent("tests/interop/sdk_client.py").path
        let (_, output) = try await runToEnd(
            try TestEnvironment.python(), [script, "--url", base + path, "--key", key ?? self.key, "--mode", mode, "--plan", plan])
        guard let last = output.split(separator: "\n").last(where: { $0.hasPrefix("{") }), let json = try? JSONParser.parse(String(last)) else {
            throw TestEnvironment.Missing(description: "sdk_client printed no result:\n\(output)")
        }
        if let fatal = json["fatal"]?.stringValue { throw TestEnvironment.Missing(description: "sdk_client failed: \(fatal)") }
        return SDKRun(json: json)
    }
}

/// What the SDK client observed.
struct SDKRun {
    let json: JSONValue
    var negotiated: String? { json["negotiated"]?.stringValue }
    func step(_ i: Int) -> JSONValue { json["steps"]?[i] ?? .null }
    func names(_ i: Int) -> [String] { step(i)["value"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
    func error(_ i: Int) -> String? { step(i)["error"]?["message"]?.stringValue }
    func text(_ i: Int) -> String? { step(i)["value"]?["content"]?[0]?["text"]?.stringValue }
}

