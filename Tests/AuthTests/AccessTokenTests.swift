// Access tokens: what the verifier accepts and, in order, what it refuses: `alg: none`, HMAC
// tokens keyed with the public key (key confusion), unknown keys, bad signatures, other issuers,
// other audiences, expired and not-yet-valid tokens.
import Crypto
import Foundation
import Testing

@testable import Auth

struct AccessTokenTests {
    static let issuer = "http://127.0.0.1:8080"
    static let audience = "http://127.0.0.1:8080/servers/notes/mcp"
    let key = SigningKey.generate()
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func claims(audience: String = audience, issuer: String = issuer, issuedAt: Date? = nil, lifetime: Duration = .seconds(600)) -> AccessTokenClaims {
        AccessTokenClaims(
            issuer: issuer, subject: "ada", audience: audience, issuedAt: issuedAt ?? now, lifetime: lifetime, tokenID: "jti-1", clientID: "c1",
            scopes: ["mcp"], family: "fam-1")
    }

    var verifier: AccessTokenVerifier { AccessTokenVerifier(issuer: Self.issuer, keys: [VerificationKey(key)]) }

    func refusal(_ token: String, audience: String = audience, at time: Date? = nil) async -> AccessTokenError? {
        do {
            _ = try await verifier.verify(token, audience: audience, now: time ?? now)
            return nil
        } catch {
            return error
        }
    }

    @Test func aTokenForThisEndpointVerifies() async throws {
        let token = try await key.sign(claims())
        #expect(AccessTokenVerifier.looksLikeJWT(token))
        #expect(!AccessTokenVerifier.looksLikeJWT("gh_live_abc.def"))
        #expect(!AccessTokenVerifier.looksLikeJWT("eyJa.b"))
        #expect(!AccessTokenVerifier.looksLikeJWT("eyJa.b.c.d"))
        #expect(AccessTokenVerifier.looksLikeJWT("eyJa.b."))
        let verified = try await verifier.verify(token, audience: Self.audience, now: now)
        #expect(verified == claims())
        let header = try #require(Base64URL.decode(token.split(separator: ".")[0]).map { String(decoding: $0, as: UTF8.self) })
        #expect(header.contains(#""alg":"ES256""#) && header.contains(#""typ":"at+jwt""#) && header.contains(key.kid))
    }

    @Test func aTokenForAnotherEndpointIsRefused() async throws {
        let token = try await key.sign(claims())
        let error = await refusal(token, audience: "http://127.0.0.1:8080/mcp")
        #expect(error?.reason == .wrongAudience)
        #expect(
            error?.message
                == "The access token is for http://127.0.0.1:8080/servers/notes/mcp, not for http://127.0.0.1:8080/mcp; ask for a token with resource=http://127.0.0.1:8080/mcp.")
        #expect(await refusal(token, audience: "http://127.0.0.1:8080/servers/other/mcp")?.reason == .wrongAudience)
    }

    @Test func expiredAndNotYetValidTokensAreRefused() async throws {
        let token = try await key.sign(claims(lifetime: .seconds(60)))
        #expect(await refusal(token, at: now.addingTimeInterval(60))?.reason == .expired)
        #expect(await refusal(token, at: now.addingTimeInterval(-5))?.reason == .notYetValid)
    }

    @Test func anotherIssuerIsRefused() async throws {
        let token = try await key.sign(claims(issuer: "https://evil.example"))
        #expect(await refusal(token)?.reason == .wrongIssuer)
    }

    @Test func algNoneIsRefusedBeforeAnyKeyIsTouched() async throws {
        let header = Base64URL.encode(Array(#"{"alg":"none","typ":"at+jwt","kid":"\#(key.kid)"}"#.utf8))
        let payload = Base64URL.encode(try JSONEncoder().encode(claims()))
        for token in ["\(header).\(payload).", "\(header).\(payload).c2ln"] {
            let error = await refusal(token)
            #expect(error?.reason == .algorithmNotAllowed)
            #expect(error?.message == "The access token's algorithm \"none\" is not accepted; Gatehouse signs with ES256 only.")
        }
    }

    @Test(arguments: ["HS256", "HS384", "RS256", "PS256", "ES384", "EdDSA"])
    func keyConfusionWithThePublicKeyAsHMACSecretIsRefused(alg: String) async throws {
        // The classic attack: sign with HMAC using the server's *public* key as the secret.
        let header = Base64URL.encode(Array(#"{"alg":"\#(alg)","typ":"at+jwt","kid":"\#(key.kid)"}"#.utf8))
        let payload = Base64URL.encode(try JSONEncoder().encode(claims()))
        let input = Array("\(header).\(payload)".utf8)
        for secret in [key.publicKey.pemRepresentation, key.publicKey.parameters.map { $0.x + $0.y } ?? ""] {
            let mac = HMAC<SHA256>.authenticationCode(for: input, using: SymmetricKey(data: Array(secret.utf8)))
            let error = await refusal("\(header).\(payload).\(Base64URL.encode(mac))")
            #expect(error?.reason == .algorithmNotAllowed)
        }
    }

    @Test func unknownKeysAndForgedSignaturesAreRefused() async throws {
        let stranger = SigningKey.generate()
        #expect(await refusal(try await stranger.sign(claims()))?.reason == .unknownKey)
        // Same kid as ours, signed by another key.
        let impostor = SigningKey(kid: key.kid, privateKey: stranger.privateKey)
        #expect(await refusal(try await impostor.sign(claims()))?.reason == .badSignature)
        // A payload swapped under a valid signature.
        let token = try await key.sign(claims())
        let parts = token.split(separator: ".")
        let swapped = Base64URL.encode(try JSONEncoder().encode(claims(audience: "http://127.0.0.1:8080/mcp")))
        #expect(await refusal("\(parts[0]).\(swapped).\(parts[2])", audience: "http://127.0.0.1:8080/mcp")?.reason == .badSignature)
    }

    @Test func garbageIsMalformed() async {
        #expect(await refusal("not.a.jwt")?.reason == .malformed)
        #expect(await refusal("eyJhbGciOiJFUzI1NiJ9")?.reason == .malformed)
    }

    @Test func rotatedKeysKeepVerifyingTheirTokens() async throws {
        let old = SigningKey.generate(), new = SigningKey.generate()
        let oldToken = try await old.sign(claims())
        let both = AccessTokenVerifier(issuer: Self.issuer, keys: [VerificationKey(new), VerificationKey(old)])
        #expect(try await both.verify(oldToken, audience: Self.audience, now: now).jti == "jti-1")
        #expect(try await both.verify(try await new.sign(claims()), audience: Self.audience, now: now).jti == "jti-1")
    }

    @Test func theJWKPublishesOnlyThePublicKey() {
        let jwk = VerificationKey(key).jwk
        #expect(jwk["kty"] == "EC" && jwk["crv"] == "P-256" && jwk["alg"] == "ES256" && jwk["kid"] == key.kid)
        #expect(jwk["d"] == nil && jwk["x"] != nil && jwk["y"] != nil)
    }
}
