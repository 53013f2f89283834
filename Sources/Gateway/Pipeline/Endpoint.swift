// The two kinds of MCP endpoint: the merged namespace and one server's own endpoint.

/// Where a client connected.
package enum Endpoint: Hashable, Sendable, CustomStringConvertible {
    /// `/mcp`: every server the application may use, names prefixed by server slug.
    case merged
    /// `/servers/{slug}/mcp`: one server, with its own names.
    case server(String)

    package var path: String {
        switch self {
        case .merged: "/mcp"
        case .server(let slug): "/servers/\(slug)/mcp"
        }
    }

    package var description: String { path }
}
