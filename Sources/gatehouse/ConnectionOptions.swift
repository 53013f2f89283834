// How a control-plane command reaches the registry: straight to the data folder (`--data`, the
// default; safe while `gatehouse serve` runs on the same folder), or through a running Gatehouse's
// admin API (`--server URL`, also spelt `--gatehouse URL`, with the admin token). Either way the command gets a `RegistryClient`
// and does not know which.
import ArgumentParser
import Foundation
import Logging
import Registry

struct ConnectionOptions: ParsableArguments, ConnectionChoosing {
    @Option(name: .long, help: ArgumentHelp("The data folder to work on directly.", valueName: "dir"))
    var data: String = "./data"

    @Option(
        name: [.customLong("server"), .customLong("gatehouse")],
        help: ArgumentHelp("A running Gatehouse to work through instead, e.g. http://127.0.0.1:8080.", valueName: "url"))
    var server: String?

    @Option(
        name: .customLong("admin-token"),
        help: ArgumentHelp("The admin token for --server (default: $GATEHOUSE_ADMIN_TOKEN, else <data>/admin-token).", valueName: "token"))
    var adminToken: String?

    var connection: Connection { Connection(data: data, server: server, adminToken: adminToken) }
}

/// ``ConnectionOptions`` for the `tools` commands, whose `--server` names a registry server (as
/// in `tools list --server notes`): the running Gatehouse is a second `--server URL` or
/// `--gatehouse URL`.
struct ToolsConnectionOptions: ParsableArguments, ConnectionChoosing {
    @Option(name: .long, help: ArgumentHelp("The data folder to work on directly.", valueName: "dir"))
    var data: String = "./data"

    @Option(name: .long, help: ArgumentHelp("A running Gatehouse to work through instead, e.g. http://127.0.0.1:8080.", valueName: "url"))
    var gatehouse: String?

    @Option(
        name: .customLong("admin-token"),
        help: ArgumentHelp("The admin token for --gatehouse (default: $GATEHOUSE_ADMIN_TOKEN, else <data>/admin-token).", valueName: "token"))
    var adminToken: String?

    var connection: Connection { Connection(data: data, server: gatehouse, adminToken: adminToken) }
}

/// Options that choose a ``Connection``.
protocol ConnectionChoosing {
    var connection: Connection { get }
}

extension ConnectionChoosing {
    /// See ``Connection/withClient(creatingData:_:)``.
    func withClient<T>(creatingData: Bool = false, _ body: (any RegistryClient) async throws -> T) async throws -> T {
        try await connection.withClient(creatingData: creatingData, body)
    }
}

/// Where a command's registry is: a data folder, or a running Gatehouse.
struct Connection {
    var data: String
    var server: String?
    var adminToken: String?

    /// Runs `body` with a client for the chosen registry, and closes it afterwards.
    ///
    /// - Parameter creatingData: Whether a missing data folder may be created (commands that
    ///   write); reading commands refuse a missing folder rather than make an empty one.
    func withClient<T>(creatingData: Bool = false, _ body: (any RegistryClient) async throws -> T) async throws -> T {
        if let server {
            return try await RemoteRegistryClient.with(baseURL: server, adminToken: try resolveAdminToken()) { try await body($0) }
        }
        return try await withRegistry(creatingData: creatingData) { try await body(LocalRegistryClient(registry: $0)) }
    }

    /// Runs `body` on the data folder's registry (no `--server` possible).
    func withRegistry<T>(creatingData: Bool = false, _ body: (RegistryService) async throws -> T) async throws -> T {
        if !creatingData, !FileManager.default.fileExists(atPath: data) {
            throw CommandLineError(
                "There is no data folder at \(data); pass --data with the folder `gatehouse serve` uses, or --server with its URL.")
        }
        let registry = try await RegistryService.open(dataDirectory: data, logger: CLI.logger)
        do {
            let result = try await body(registry)
            await registry.close()
            return result
        } catch {
            await registry.close()
            throw error
        }
    }

    private func resolveAdminToken() throws -> String {
        if let adminToken { return adminToken }
        if let token = ProcessInfo.processInfo.environment[AdminToken.environmentVariable], !token.isEmpty { return token }
        let file = (data as NSString).appendingPathComponent(AdminToken.fileName)
        if let token = try? String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty {
            return token
        }
        throw CommandLineError(
            "Talking to \(server ?? "a server") needs the admin token: pass --admin-token, set \(AdminToken.environmentVariable), or give --data with the folder holding admin-token.")
    }
}

/// `--json` for commands whose output a program may read.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false
}
