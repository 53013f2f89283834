// `gatehouse users …` and `gatehouse certificates …`: built-in accounts and client certificate
// mappings, on a data folder (a running server sees changes within a second; through its admin API
// use /api/v1/users and /api/v1/certificates). Passwords are read from standard input or an
// environment variable, never from the command line, and stored only as scrypt hashes.
import ArgumentParser
import Auth
import Foundation
import Registry

/// Options of the identity commands: the data folder only.
struct DataFolderOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The data folder to work on directly.", valueName: "dir"))
    var data: String = "./data"

    var connection: Connection { Connection(data: data, server: nil, adminToken: nil) }
}

/// Reads a password without putting it on the command line.
enum PasswordInput {
    static func read(environment variable: String?) throws -> String {
        if let variable {
            guard let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty else {
                throw CommandLineError("The environment variable \(variable) is not set.")
            }
            return value
        }
        guard let line = Swift.readLine(strippingNewline: true), !line.isEmpty else {
            throw CommandLineError("Type the password on standard input (one line), or use --password-env NAME.")
        }
        return line
    }
}

struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Manage built-in user accounts (sign-in for the OAuth flow).",
        subcommands: [List.self, Add.self, SetPassword.self, Remove.self, HashPassword.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users (never their passwords).")
        @OptionGroup var folder: DataFolderOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CLI.run {
                let users = try await folder.connection.withRegistry { try await $0.users() }.map(UserResource.init)
                if output.json { return try CLI.printJSON(["users": users]) }
                guard !users.isEmpty else { return print("No users.") }
                CLI.printTable(
                    ["NAME", "APPLICATION", "GROUPS", "SOURCE", "PASSWORD", "STATUS", "ORIGIN"],
                    users.map {
                        [$0.name, $0.application ?? "-", $0.groups.joined(separator: ","), $0.source, $0.hasPassword ? "set" : "-",
                         $0.disabled ? "disabled" : "active", CLI.origin($0.managedBy)]
                    })
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a built-in user; the password is read from standard input (or --password-env).")
        @Argument(help: "The user name (a plain name or an email address).") var name: String
        @Option(name: .long, help: "The application whose allow list the user's calls use.") var app: String?
        @Option(name: .long, help: "Groups, comma-separated.") var groups: String?
        @Option(name: .long, help: "Read the password from this environment variable instead of standard input.") var passwordEnv: String?
        @OptionGroup var folder: DataFolderOptions

        func run() async throws {
            try await CLI.run {
                let password = try PasswordInput.read(environment: passwordEnv)
                let definition = UserDefinition(
                    name: name, password: password, application: app, groups: groups.map { $0.split(separator: ",").map(String.init) })
                let user = try await folder.connection.withRegistry(creatingData: true) { try await $0.saveUser(definition) }
                print("added user \(user.name)\(user.application.map { " (application \($0))" } ?? "")")
            }
        }
    }

    struct SetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "passwd", abstract: "Set a user's password (from standard input or --password-env).")
        @Argument var name: String
        @Option(name: .long) var passwordEnv: String?
        @OptionGroup var folder: DataFolderOptions

        func run() async throws {
            try await CLI.run {
                let password = try PasswordInput.read(environment: passwordEnv)
                try await folder.connection.withRegistry { registry in
                    guard let user = try await registry.user(name) else { throw CommandLineError("No user is named \"\(name)\".") }
                    _ = try await registry.saveUser(
                        UserDefinition(name: name, password: password, application: user.application, groups: user.groups, disabled: user.disabled),
                        replace: true)
                }
                print("password of \(name) changed")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a user; their access tokens stop working at once.")
        @Argument var name: String
        @OptionGroup var folder: DataFolderOptions

        func run() async throws {
            try await CLI.run {
                let user = try await folder.connection.withRegistry { try await $0.removeUser(name) }
                print("removed user \(user.name)")
            }
        }
    }

    struct HashPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hash-password", abstract: "Print the scrypt hash of a password (standard input) for users[].password_hash in a file.")
        @Option(name: .long) var passwordEnv: String?

        func run() async throws {
            try await CLI.run {
                let password = try PasswordInput.read(environment: passwordEnv)
                guard password.count >= PasswordHasher.minimumLength else {
                    throw CommandLineError("The password has \(password.count) characters; use at least \(PasswordHasher.minimumLength).")
                }
                print(try PasswordHasher.standard.hash(password))
            }
        }
    }
}

struct CertificatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certificates", abstract: "Map client certificates (mTLS listener) to applications.",
        subcommands: [List.self, Map.self, Unmap.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List certificate mappings.")
        @OptionGroup var folder: DataFolderOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CLI.run {
                let mappings = try await folder.connection.withRegistry { try await $0.certificateMappings() }.map(CertificateMappingResource.init)
                if output.json { return try CLI.printJSON(["certificates": mappings]) }
                guard !mappings.isEmpty else { return print("No certificate mappings.") }
                CLI.printTable(["SUBJECT", "APPLICATION", "ORIGIN"], mappings.map { [$0.subject, $0.application, CLI.origin($0.managedBy)] })
            }
        }
    }

    struct Map: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Map a certificate name (dns:, uri:, email: or cn:) to an application.")
        @Argument(help: "The certificate name, such as dns:agent.internal or cn:ci-bot.") var subject: String
        @Option(name: .long, help: "The application.") var app: String
        @OptionGroup var folder: DataFolderOptions

        func run() async throws {
            try await CLI.run {
                let mapping = try await folder.connection.withRegistry {
                    try await $0.mapCertificate(CertificateMappingDefinition(subject: subject, application: app))
                }
                print("mapped \(mapping.subject) → \(mapping.application)")
            }
        }
    }

    struct Unmap: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a mapping; that certificate is refused from the next request on.")
        @Argument var subject: String
        @OptionGroup var folder: DataFolderOptions

        func run() async throws {
            try await CLI.run {
                let mapping = try await folder.connection.withRegistry { try await $0.unmapCertificate(subject) }
                print("unmapped \(mapping.subject)")
            }
        }
    }
}
