// Checks an access token presented to an MCP endpoint, in a fixed order, each failure with its own
// reason: shape, algorithm allow-list (only ES256: `none`, HMAC and RSA are refused before any key
// is touched, so a public key can never be used as an HMAC secret), known key id, signature,
// issuer, audience (exactly the endpoint called), expiry and not-before.
import Foundation
import JWTKit

/// Why an access token was refused.
package struct AccessTokenError: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Reason: String, Sendable {
        case malformed, algorithmNotAllowed = "algorithm_not_allowed", unknownKey = "unknown_key", badSignature = "bad_signature",
            wrongIssuer = "wrong_issuer", wrongAudience = "wrong_audience", expired, notYetValid = "not_yet_valid"
    }
    package var reason: Reason
    /// A sentence for the client; never echoes the token.
    package var message: String
    package var description: String { "\(reason.rawValue): \(message)" }
}

/// Verifies Gatehouse access tokens.
package struct AccessTokenVerifier: Sendable {
    /// The only algorithm accepted.
    package static let allowedAlgorithms: Set<String> = ["ES256"]

    package var issuer: String
    package var keys: [String: VerificationKey]
    /// Clock skew tolerated on `exp` and `nbf`, in seconds. Default 0: tokens are short-lived and
    /// issued by this very service.
    package var leewaySeconds: Int64

    package init(issuer: String, keys: [VerificationKey], leewaySeconds: Int64 = 0) {
        self.issuer = issuer
        self.keys = Dictionary(keys.map { ($0.kid, $0) }, uniquingKeysWith: { a, _ in a })
        self.leewaySeconds = leewaySeconds
    }

    /// Whether `token` has the shape of a JWT (three base64url parts), so that callers can tell
    /// access tokens from API keys without trying to verify.
    package static func looksLikeJWT(_ token: String) -> Bool {
        // Asked of every API key too: bytes, not `split` and Foundation's `hasPrefix`.
        token.utf8.starts(with: "eyJ".utf8) && token.utf8.lazy.filter { $0 == UInt8(ascii: ".") }.count == 2
    }

    /// The claims of `token` when it is valid for `audience` at `now`.
    /// - Throws: ``AccessTokenError`` naming the first check that failed.
    /// - Parameter audience: The endpoint called; `nil` only where any audience will do (the
    ///   revocation endpoint, which checks the client instead).
    package func verify(_ token: String, audience: String?, now: Date) async throws(AccessTokenError) -> AccessTokenClaims {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = Base64URL.decode(parts[0]),
            let header = try? JSONSerialization.jsonObject(with: Data(headerBytes)) as? [String: Any]
        else {
            throw AccessTokenError(reason: .malformed, message: "The access token is not a compact JWT.")
        }
        let alg = header["alg"] as? String ?? ""
        guard Self.allowedAlgorithms.contains(alg) else {
            throw AccessTokenError(
                reason: .algorithmNotAllowed, message: "The access token's algorithm \"\(alg.prefix(20))\" is not accepted; Gatehouse signs with ES256 only.")
        }
        if let typ = header["typ"] as? String, !["at+jwt", "application/at+jwt"].contains(typ.lowercased()) {
            throw AccessTokenError(reason: .malformed, message: "The token's type \"\(typ.prefix(30))\" is not an access token (at+jwt).")
        }
        guard let kid = header["kid"] as? String, let key = keys[kid] else {
            throw AccessTokenError(reason: .unknownKey, message: "The access token was signed with a key Gatehouse does not know (retired, or not Gatehouse's).")
        }
        let claims: AccessTokenClaims
        do {
            let collection = JWTKeyCollection()
            await collection.add(ecdsa: key.publicKey, kid: JWKIdentifier(string: kid))
            claims = try await collection.verify(token, as: AccessTokenClaims.self)
        } catch {
            throw AccessTokenError(reason: .badSignature, message: "The access token's signature is not valid.")
        }
        guard claims.iss == issuer else {
            throw AccessTokenError(reason: .wrongIssuer, message: "The access token was issued by \"\(claims.iss.prefix(100))\", not by this Gatehouse (\(issuer)).")
        }
        if let audience, claims.aud != audience {
            throw AccessTokenError(
                reason: .wrongAudience,
                message: "The access token is for \(claims.aud.prefix(200)), not for \(audience); ask for a token with resource=\(audience).")
        }
        let seconds = Int64(now.timeIntervalSince1970)
        guard seconds < claims.exp + leewaySeconds else {
            throw AccessTokenError(reason: .expired, message: "The access token expired at \(claims.expiresAt.ISO8601Format()); refresh it or sign in again.")
        }
        if let nbf = claims.nbf, seconds + leewaySeconds < nbf {
            throw AccessTokenError(reason: .notYetValid, message: "The access token is not valid before \(Date(timeIntervalSince1970: TimeInterval(nbf)).ISO8601Format()).")
        }
        return claims
    }
}
