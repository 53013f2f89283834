// The configuration `gatehouse serve` uses when given none: the bundled demo MCP server behind
// the gateway, and one application that may use it, so a first run shows a working gateway.

/// The built-in example configuration.
package enum BundledConfiguration {
    /// How diagnostics and `managedBy` name it.
    package static let name = "bundled:example.yaml"
    /// The application the first start makes a key for.
    package static let quickstartApplication = "quickstart"

    package static let yaml = """
        # Gatehouse example configuration (built in): the bundled demo MCP server behind the gateway.
        servers:
          - slug: demo
            name: io.gatehouse/demo
            description: The bundled demo MCP server (tools echo, add, current_time and wait; a resource; a prompt)
            upstream: { command: gatehouse, args: [demo-server] }
            tools: { enabled: ["*"] }
        applications:
          - name: quickstart
            allow: [ { server: demo } ]
        """
}
