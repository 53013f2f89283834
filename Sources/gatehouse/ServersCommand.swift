// `gatehouse servers list|show|add|remove`: the registered MCP servers.
import ArgumentParser
import Foundation
import Registry

struct ServersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "servers", abstract: "List, show, add and remove registered servers.",
        subcommands: [List.self, Show.self, Add.self, Remove.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List registered servers.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CLI.run {
                let servers = try await connection.withClient { try await $0.listServers() }
                if output.json { return try CLI.printJSON(ServerList(servers: servers)) }
                guard !servers.isEmpty else {
                    return print("No servers registered; add some with `gatehouse apply -f FILE` or `gatehouse servers add`.")
                }
                CLI.printTable(
                    ["SLUG", "NAME", "UPSTREAM", "ENABLED TOOLS", "DISCOVERED", "MANAGED BY"],
                    servers.map { server in
                        [
                            server.slug, server.name, Self.upstream(server.upstream), Self.enabled(server.tools),
                            server.discovery.map { "\($0.toolCount) tools, \(CLI.format($0.discoveredAt))" } ?? "never",
                            CLI.origin(server.managedBy),
                        ]
                    })
            }
        }

        static func upstream(_ upstream: UpstreamResource) -> String {
            upstream.transport == "http" ? upstream.url ?? "-" : "stdio: " + ([upstream.command ?? ""] + (upstream.args ?? [])).joined(separator: " ")
        }

        static func enabled(_ tools: ToolSelectionDefinition) -> String {
            let enabled = tools.enabled ?? []
            guard !enabled.isEmpty else { return "none" }
            let disabled = tools.disabled ?? []
            return enabled.joined(separator: ", ") + (disabled.isEmpty ? "" : " (except " + disabled.joined(separator: ", ") + ")")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one server.")
        @Argument(help: "The server's slug.") var slug: String
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CLI.run {
                let server = try await connection.withClient { try await $0.server(slug) }
                if output.json { return try CLI.printJSON(server) }
                var rows: [(String, String)] = [("slug", server.slug), ("name", server.name)]
                if let title = server.title { rows.append(("title", title)) }
                if let description = server.description { rows.append(("description", description)) }
                if let version = server.version { rows.append(("version", version)) }
                rows.append(("status", server.status))
                rows.append(("upstream", List.upstream(server.upstream)))
                if let headers = server.upstream.headerNames, !headers.isEmpty { rows.append(("headers", headers.joined(separator: ", ") + " (values hidden)")) }
                if let env = server.upstream.envNames, !env.isEmpty { rows.append(("env", env.joined(separator: ", ") + " (values hidden)")) }
                if let directory = server.upstream.workingDirectory { rows.append(("working directory", directory)) }
                rows.append(("tools enabled", List.enabled(server.tools)))
                if let limit = server.tools.maxSeverity { rows.append(("tools max severity", limit)) }
                if let g = server.guardrails {
                    var parts: [String] = []
                    if let d = g.detectors, !d.isEmpty { parts.append(d.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")) }
                    for (tool, d) in (g.tools ?? [:]).sorted(by: { $0.key < $1.key }) {
                        parts.append("\(tool): " + d.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
                    }
                    if let hook = g.hook { parts.append("hook \(hook.url ?? "?") (\(hook.timeout ?? "2s"), \(hook.onFailure ?? "fail_closed"))") }
                    rows.append(("guardrails", parts.joined(separator: "; ")))
                }
                if let discovery = server.discovery {
                    rows.append(("discovered", "\(CLI.format(discovery.discoveredAt)): \(discovery.toolCount) tools, \(discovery.promptCount) prompts"))
                    if let error = discovery.lastError { rows.append(("last discovery error", error)) }
                } else {
                    rows.append(("discovered", "never"))
                }
                rows.append(("managed by", server.managedBy ?? "cli/api (not managed by a file)"))
                let width = rows.map(\.0.count).max() ?? 0
                for (key, value) in rows { print("\(key.padding(toLength: width, withPad: " ", startingAt: 0))  \(value)") }
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a server (not managed by any file, so `apply` never removes it).",
            discussion: "Give --url for a Streamable HTTP server or --command (with --arg …) for a stdio server.")
        @Argument(help: "URL-safe slug: lowercase letters, digits and -, starting with a letter.") var slug: String
        @Option(help: ArgumentHelp("Reverse-DNS registry name, e.g. com.example/notes.", valueName: "name")) var name: String
        @Option(help: "Streamable HTTP endpoint (http:// or https://).") var url: String?
        @Option(help: ArgumentHelp("A header sent upstream (repeatable).", valueName: "name=value")) var header: [String] = []
        @Option(help: "The program of a stdio server.") var command: String?
        @Option(help: ArgumentHelp("An argument of the program (repeatable).", valueName: "arg")) var arg: [String] = []
        @Option(help: ArgumentHelp("An environment variable for the program (repeatable).", valueName: "name=value")) var env: [String] = []
        @Option(help: "Description shown to people.") var description: String?
        @Option(help: ArgumentHelp("A tool to enable (repeatable; * for all).", valueName: "tool")) var enable: [String] = []
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CLI.run {
                let definition = ServerDefinition(
                    slug: slug, name: name, description: description,
                    upstream: UpstreamDefinition(
                        url: url, headers: try Self.pairs(header, option: "--header"), command: command, args: arg.isEmpty ? nil : arg,
                        env: try Self.pairs(env, option: "--env")),
                    tools: ToolSelectionDefinition(enabled: enable))
                let change = try await connection.withClient(creatingData: true) { try await $0.createServer(definition) }
                if output.json { return try CLI.printJSON(change) }
                CLI.report(change.diagnostics)
                print("+ server \(change.server.slug)")
            }
        }

        static func pairs(_ values: [String], option: String) throws -> [String: String]? {
            guard !values.isEmpty else { return nil }
            var result: [String: String] = [:]
            for value in values {
                guard let equals = value.firstIndex(of: "="), equals != value.startIndex else {
                    throw CommandLineError("\(option) \"\(value)\" needs the form name=value.")
                }
                result[String(value[..<equals])] = String(value[value.index(after: equals)...])
            }
            return result
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Unregister a server.")
        @Argument(help: "The server's slug.") var slug: String
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CLI.run {
                let change = try await connection.withClient { try await $0.removeServer(slug) }
                if output.json { return try CLI.printJSON(change) }
                CLI.report(change.diagnostics)
                print("- server \(change.server.slug)")
            }
        }
    }
}
