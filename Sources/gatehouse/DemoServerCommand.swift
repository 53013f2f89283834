// `gatehouse demo-server`: a small MCP server bundled so a newcomer sees a working gateway at
// once. Speaks stdio by default; `--http HOST:PORT` serves stateless Streamable HTTP instead.
import ArgumentParser
import GatehouseDemo

struct DemoServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-server",
        abstract: "Run the bundled demo MCP server (tools echo, add, current_time, wait; a resource; a prompt).",
        discussion: "Speaks MCP on stdin/stdout, both the 2025 and the 2026-07-28 protocol revisions.")

    @Option(name: .long, help: "Serve Streamable HTTP on HOST:PORT (path /mcp) instead of stdio.")
    var http: String?

    func run() async throws {
        guard let http else {
            await DemoStdioServer().run()
            return
        }
        guard let colon = http.lastIndex(of: ":"), let port = Int(http[http.index(after: colon)...]) else {
            throw ValidationError("--http takes HOST:PORT, e.g. 127.0.0.1:9100; got \"\(http)\".")
        }
        try await DemoHTTPServer(host: String(http[..<colon]), port: port).run()
    }
}
