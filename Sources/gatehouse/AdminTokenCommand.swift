// `gatehouse admin-token rotate`: replace the admin token of a data folder.
import ArgumentParser
import Registry

struct AdminTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin-token", abstract: "Manage the admin API token.", subcommands: [Rotate.self])

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a new admin token, print it and write it to <data>/admin-token; the old one stops working at once.",
            discussion: "Works on the data folder only (a token that may be lost cannot be rotated over the API it guards).")
        @Option(name: .long, help: ArgumentHelp("The data folder.", valueName: "dir")) var data: String = "./data"

        func run() async throws {
            try await CLI.run {
                let rotated = try await Connection(data: data).withRegistry { try await $0.rotateAdminToken() }
                print(rotated.token)
                CLI.printError("The new admin token is in \(rotated.file) (mode 0600).")
            }
        }
    }
}
