// `gatehouse limits list|add|remove`: rate-limit rules (token buckets per application, user, tool,
// server, project; `*` for each one separately).
import ArgumentParser
import Registry

struct LimitsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "limits", abstract: "List, add and remove rate limits.", subcommands: [List.self, Add.self, Remove.self],
        defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List rate-limit rules.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CLI.run {
                let limits = try await connection.withClient { try await $0.listRateLimits() }
                if output.json { return try CLI.printJSON(RateLimitList(rateLimits: limits)) }
                guard !limits.isEmpty else { return print("No rate limits.") }
                CLI.printTable(
                    ["ID", "COUNTS", "RATE", "BURST", "MANAGED BY"],
                    limits.map { l in
                        let selectors = [("application", l.application), ("user", l.user), ("server", l.server), ("tool", l.tool), ("project", l.project)]
                            .compactMap { k, v in v.map { "\(k)=\($0)" } }.joined(separator: " ")
                        return [l.id, selectors.isEmpty ? "every call" : selectors, "\(l.limit)/\(l.periodSeconds)s", l.burst.map(String.init) ?? "-", CLI.origin(l.managedBy)]
                    })
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a rate limit.", discussion: "Selectors take a name or * (each one separately); give exactly one rate.")
        @Option(help: "Only this application (or *).") var application: String?
        @Option(help: "Only this user (or *).") var user: String?
        @Option(
            name: .long, help: ArgumentHelp("Only this server (or *); may be given again with a running Gatehouse's URL.", valueName: "slug"))
        var server: [String] = []
        @Option(help: "Only this tool, server/tool (or *).") var tool: String?
        @Option(name: .customLong("per-second")) var perSecond: Int?
        @Option(name: .customLong("per-minute")) var perMinute: Int?
        @Option(name: .customLong("per-hour")) var perHour: Int?
        @Option(name: .customLong("per-day")) var perDay: Int?
        @Option(help: "Most calls at once (default: the rate).") var burst: Int?
        @Option(help: "An id (default: derived from the selectors).") var id: String?
        @OptionGroup var connection: ToolsConnectionOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CLI.run {
                var connection = self.connection
                let slugs = server.filter { !$0.contains("://") }
                if let url = server.first(where: { $0.contains("://") }) { connection.gatehouse = url }
                guard slugs.count <= 1 else { throw CommandLineError("Give one server slug; got \(slugs.joined(separator: ", ")).") }
                let definition = RateLimitDefinition(
                    id: id, application: application, user: user, server: slugs.first, tool: tool, perSecond: perSecond, perMinute: perMinute,
                    perHour: perHour, perDay: perDay, burst: burst)
                let change = try await connection.withClient { try await $0.createRateLimit(definition) }
                if output.json { return try CLI.printJSON(change) }
                CLI.report(change.diagnostics)
                print("rate limit \(change.rateLimit.id) added")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a rate limit.")
        @Argument(help: "The rule's id (see `gatehouse limits list`).") var id: String
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CLI.run {
                let change = try await connection.withClient { try await $0.removeRateLimit(id) }
                if output.json { return try CLI.printJSON(change) }
                print("rate limit \(id) removed")
            }
        }
    }
}
