// Proof Key for Code Exchange (RFC 7636), S256 only: OAuth 2.1 and the MCP authorization spec
// forbid `plain`, so a client that asks for it is refused rather than downgraded.
import Crypto

/// PKCE checks for the authorization and token endpoints.
package enum PKCE {
    /// The one method Gatehouse accepts.
    package static let method = "S256"

    /// Whether `verifier` has the RFC 7636 §4.1 shape: 43 to 128 characters of `[A-Za-z0-9-._~]`.
    package static func isValidVerifier(_ verifier: String) -> Bool {
        (43...128).contains(verifier.utf8.count) && verifier.utf8.allSatisfy(isUnreserved)
    }

    /// Whether `challenge` can be an S256 challenge: 43 base64url characters (a SHA-256 digest).
    package static func isValidChallenge(_ challenge: String) -> Bool {
        challenge.utf8.count == 43 && Base64URL.decode(challenge)?.count == 32
    }

    /// The S256 challenge of a verifier: base64url(SHA-256(ASCII(verifier))).
    package static func challenge(for verifier: String) -> String {
        Base64URL.encode(SHA256.hash(data: Array(verifier.utf8)))
    }

    /// Whether `verifier` answers `challenge` (compared in constant time).
    package static func verify(verifier: String, challenge: String) -> Bool {
        guard isValidVerifier(verifier) else { return false }
        return ConstantTime.equal(Array(Self.challenge(for: verifier).utf8), Array(challenge.utf8))
    }

    private static func isUnreserved(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2D || c == 0x2E || c == 0x5F || c == 0x7E
    }
}

/// Comparison whose time does not depend on where inputs differ.
package enum ConstantTime {
    package static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        return difference == 0
    }
}
