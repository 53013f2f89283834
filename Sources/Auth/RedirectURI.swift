// Redirect URIs: which a client may register, and whether a presented one matches a registered one.
// Matching is exact string comparison (OAuth 2.1 §4.1.1), with one exception from RFC 8252 §7.3:
// for loopback `http` redirects the port may differ, because native apps listen on a port the
// operating system picks at run time.
import Foundation

/// Redirect URI rules.
package enum RedirectURI {
    /// Why a redirect URI cannot be registered, or `nil` when it can.
    ///
    /// Allowed: `https` URLs; `http` only on a loopback host (`127.0.0.1`, `[::1]`, `localhost`);
    /// private-use schemes of native apps (`cursor://…`, `com.example.app:/cb`). Never a fragment,
    /// never `javascript:`, `data:`, `file:` or `vbscript:`.
    package static func problem(with uri: String) -> String? {
        guard let components = URLComponents(string: uri), let scheme = components.scheme?.lowercased() else {
            return "\"\(uri.prefix(200))\" is not an absolute URI"
        }
        if components.fragment != nil { return "\"\(uri.prefix(200))\" has a fragment; redirect URIs must not (RFC 6749 §3.1.2)" }
        switch scheme {
        case "https":
            return components.host?.isEmpty == false ? nil : "\"\(uri.prefix(200))\" has no host"
        case "http":
            return isLoopback(components.host) ? nil : "\"\(uri.prefix(200))\" uses http on a non-loopback host; use https, or http://127.0.0.1 for native apps"
        case "javascript", "data", "file", "vbscript", "about", "blob", "ftp", "ws", "wss":
            return "\"\(uri.prefix(200))\" uses the scheme \(scheme), which cannot receive an authorization response"
        default:
            return nil  // a private-use scheme of a native app (RFC 8252 §7.1)
        }
    }

    /// Whether `presented` matches `registered`: exactly, or for loopback `http` URIs, equal in
    /// everything but the port (RFC 8252 §7.3).
    package static func matches(registered: String, presented: String) -> Bool {
        if registered == presented { return true }
        guard let r = URLComponents(string: registered), let p = URLComponents(string: presented),
            r.scheme?.lowercased() == "http", p.scheme?.lowercased() == "http", isLoopback(r.host), r.host == p.host
        else { return false }
        return r.percentEncodedPath == p.percentEncodedPath && r.percentEncodedQuery == p.percentEncodedQuery && r.user == nil && p.user == nil
            && p.fragment == nil
    }

    /// The registered URI `presented` matches, if any.
    package static func match(_ presented: String, in registered: [String]) -> String? {
        registered.first { matches(registered: $0, presented: presented) }
    }

    /// Loopback hosts of RFC 8252 §7.3 (and `localhost`, which clients use though the RFC
    /// prefers the IP literals).
    package static func isLoopback(_ host: String?) -> Bool {
        guard let host = host?.lowercased() else { return false }
        return host == "127.0.0.1" || host == "[::1]" || host == "::1" || host == "localhost"
    }
}
