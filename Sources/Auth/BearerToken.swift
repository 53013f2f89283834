// The one reader of `Authorization: Bearer <token>` (RFC 6750 §2.1), for the MCP endpoints, the
// OAuth client-management routes and the admin API alike. Bytes and scalars only: on Linux,
// Foundation's trimming and `hasPrefix` go through the NSString bridge, which showed in the
// gateway's per-call profile.
import MCPCore

package enum BearerToken {
    /// The token of an `Authorization` header value: the scheme matched without regard to ASCII
    /// case, whitespace around the token (spaces, tabs, other Unicode space separators) dropped;
    /// nil for another scheme or a header too short to hold one.
    package static func from(authorization header: String) -> String? {
        guard header.utf8.count > 7, header.hasPrefixIgnoringASCIICase("bearer ") else { return nil }
        var token = header.unicodeScalars.dropFirst(7)
        func isBlank(_ s: Unicode.Scalar) -> Bool { s == "\t" || s.properties.generalCategory == .spaceSeparator }
        while let s = token.first, isBlank(s) { token = token.dropFirst() }
        while let s = token.last, isBlank(s) { token = token.dropLast() }
        return String(token)
    }
}
