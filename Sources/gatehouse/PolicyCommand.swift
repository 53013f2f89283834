// `gatehouse policy list|show|add|remove|test|schema`: Cedar policies attached to the project or to
// one server. Every change makes a new policy-set version (recorded in the audit trail); `test`
// shows what the gateway would decide for one call, with the same code the gateway runs.
import ArgumentParser
import Enforcement
import Foundation
import JSONSchema
import Registry

struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Attach, list, test and remove Cedar policies.",
        subcommands: [List.self, Show.self, Add.self, Remove.self, Test.self, Schema.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List attached policies and the policy-set version.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CLI.run {
                let list = try await connection.withClient { try await $0.listPolicies() }
                if output.json { return try CLI.printJSON(list) }
                print("policy set version \(list.version)")
                guard !list.policies.isEmpty else { return print("No policies attached.") }
                CLI.printTable(
                    ["ID", "ATTACHED TO", "MODE", "MANAGED BY", "DESCRIPTION"],
                    list.policies.map { [$0.id, $0.server.map { "server \($0)" } ?? "project", $0.mode, CLI.origin($0.managedBy), CLI.clip($0.description, 50)] })
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one policy with its Cedar text.")
        @Argument(help: "The policy's id.") var id: String
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CLI.run {
                let policy = try await connection.withClient { try await $0.policy(id) }
                if output.json { return try CLI.printJSON(policy) }
                print("id           \(policy.id)")
                print("attached to  \(policy.server.map { "server \($0)" } ?? "project")")
                print("mode         \(policy.mode)")
                print("managed by   \(policy.managedBy ?? "cli/api (not managed by a file)")")
                if let d = policy.description { print("description  \(d)") }
                print("")
                print(policy.cedar)
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Attach a policy (checked against the schema and the discovered tools first).",
            discussion: "Give the Cedar text with --cedar or a file with -f. Only forbid policies: allow lists grant, policies restrict.")
        @Argument(help: "The policy's id, such as no-big-sums.") var id: String
        @Option(
            name: .long,
            help: ArgumentHelp(
                "Attach to this server only (default: the whole project); may be given again with a running Gatehouse's URL.", valueName: "slug"))
        var server: [String] = []
        @Option(help: "enforce (default) or shadow (decisions are recorded, not enforced).") var mode: String?
        @Option(help: "The Cedar text.") var cedar: String?
        @Option(name: [.customShort("f"), .long], help: "A file with the Cedar text.") var file: String?
        @Option(help: "What the policy is for.") var description: String?
        @Flag(help: "Replace the policy with this id if it exists.") var replace = false
        @OptionGroup var connection: ToolsConnectionOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard (cedar == nil) != (file == nil) else { throw ValidationError("Give the Cedar text with exactly one of --cedar and -f.") }
        }

        func run() async throws {
            try await CLI.run {
                var text = cedar
                if let file {
                    guard let data = FileManager.default.contents(atPath: file) else { throw CommandLineError("Cannot read \(file).") }
                    text = String(decoding: data, as: UTF8.self)
                }
                // As in the tools commands, a value with "://" names a running Gatehouse.
                var connection = self.connection
                let slugs = server.filter { !$0.contains("://") }
                if let url = server.first(where: { $0.contains("://") }) { connection.gatehouse = url }
                guard slugs.count <= 1 else { throw CommandLineError("Give one server slug; got \(slugs.joined(separator: ", ")).") }
                let definition = PolicyDefinition(id: id, server: slugs.first, mode: mode, cedar: text, description: description)
                let change = try await connection.withClient { client in
                    replace ? try await client.replacePolicy(id, with: definition) : try await client.createPolicy(definition)
                }
                if output.json { return try CLI.printJSON(change) }
                CLI.report(change.diagnostics)
                print("policy \(change.policy.id) attached to \(change.policy.server.map { "server \($0)" } ?? "the project") (\(change.policy.mode)); policy set version \(change.version)")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Detach a policy.")
        @Argument(help: "The policy's id.") var id: String
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CLI.run {
                let change = try await connection.withClient { try await $0.removePolicy(id) }
                if output.json { return try CLI.printJSON(change) }
                CLI.report(change.diagnostics)
                print("policy \(id) detached; policy set version \(change.version)")
            }
        }
    }

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what the gateway would decide for one tool call.",
            discussion: "Prints the decision, the step that decided a denial, the determining policies and any policy that could not be evaluated.")
        @Option(help: "The calling application.") var app: String
        @Option(help: "The tool, as server/tool (notes/add).") var tool: String
        @Option(help: "The call's arguments, a JSON object.") var args: String = "{}"
        @Option(help: "A client address for context.client_address.") var clientAddress: String?
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CLI.run {
                let arguments: JSONValue
                do { arguments = try JSONParser.parse(args) } catch { throw CommandLineError("--args is not JSON: \(error).") }
                guard arguments.objectValue != nil else { throw CommandLineError("--args must be a JSON object, such as '{\"a\": 500}'.") }
                let result = try await connection.withClient {
                    try await $0.testPolicy(PolicyTestRequest(application: app, tool: tool, arguments: arguments, clientAddress: clientAddress))
                }
                if output.json { return try CLI.printJSON(result) }
                print("decision: \(result.decision)")
                if let step = result.deniedBy { print("denied by: \(step)") }
                if let reason = result.reason { print("reason: \(reason)") }
                print("determining policies: \(result.determiningPolicies.isEmpty ? "(none)" : result.determiningPolicies.joined(separator: ", "))")
                print("errors: \(result.errors.isEmpty ? "(none)" : "")")
                for e in result.errors { print("  \(e)") }
                print("listed in tools/list: \(result.listed ? "yes" : "no")")
                if let shadow = result.shadowDecision {
                    print("shadow decision: \(shadow)\(result.shadowPolicies?.isEmpty == false ? " (\(result.shadowPolicies!.joined(separator: ", ")))" : "")")
                }
                print("policy set version: \(result.policySetVersion)")
            }
        }
    }

    struct Schema: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the Cedar schema policies are validated against.",
            discussion: "call_tool's context.arguments is typed per tool from its inputSchema; here it is shown empty.")

        func run() async throws {
            print(MCPCedarSchema.text())
        }
    }
}
