// The `gatehouse` command: one binary for the gateway (`serve`), the control-plane CLI, and the
// bundled demo MCP server.
import ArgumentParser

@main
struct GatehouseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gatehouse",
        abstract: "A security-first MCP registry and gateway.",
        subcommands: [
            ServeCommand.self,
            ApplyCommand.self,
            ServersCommand.self,
            ToolsCommand.self,
            AppsCommand.self,
            KeysCommand.self,
            PolicyCommand.self,
            LimitsCommand.self,
            UsersCommand.self,
            CertificatesCommand.self,
            AuditCommand.self,
            AdminTokenCommand.self,
            ScanCommand.self,
            DiscoverCommand.self,
            DemoServerCommand.self,
        ]
    )
}
