// Talking to an MCP server that is not (or not yet) registered, for `scan` and `discover`: the
// gateway's own upstream connectors (Streamable HTTP of either era, stdio) on a short-lived pool,
// closed when the work is done.
import AsyncHTTPClient
import Foundation
import Gateway
import Logging

enum UpstreamSession {
    /// Runs `body` with a pool whose requests time out after `timeout`, then shuts it down.
    /// Connection chatter (a stdio child ending when it is stopped) is not the command's output.
    static let quiet: Logger = {
        var logger = CLI.logger
        logger.logLevel = .error
        return logger
    }()

    static func with<T>(timeout: Duration, _ body: (UpstreamPool) async throws -> T) async throws -> T {
        var settings = GatewayConfiguration.Upstream()
        settings.requestTimeout = timeout
        settings.connectTimeout = min(timeout, .seconds(5))
        settings.probeTimeout = min(timeout, .seconds(5))
        let http = UpstreamPool.makeHTTPClient(settings)
        let pool = UpstreamPool(client: http, options: .init(settings), logger: quiet)
        do {
            let result = try await body(pool)
            await pool.shutdown()
            try? await http.shutdown()
            return result
        } catch {
            await pool.shutdown()
            try? await http.shutdown()
            throw error
        }
    }

    /// A directory entry for a server that is only being looked at.
    static func server(_ upstream: UpstreamTarget, slug: String = "scan") -> DirectoryServer {
        DirectoryServer(slug: slug, name: "gatehouse/\(slug)", upstream: upstream, enablement: ToolEnablement())
    }

    /// `30s`, `500ms`, `2m` → a duration.
    static func duration(_ text: String) -> Duration? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t.hasSuffix("ms"), let v = Int64(t.dropLast(2)), v > 0 { return .milliseconds(v) }
        if t.hasSuffix("s"), let v = Int64(t.dropLast()), v > 0 { return .seconds(v) }
        if t.hasSuffix("m"), let v = Int64(t.dropLast()), v > 0 { return .seconds(v * 60) }
        if let v = Int64(t), v > 0 { return .seconds(v) }
        return nil
    }
}

/// Discovery results go nowhere: the command reads them directly.
struct DiscardingCatalogSink: CatalogSink {
    func recordDiscovery(_ discovery: Discovery) async {}
}
