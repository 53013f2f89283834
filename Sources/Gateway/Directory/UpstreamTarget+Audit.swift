// How an upstream is named in audit records: its URL, or the command line of a stdio server
// (without its environment, which may hold secrets).

extension UpstreamTarget {
    /// `http://127.0.0.1:8765/mcp` or `stdio: gatehouse demo-server`.
    package var auditDescription: String {
        switch self {
        case .http(let url, _): url
        case .stdio(let command): "stdio: " + ([command.command] + command.arguments).joined(separator: " ")
        }
    }
}
