// `gatehouse keys create|list|revoke`: API keys of applications. A key is printed once, when it
// is created; the registry keeps only its hash.
import ArgumentParser
import Foundation
import Registry

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Create, list and revoke API keys.",
        subcommands: [Create.self, List.self, Revoke.self], defaultSubcommand: List.self)

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an API key for an application and print it (once).",
            discussion: "The key goes to stdout alone, so `KEY=$(gatehouse keys create --app ci-agent)` works; the rest goes to stderr.")
        @Option(name: .long, help: "The application the key belongs to.") var app: String
        @Option(name: .long, help: ArgumentHelp("Lifetime such as 30d, 12h or 2w (default: no expiry).", valueName: "duration")) var expiresIn: String?
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CLI.run {
                let created = try await connection.withClient { try await $0.createKey(CreateKeyRequest(application: app, expiresIn: expiresIn)) }
                if output.json { return try CLI.printJSON(created) }
                print(created.key)
                let expiry = created.apiKey.expiresAt.map { "expires \(CLI.format($0))" } ?? "does not expire"
                CLI.printError(
                    "Created key \(created.apiKey.id) for \(app) (\(expiry)). Store it now: it is not shown again; the registry keeps only its hash.")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List API keys (never their secrets), newest first.")
        @Option(name: .long, help: "Only this application's keys.") var app: String?
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CLI.run {
                let keys = try await connection.withClient { try await $0.listKeys(application: app) }
                if output.json { return try CLI.printJSON(KeyList(keys: keys)) }
                guard !keys.isEmpty else { return print(app.map { "No keys for \($0)." } ?? "No keys.") }
                CLI.printTable(
                    ["ID", "APPLICATION", "PREFIX", "STATUS", "CREATED", "EXPIRES", "LAST USED"],
                    keys.map {
                        [$0.id, $0.application, $0.displayPrefix + "…", $0.status, CLI.format($0.createdAt), CLI.format($0.expiresAt),
                         CLI.format($0.lastUsedAt)]
                    })
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke an API key; it stops working at once.")
        @Argument(help: "The key's id (see `gatehouse keys list`).") var id: String
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CLI.run {
                let key = try await connection.withClient { try await $0.revokeKey(id: id) }
                if output.json { return try CLI.printJSON(key) }
                print("revoked \(key.id) (\(key.application), \(key.displayPrefix)…)")
            }
        }
    }
}
