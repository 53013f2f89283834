// `gatehouse tools list|enable|disable --server SLUG`: a server's discovered tools and which are
// enabled. `--server` may be given twice, once with the slug and once with the URL of a running
// Gatehouse (slugs never contain "://"); `--gatehouse URL` says the same unambiguously. Discovery is not enablement: a discovered tool stays off until enabled here or in the
// configuration file.
import ArgumentParser
import Guardrails
import Registry

struct ToolsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tools", abstract: "List a server's tools; enable or disable them.",
        subcommands: [List.self, Enable.self, Disable.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List a server's discovered tools, enabled or not, with their definition hashes and Shield's scan findings.")
        @Option(name: .long, help: ArgumentHelp("The server's slug; may be given again with a running Gatehouse's URL.", valueName: "slug"))
        var server: [String]
        @OptionGroup var connection: ToolsConnectionOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CLI.run {
                let (server, connection) = try ToolsTarget.resolve(self.server, connection)
                let list = try await connection.withClient { try await $0.tools(server: server) }
                if output.json { return try CLI.printJSON(list) }
                guard list.discoveredAt != nil else {
                    print("no tools discovered yet for \(list.server); discovery runs when `gatehouse serve` starts or the entry changes")
                    let enabled = list.selection.enabled ?? []
                    if !enabled.isEmpty { print("enabled once discovered: \(enabled.joined(separator: ", "))") }
                    return
                }
                if let error = list.lastError {
                    CLI.printError("warning: the last discovery of \(list.server) failed (\(error)); these are the tools found before.")
                }
                guard !list.tools.isEmpty else { return print("\(list.server) offers no tools") }
                CLI.printTable(
                    ["TOOL", "ENABLED", "RISK", "DEFINITION HASH", "DESCRIPTION"],
                    list.tools.map {
                        [
                            $0.name, $0.enabled ? ($0.heldBack == true ? "held back" : "yes") : "no", Self.risk($0.findings), $0.definitionHash,
                            CLI.clip($0.description, 50),
                        ]
                    })
                Self.printFindings(list)
            }
        }

        /// `critical (3)`, `-` without findings, `?` for tools discovered before Shield.
        static func risk(_ findings: [Finding]?) -> String {
            guard let findings else { return "?" }
            guard let worst = findings.maxSeverity else { return "-" }
            return "\(worst) (\(findings.count))"
        }

        /// Every finding of tools, prompts and resource templates, one per line with its evidence.
        static func printFindings(_ list: ToolListResource) {
            var lines: [String] = []
            func add(_ kind: String, _ name: String, _ findings: [Finding]?) {
                for f in findings ?? [] {
                    lines.append(
                        "  \(kind) \(name)  \(f.severity)  \(f.rule)  \(f.evidence.path)[\(f.evidence.start)..\(f.evidence.end)]  \"\(CLI.clip(f.evidence.excerpt, 70))\"")
                }
            }
            for t in list.tools { add("tool", t.name, t.findings) }
            for p in list.prompts ?? [] { add("prompt", p.name, p.findings) }
            for r in list.resourceTemplates ?? [] { add("resource template", r.name, r.findings) }
            guard !lines.isEmpty else { return }
            print("\nShield findings (`gatehouse scan` explains each rule):")
            for line in lines { print(line) }
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable tools of a server (* for all).")
        @Option(name: .long, help: ArgumentHelp("The server's slug; may be given again with a running Gatehouse's URL.", valueName: "slug"))
        var server: [String]
        @Argument(help: "Tool names.") var tools: [String]
        @OptionGroup var connection: ToolsConnectionOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await change(server: server, tools: tools, enabled: true, connection: connection, output: output)
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable tools of a server (* for all).")
        @Option(name: .long, help: ArgumentHelp("The server's slug; may be given again with a running Gatehouse's URL.", valueName: "slug"))
        var server: [String]
        @Argument(help: "Tool names.") var tools: [String]
        @OptionGroup var connection: ToolsConnectionOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await change(server: server, tools: tools, enabled: false, connection: connection, output: output)
        }
    }

    static func change(server values: [String], tools: [String], enabled: Bool, connection: ToolsConnectionOptions, output: OutputOptions)
        async throws
    {
        try await CLI.run {
            let (server, connection) = try ToolsTarget.resolve(values, connection)
            let change = try await connection.withClient { try await $0.setTools(tools, enabled: enabled, server: server) }
            if output.json { return try CLI.printJSON(change) }
            CLI.report(change.diagnostics)
            print("\(server): enabled \(ServersCommand.List.enabled(change.tools.selection))")
        }
    }
}

/// Splits the `--server` values of a `tools` command into the slug and, when one looks like a URL,
/// the running Gatehouse to talk to.
enum ToolsTarget {
    static func resolve(_ values: [String], _ options: ToolsConnectionOptions) throws -> (String, ToolsConnectionOptions) {
        let urls = values.filter { $0.contains("://") }
        let slugs = values.filter { !$0.contains("://") }
        guard slugs.count == 1 else {
            throw CommandLineError(
                slugs.isEmpty
                    ? "Name the server with --server SLUG (e.g. --server notes)."
                    : "Give one server slug; got \(slugs.joined(separator: ", ")).")
        }
        guard urls.count + (options.gatehouse == nil ? 0 : 1) <= 1 else {
            throw CommandLineError("Give the running Gatehouse once (--server URL or --gatehouse URL).")
        }
        var options = options
        if let url = urls.first { options.gatehouse = url }
        return (slugs[0], options)
    }
}
