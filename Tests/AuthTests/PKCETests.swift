// PKCE (RFC 7636) and redirect URI matching (OAuth 2.1, RFC 8252): pure checks.
import Testing

@testable import Auth

struct PKCETests {
    @Test func theRFC7636AppendixBExampleVerifies() {
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        #expect(PKCE.challenge(for: verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        #expect(PKCE.verify(verifier: verifier, challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"))
    }

    @Test func aWrongVerifierFails() {
        let challenge = PKCE.challenge(for: String(repeating: "a", count: 64))
        #expect(!PKCE.verify(verifier: String(repeating: "b", count: 64), challenge: challenge))
    }

    @Test(arguments: ["short", String(repeating: "a", count: 129), String(repeating: "a", count: 42) + " ", String(repeating: "é", count: 50)])
    func malformedVerifiersAreRefused(verifier: String) {
        #expect(!PKCE.isValidVerifier(verifier))
        #expect(!PKCE.verify(verifier: verifier, challenge: PKCE.challenge(for: verifier)))
    }

    @Test func aPlainChallengeIsNotAnS256Challenge() {
        #expect(!PKCE.isValidChallenge("plain-text-challenge"))
        #expect(PKCE.isValidChallenge(PKCE.challenge(for: String(repeating: "x", count: 43))))
    }
}

struct RedirectURITests {
    @Test func exactMatchesMatch() {
        #expect(RedirectURI.matches(registered: "https://claude.ai/api/mcp/auth_callback", presented: "https://claude.ai/api/mcp/auth_callback"))
    }

    @Test(arguments: [
        "https://claude.ai/api/mcp/auth_callback/", "https://claude.ai/api/mcp/auth_callback?x=1", "https://evil.example/api/mcp/auth_callback",
        "https://claude.ai:8443/api/mcp/auth_callback", "HTTPS://claude.ai/api/mcp/auth_callback",
    ])
    func anythingElseDoesNotMatchAnHTTPSURI(presented: String) {
        #expect(!RedirectURI.matches(registered: "https://claude.ai/api/mcp/auth_callback", presented: presented))
    }

    @Test func loopbackPortsMayDiffer() {
        #expect(RedirectURI.matches(registered: "http://127.0.0.1/callback", presented: "http://127.0.0.1:51004/callback"))
        #expect(RedirectURI.matches(registered: "http://127.0.0.1:33418/callback", presented: "http://127.0.0.1:40000/callback"))
        #expect(RedirectURI.matches(registered: "http://[::1]:1/cb", presented: "http://[::1]:2/cb"))
    }

    @Test func loopbackStillNeedsTheSameHostPathAndQuery() {
        #expect(!RedirectURI.matches(registered: "http://127.0.0.1/callback", presented: "http://127.0.0.1:5000/other"))
        #expect(!RedirectURI.matches(registered: "http://127.0.0.1/callback", presented: "http://localhost:5000/callback"))
        #expect(!RedirectURI.matches(registered: "http://127.0.0.1/callback", presented: "http://127.0.0.2:5000/callback"))
        #expect(!RedirectURI.matches(registered: "http://example.com/callback", presented: "http://example.com:81/callback"))
    }

    @Test(arguments: [
        ("https://app.example/cb", true), ("http://127.0.0.1:3000/cb", true), ("cursor://anysphere.cursor-mcp/oauth/callback", true),
        ("http://app.example/cb", false), ("https://app.example/cb#frag", false), ("javascript:alert(1)", false), ("/relative", false),
    ])
    func registrationAcceptsHTTPSLoopbackAndPrivateSchemesOnly(uri: String, ok: Bool) {
        #expect((RedirectURI.problem(with: uri) == nil) == ok, "\(uri): \(RedirectURI.problem(with: uri) ?? "ok")")
    }
}

struct PublicURLTests {
    @Test(arguments: [
        ("https://gatehouse.example.com", true), ("http://127.0.0.1:8080", true), ("https://gatehouse.example.com/", true),
        ("https://gatehouse.example.com/gh", false), ("HTTPS://Gatehouse.example.com", false), ("ftp://x", false), ("https://x?y=1", false),
        ("https://user:pw@x", false), ("gatehouse.example.com", false),
    ])
    func publicURLsAreCanonicalOriginsOnly(url: String, ok: Bool) {
        #expect((PublicURL.problem(with: url) == nil) == ok, "\(url): \(PublicURL.problem(with: url) ?? "ok")")
    }

    @Test func resourcesAndMetadataHangOffTheBase() {
        let url = PublicURL("https://gatehouse.example.com/")
        #expect(url.issuer == "https://gatehouse.example.com")
        #expect(url.resource(forPath: "/servers/notes/mcp") == "https://gatehouse.example.com/servers/notes/mcp")
        #expect(url.metadataURL(forPath: "/mcp") == "https://gatehouse.example.com/.well-known/oauth-protected-resource/mcp")
        url.set("http://127.0.0.1:4321")
        #expect(url.resource(forPath: "/mcp") == "http://127.0.0.1:4321/mcp")
    }
}
