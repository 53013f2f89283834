// Gatehouse's access tokens: short-lived JWTs (RFC 9068 profile, `typ: at+jwt`) signed with ES256.
// The audience is exactly one resource: the canonical URL of the MCP endpoint the token was asked
// for (RFC 8707), so a token for `/servers/notes/mcp` never opens `/mcp` or another server.
import Foundation
import JWTKit

/// The claims of an access token.
package struct AccessTokenClaims: JWTPayload, Equatable {
    /// The issuer: Gatehouse's public URL.
    package var iss: String
    /// The signed-in user's name.
    package var sub: String
    /// The one resource the token is for.
    package var aud: String
    package var exp: Int64
    package var iat: Int64
    package var nbf: Int64?
    /// Unique token id: revocation names it.
    package var jti: String
    package var clientID: String
    /// Space-separated granted scopes.
    package var scope: String
    /// The grant family (one authorization and every refresh after it): revoking the family, or
    /// detecting refresh-token reuse in it, refuses every access token it produced.
    package var sid: String

    enum CodingKeys: String, CodingKey {
        case iss, sub, aud, exp, iat, nbf, jti, scope, sid
        case clientID = "client_id"
    }

    package init(
        issuer: String, subject: String, audience: String, issuedAt: Date, lifetime: Duration, tokenID: String, clientID: String,
        scopes: [String], family: String
    ) {
        iss = issuer
        sub = subject
        aud = audience
        iat = Int64(issuedAt.timeIntervalSince1970)
        nbf = iat
        exp = iat + lifetime.components.seconds
        jti = tokenID
        self.clientID = clientID
        scope = scopes.joined(separator: " ")
        sid = family
    }

    package var scopes: [String] { scope.split(separator: " ").map(String.init) }
    package var expiresAt: Date { Date(timeIntervalSince1970: TimeInterval(exp)) }

    /// Claim checks happen in ``AccessTokenVerifier``, in a fixed order with precise errors.
    package func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// An ES256 key pair that signs access tokens, with its key id.
package struct SigningKey: Sendable {
    package var kid: String
    package var privateKey: ES256PrivateKey

    /// A new random key; the kid is derived from the public key (RFC 7638 thumbprint, shortened).
    package static func generate() -> SigningKey {
        let key = ES256PrivateKey()
        return SigningKey(kid: Self.thumbprint(key.publicKey), privateKey: key)
    }

    package init(kid: String, privateKey: ES256PrivateKey) {
        self.kid = kid
        self.privateKey = privateKey
    }

    /// Reads a key from its PEM (as stored).
    package init(kid: String, pem: String) throws {
        self.kid = kid
        privateKey = try ES256PrivateKey(pem: pem)
    }

    package var pem: String { privateKey.pemRepresentation }
    package var publicKey: ES256PublicKey { privateKey.publicKey }

    /// Signs `claims` as a compact JWT with `alg: ES256`, `typ: at+jwt` and this key's `kid`.
    package func sign(_ claims: AccessTokenClaims) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: privateKey, kid: JWKIdentifier(string: kid))
        var header = JWTHeader()
        header.typ = "at+jwt"
        return try await keys.sign(claims, kid: JWKIdentifier(string: kid), header: header)
    }

    /// The RFC 7638 JWK thumbprint of a P-256 key, base64url, first 16 characters.
    static func thumbprint(_ key: ES256PublicKey) -> String {
        guard let p = key.parameters else { return Base64URL.random(bytes: 12) }
        let canonical = #"{"crv":"P-256","kty":"EC","x":"\#(p.x)","y":"\#(p.y)"}"#
        return String(Base64URL.encode(SHA256Digest.of(canonical)).prefix(16))
    }
}

/// The public half of a signing key, as published in the JWKS and used to verify.
package struct VerificationKey: Sendable {
    package var kid: String
    package var publicKey: ES256PublicKey

    package init(kid: String, publicKey: ES256PublicKey) {
        self.kid = kid
        self.publicKey = publicKey
    }

    package init(_ key: SigningKey) {
        kid = key.kid
        publicKey = key.publicKey
    }

    /// The JWK (RFC 7517) of this key.
    package var jwk: [String: String] {
        var jwk = ["kty": "EC", "crv": "P-256", "kid": kid, "use": "sig", "alg": "ES256"]
        if let p = publicKey.parameters {
            jwk["x"] = p.x
            jwk["y"] = p.y
        }
        return jwk
    }
}
