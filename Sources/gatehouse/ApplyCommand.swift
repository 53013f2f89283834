// `gatehouse apply -f FILE [--dry-run]`: make the registry hold what a configuration file declares,
// and print the difference.
import ArgumentParser
import Foundation
import Registry

struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Apply a configuration file (servers, applications) and print what changed.",
        discussion: """
            Idempotent: applying the same file twice changes nothing the second time. Entries the file \
            creates are marked as managed by it; applying it again removes those it no longer declares. \
            Entries created with the CLI or the admin API are never removed.
            """)

    @Option(name: [.customShort("f"), .long], help: ArgumentHelp("The configuration file (YAML or JSON).", valueName: "file"))
    var file: String

    @Flag(name: .long, help: "Print the changes without making them.")
    var dryRun = false

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await CLI.run {
            let source = ConfigDocument.absolutePath(file)
            let text = try readConfiguration(at: source)
            let request = ApplyRequest(config: text, source: source, file: file, dryRun: dryRun)
            let result = try await connection.withClient(creatingData: true) { try await $0.apply(request) }
            if output.json { return try CLI.printJSON(result) }
            CLI.report(result.diagnostics)
            for line in result.lines { print(line) }
            if dryRun { CLI.printError("dry run: nothing was changed.") }
        }
    }
}

extension ApplyCommand {
    /// The file's text, or an error naming the file.
    private func readConfiguration(at path: String) throws -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "it is not readable UTF-8 text" : "there is no such file"
            throw CommandLineError("Cannot read the configuration \(file): \(reason).")
        }
    }
}
