// `gatehouse apps list|show|add|remove`: the applications that may call the gateway.
import ArgumentParser
import Registry

struct AppsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apps", abstract: "List, show, add and remove applications.",
        subcommands: [List.self, Show.self, Add.self, Remove.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List applications.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CLI.run {
                let applications = try await connection.withClient { try await $0.listApplications() }
                if output.json { return try CLI.printJSON(ApplicationList(applications: applications)) }
                guard !applications.isEmpty else { return print("No applications registered.") }
                CLI.printTable(
                    ["NAME", "ALLOWS", "ACTIVE KEYS", "MANAGED BY"],
                    applications.map { [$0.name, Self.allows($0.allow), "\($0.activeKeys)", CLI.origin($0.managedBy)] })
            }
        }

        /// `notes (echo), demo`.
        static func allows(_ rules: [AllowRuleDefinition]) -> String {
            guard !rules.isEmpty else { return "nothing" }
            return rules.map { rule in
                let server = rule.server ?? "?"
                return rule.tools.map { "\(server) (\($0.joined(separator: ", ")))" } ?? server
            }.joined(separator: ", ")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one application.")
        @Argument(help: "The application's name.") var name: String
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CLI.run {
                let application = try await connection.withClient { try await $0.application(name) }
                if output.json { return try CLI.printJSON(application) }
                print("name         \(application.name)")
                print("allows       \(List.allows(application.allow))")
                print("active keys  \(application.activeKeys)")
                print("managed by   \(application.managedBy ?? "cli/api (not managed by a file)")")
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register an application (not managed by any file).",
            discussion: "Each --allow grants one server, all its enabled tools (--allow notes) or some (--allow notes:echo,add).")
        @Argument(help: "The application's name.") var name: String
        @Option(help: ArgumentHelp("A server the application may use (repeatable).", valueName: "server[:tool,…]")) var allow: [String] = []
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CLI.run {
                let rules = allow.map { value -> AllowRuleDefinition in
                    let parts = value.split(separator: ":", maxSplits: 1)
                    let tools = parts.count == 2 ? parts[1].split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } : nil
                    return AllowRuleDefinition(server: parts.first.map(String.init) ?? value, tools: tools)
                }
                let change = try await connection.withClient(creatingData: true) {
                    try await $0.createApplication(ApplicationDefinition(name: name, allow: rules))
                }
                if output.json { return try CLI.printJSON(change) }
                CLI.report(change.diagnostics)
                print("+ application \(change.application.name)")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Unregister an application and revoke its keys.")
        @Argument(help: "The application's name.") var name: String
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CLI.run {
                let change = try await connection.withClient { try await $0.removeApplication(name) }
                if output.json { return try CLI.printJSON(change) }
                CLI.report(change.diagnostics)
                print("- application \(change.application.name)")
            }
        }
    }
}
