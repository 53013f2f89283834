// The resources Gatehouse protects and how they are named: the canonical URL of each MCP endpoint
// under the public URL (RFC 8707 resource indicators, RFC 9728 protected resource metadata), the
// scopes an endpoint needs, and the issuer, all derived from one configured public URL.
import Foundation
import Synchronization

/// Gatehouse's public base URL (`gateway.public_url`), fixed once the listener is bound: without
/// a configured value it is `http://<host>:<port>` of the actual port (which `--port 0` picks).
package final class PublicURL: Sendable {
    private let value: Mutex<String>

    package init(_ url: String) { value = Mutex(Self.trimmed(url)) }

    /// The base URL, without a trailing slash (`https://gatehouse.example.com`).
    package var base: String { value.withLock { $0 } }

    /// The issuer identifier of the authorization server: the base URL itself.
    package var issuer: String { base }

    /// Sets the URL once the real port is known.
    package func set(_ url: String) { value.withLock { $0 = Self.trimmed(url) } }

    /// The canonical resource URL of an endpoint path (`/mcp`, `/servers/notes/mcp`).
    package func resource(forPath path: String) -> String { base + path }

    /// The protected resource metadata URL of an endpoint path (RFC 9728 §3.1: the well-known
    /// segment goes between host and path).
    package func metadataURL(forPath path: String) -> String { base + "/.well-known/oauth-protected-resource" + path }

    private static func trimmed(_ url: String) -> String {
        var url = url
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }

    /// Why `url` cannot be a public URL, or `nil`: it must be absolute `http` or `https`, with a
    /// host, and without path, query, fragment or credentials (it becomes the OAuth issuer, and
    /// metadata is served at the root's well-known locations).
    package static func problem(with url: String) -> String? {
        guard let c = URLComponents(string: url), let scheme = c.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = c.host, !host.isEmpty
        else { return "\"\(url.prefix(200))\" is not an absolute http or https URL" }
        if c.query != nil || c.fragment != nil { return "\"\(url.prefix(200))\" has a query or fragment; an issuer may have neither" }
        if !(c.path.isEmpty || c.path == "/") {
            return "\"\(url.prefix(200))\" has a path; Gatehouse serves its endpoints and metadata at the root of its public URL"
        }
        if c.user != nil || c.password != nil { return "\"\(url.prefix(200))\" carries credentials" }
        if scheme != url.prefix(scheme.count) || host != host.lowercased() {
            return "\"\(url.prefix(200))\" is not canonical; write scheme and host in lowercase"
        }
        return nil
    }
}

/// Scopes Gatehouse's authorization server grants.
package enum OAuthScope {
    /// Use the MCP endpoints (every endpoint needs it).
    package static let mcp = "mcp"
    /// Receive a refresh token.
    package static let offlineAccess = "offline_access"
    /// OpenID Connect identity scopes, accepted and echoed (no ID token is issued to MCP clients).
    package static let identity: Set<String> = ["openid", "profile", "email"]
    /// Every scope the server knows, in the order metadata lists them.
    package static let supported = [mcp, offlineAccess]
    /// What a protected MCP endpoint requires (the `scope` of its 401 challenge).
    package static let required = [mcp]
    /// Granted when a client asks for no scope.
    package static let defaults = [mcp]

    /// Splits a space-separated scope parameter, dropping duplicates and keeping order.
    package static func parse(_ text: String?) -> [String] {
        var seen = Set<String>()
        return (text ?? "").split(separator: " ").map(String.init).filter { seen.insert($0).inserted }
    }
}
