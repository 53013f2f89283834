// `gatehouse serve`: runs the gateway, the admin API and the registry on one data folder.
import ArgumentParser
import Foundation
import GatehouseServer
import Logging

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the gateway (MCP endpoints, admin API) on a data folder.",
        discussion: """
            Without --config, serves the bundled example: the demo MCP server behind the gateway, and an \
            application "quickstart" whose first API key is printed once. Settings come from flags, then \
            GATEHOUSE_HOST / GATEHOUSE_PORT / GATEHOUSE_DATA, then the file's gateway: section, then defaults \
            (127.0.0.1:8080, ./data). Logs go to stderr (GATEHOUSE_LOG_LEVEL=debug|info|warning).
            """)

    @Option(name: .long, help: "A YAML configuration file (servers, applications, gateway settings).")
    var config: String?

    @Option(name: .long, help: "Address to listen on (default 127.0.0.1).")
    var host: String?

    @Option(name: .long, help: "Port to listen on; 0 picks a free one (default 8080).")
    var port: Int?

    @Option(name: .long, help: "Data folder holding the SQLite database (default ./data).")
    var data: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let level = environment["GATEHOUSE_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in GatehouseLogHandler(label: label, level: level) }
        let logger = Logger(label: "gatehouse")
        do {
            try await GatehouseApp.run(
                configPath: config ?? environment["GATEHOUSE_CONFIG"], flags: ServeFlags(host: host, port: port, dataDirectory: data),
                environment: environment, logger: logger)
        } catch let error as ServeError {
            FileHandle.standardError.write(Data("gatehouse: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
    }
}
