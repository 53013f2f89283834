// `gatehouse demo-server`: a small MCP server over stdio, bundled so a newcomer sees a working
// gateway at once.
import ArgumentParser

struct DemoServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo-server", abstract: "Run the bundled demo MCP server on stdio.")

    func run() async throws {
        throw ValidationError("not yet implemented")
    }
}
