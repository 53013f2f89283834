// What Gatehouse's authorization server and the gateway refuse, each with the right OAuth error,
// against the real binary: wrong PKCE verifier, reused code, redirect mismatch, missing or foreign
// resource, a token for another endpoint, revoked and expired tokens, `alg: none` and key-confusion
// tokens, unknown clients, insufficient scope; and the documents and challenges clients discover from.
import Crypto
import Foundation
import JSONSchema
import Testing

extension IdentityEndToEndTests {
    @Suite struct OAuthRefusalTests {
        @Test func metadataAndChallengesPointClientsAtGatehouse() async throws {
            let gh = try await OAuthFixture.start()
            let client = OAuthTestClient(base: gh.base)
            let challenge = try await client.listTools("/servers/notes/mcp", token: "")
            #expect(challenge.status == 401)
            #expect(
                challenge.headers.first(name: "www-authenticate")
                    == #"Bearer realm="gatehouse", resource_metadata="\#(gh.base)/.well-known/oauth-protected-resource/servers/notes/mcp", scope="mcp""#)
            let prm = try await client.send(.GET, "/.well-known/oauth-protected-resource/servers/notes/mcp")
            #expect(prm.json["resource"]?.stringValue == gh.base + "/servers/notes/mcp")
            #expect(prm.json["authorization_servers"] == [.string(gh.base)])
            #expect(prm.json["scopes_supported"] == ["mcp"])
            #expect(try await client.send(.GET, "/.well-known/oauth-protected-resource/mcp").json["resource"]?.stringValue == gh.base + "/mcp")
            #expect(try await client.send(.GET, "/.well-known/oauth-protected-resource").json["resource"]?.stringValue == gh.base)
            #expect(try await client.send(.GET, "/.well-known/oauth-protected-resource/servers/nope/mcp").status == 404)
            for path in ["/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"] {
                let metadata = try await client.send(.GET, path).json
                #expect(metadata["issuer"]?.stringValue == gh.base, "issuer exact")
                #expect(metadata["code_challenge_methods_supported"] == ["S256"])
                #expect(metadata["authorization_response_iss_parameter_supported"] == true)
                #expect(metadata["client_id_metadata_document_supported"] == true)
                #expect(metadata["registration_endpoint"]?.stringValue == gh.base + "/oauth/register")
            }
            let jwks = try await client.send(.GET, "/oauth/jwks").json
            #expect(jwks["keys"]?[0]?["alg"] == "ES256")
            #expect(jwks["keys"]?[0]?["d"] == nil)
            await gh.stop()
        }

        @Test func registrationReturnsManagementURIAndUnknownClientsAre401() async throws {
            let gh = try await OAuthFixture.start()
            let client = OAuthTestClient(base: gh.base)
            let body = #"{"client_name":"claude","redirect_uris":["https://claude.ai/api/mcp/auth_callback"],"grant_types":["authorization_code","refresh_token"],"response_types":["code"],"token_endpoint_auth_method":"none"}"#
            let registered = try await client.send(.POST, "/oauth/register", headers: [("Content-Type", "application/json")], body: body)
            #expect(registered.status == 201)
            let id = try #require(registered.json["client_id"]?.stringValue)
            #expect(registered.json["registration_client_uri"]?.stringValue == gh.base + "/oauth/register/" + id)
            let token = try #require(registered.json["registration_access_token"]?.stringValue)
            let read = try await client.send(.GET, "/oauth/register/" + id, headers: [("Authorization", "Bearer " + token)])
            #expect(read.status == 200 && read.json["client_id"]?.stringValue == id)
            #expect(try await client.send(.GET, "/oauth/register/" + id, headers: [("Authorization", "Bearer wrong")]).status == 401)
            // Bad metadata.
            let http = try await client.send(.POST, "/oauth/register", headers: [("Content-Type", "application/json")], body: #"{"redirect_uris":["http://evil.example/cb"]}"#)
            #expect(http.status == 400 && http.json["error"] == "invalid_redirect_uri")
            // Unknown clients: 401 invalid_client at the token endpoint (clients then register again), a 401 page at authorize.
            let unknown = try await client.form("/oauth/token", [("grant_type", "authorization_code"), ("code", "x"), ("client_id", "ghc-nobody"), ("code_verifier", String(repeating: "a", count: 43))])
            #expect(unknown.status == 401)
            #expect(unknown.json["error"] == "invalid_client")
            #expect(unknown.json["error_description"] == "The client \"ghc-nobody\" is not registered here; register it again and sign in.")
            let page = try await client.authorize(clientID: "ghc-nobody", pkce: .init(), resource: gh.base + "/mcp")
            #expect(page.status == 401 && page.location == nil && page.body.contains("invalid_client"))
            await gh.stop()
        }

        @Test func authorizationRequestsAreCheckedBeforeAnyCodeIsIssued() async throws {
            let gh = try await OAuthFixture.start()
            let client = OAuthTestClient(base: gh.base)
            let id = try await client.register()
            // A redirect URI that is not registered: shown, never redirected to.
            let mismatch = try await client.authorize(clientID: id, pkce: .init(), resource: gh.base + "/mcp", redirect: "http://127.0.0.1:33418/other")
            #expect(mismatch.status == 400 && mismatch.location == nil)
            #expect(mismatch.body.contains("is not registered for this client"))
            // The loopback port may differ (RFC 8252).
            let otherPort = try await client.authorize(clientID: id, pkce: .init(), resource: gh.base + "/mcp", redirect: "http://127.0.0.1:40001/callback")
            #expect(otherPort.status == 302 && otherPort.redirectParameters["code"] != nil)
            // No resource, or a resource that is not one of Gatehouse's endpoints: invalid_target.
            let missing = try await client.authorize(clientID: id, pkce: .init(), resource: nil)
            #expect(missing.redirectParameters["error"] == "invalid_target")
            #expect(missing.redirectParameters["state"] == "st-123" && missing.redirectParameters["iss"] == gh.base)
            let foreign = try await client.authorize(clientID: id, pkce: .init(), resource: "https://evil.example/mcp")
            #expect(foreign.redirectParameters["error"] == "invalid_target")
            let unknownServer = try await client.authorize(clientID: id, pkce: .init(), resource: gh.base + "/servers/nope/mcp")
            #expect(unknownServer.redirectParameters["error"] == "invalid_target")
            // PKCE is required, S256 only.
            let plain = try await client.authorize(clientID: id, pkce: .init(), resource: gh.base + "/mcp", challengeMethod: "plain")
            #expect(plain.redirectParameters["error"] == "invalid_request")
            #expect(plain.redirectParameters["error_description"] == "code_challenge_method must be S256 (got plain); plain is not accepted.")
            let unknownScope = try await client.authorize(clientID: id, pkce: .init(), resource: gh.base + "/mcp", scope: "admin")
            #expect(unknownScope.redirectParameters["error"] == "invalid_scope")
            let implicit = try await client.authorize(clientID: id, pkce: .init(), resource: gh.base + "/mcp", extra: [("response_type", "token")])
            #expect(implicit.status == 400, "a repeated parameter is refused outright")
            await gh.stop()
        }

        @Test func codesNeedTheRightVerifierRedirectAndResourceAndWorkOnce() async throws {
            let gh = try await OAuthFixture.start()
            let client = OAuthTestClient(base: gh.base)
            let id = try await client.register()
            let resource = gh.base + "/mcp"
            func code(_ pkce: OAuthTestClient.PKCEPair) async throws -> String {
                try #require(try await client.authorize(clientID: id, pkce: pkce, resource: resource).redirectParameters["code"])
            }
            // Wrong PKCE verifier.
            let pkce = OAuthTestClient.PKCEPair()
            let wrongVerifier = try await client.exchange(clientID: id, code: try await code(pkce), verifier: OAuthTestClient.PKCEPair().verifier, resource: resource)
            #expect(wrongVerifier.status == 400)
            #expect(wrongVerifier.json["error"] == "invalid_grant")
            #expect(wrongVerifier.json["error_description"] == "The code_verifier does not match the code_challenge of the authorization request.")
            // Redirect URI differing from the authorization request.
            let second = OAuthTestClient.PKCEPair()
            let wrongRedirect = try await client.exchange(clientID: id, code: try await code(second), verifier: second.verifier, resource: resource, redirect: "http://127.0.0.1:1/x")
            #expect(wrongRedirect.json["error"] == "invalid_grant")
            // Another resource than the one authorized.
            let third = OAuthTestClient.PKCEPair()
            let wrongResource = try await client.exchange(clientID: id, code: try await code(third), verifier: third.verifier, resource: gh.base + "/servers/notes/mcp")
            #expect(wrongResource.json["error"] == "invalid_target")
            // A code works once; the second use fails and revokes what the first produced.
            let fourth = OAuthTestClient.PKCEPair()
            let good = try await code(fourth)
            let first = try await client.exchange(clientID: id, code: good, verifier: fourth.verifier, resource: resource)
            #expect(first.status == 200)
            #expect(first.json["token_type"] == "Bearer" && first.json["scope"] == "mcp offline_access")
            let access = try #require(first.json["access_token"]?.stringValue)
            #expect(try await client.listTools("/mcp", token: access).status == 200)
            let reused = try await client.exchange(clientID: id, code: good, verifier: fourth.verifier, resource: resource)
            #expect(reused.status == 400)
            #expect(reused.json["error"] == "invalid_grant")
            #expect(reused.json["error_description"] == "The authorization code was already used; every token issued from it is revoked.")
            let afterReuse = try await client.listTools("/mcp", token: access)
            #expect(afterReuse.status == 401)
            #expect(afterReuse.json["error"]?["message"] == "The access token was revoked; sign in again.")
            let refresh = try #require(first.json["refresh_token"]?.stringValue)
            let refreshed = try await client.form("/oauth/token", [("grant_type", "refresh_token"), ("refresh_token", refresh), ("client_id", id)])
            #expect(refreshed.json["error"] == "invalid_grant")
            await gh.stop()
        }

        @Test func aTokenOpensOnlyItsOwnEndpoint() async throws {
            let gh = try await OAuthFixture.start()
            let client = OAuthTestClient(base: gh.base)
            let (_, tokens) = try await client.signIn(resource: gh.base + "/servers/notes/mcp")
            let access = try #require(tokens["access_token"]?.stringValue)
            let own = try await client.listTools("/servers/notes/mcp", token: access)
            #expect(own.status == 200)
            #expect(own.json["result"]?["tools"]?[0]?["name"] == "echo")
            for other in ["/mcp", "/servers/demo/mcp"] {
                let refused = try await client.listTools(other, token: access)
                #expect(refused.status == 401, "\(other)")
                #expect(
                    refused.json["error"]?["message"]?.stringValue
                        == "The access token is for \(gh.base)/servers/notes/mcp, not for \(gh.base)\(other); ask for a token with resource=\(gh.base)\(other).")
                #expect(
                    refused.headers.first(name: "www-authenticate")
                        == #"Bearer realm="gatehouse", error="invalid_token", resource_metadata="\#(gh.base)/.well-known/oauth-protected-resource\#(other)", scope="mcp""#)
            }
            await gh.stop()
        }

        @Test func revokedTokensAndForgedTokensAreRefused() async throws {
            let gh = try await OAuthFixture.start()
            let client = OAuthTestClient(base: gh.base)
            let (clientID, tokens) = try await client.signIn(resource: gh.base + "/mcp")
            let access = try #require(tokens["access_token"]?.stringValue)
            #expect(try await client.listTools("/mcp", token: access).status == 200)

            // alg none and HMAC keyed with the published public key, with our kid and a valid-looking payload.
            let parts = access.split(separator: ".")
            let jwks = try await client.send(.GET, "/oauth/jwks").json
            let kid = try #require(jwks["keys"]?[0]?["kid"]?.stringValue)
            let publicJWK = try #require(jwks["keys"]?[0]).jsonString()
            func b64(_ s: String) -> String {
                Data(s.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            }
            let none = b64(#"{"alg":"none","typ":"at+jwt","kid":"\#(kid)"}"#) + "." + parts[1] + "."
            let hsHeader = b64(#"{"alg":"HS256","typ":"at+jwt","kid":"\#(kid)"}"#)
            let mac = HMAC<SHA256>.authenticationCode(for: Array("\(hsHeader).\(parts[1])".utf8), using: SymmetricKey(data: Array(publicJWK.utf8)))
            let confused = hsHeader + "." + parts[1] + "." + Data(mac).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            for (token, name) in [(none, "none"), (confused, "HS256")] {
                let refused = try await client.listTools("/mcp", token: token)
                #expect(refused.status == 401)
                #expect(refused.json["error"]?["message"]?.stringValue == "The access token's algorithm \"\(name)\" is not accepted; Gatehouse signs with ES256 only.")
            }

            // RFC 7009 revocation of the access token: refused from the next request on.
            let revoked = try await client.form("/oauth/revoke", [("token", access), ("token_type_hint", "access_token"), ("client_id", clientID)])
            #expect(revoked.status == 200)
            let after = try await client.listTools("/mcp", token: access)
            #expect(after.status == 401)
            #expect(after.json["error"]?["message"] == "The access token was revoked; sign in again.")
            // Revoking the refresh token ends the family: the refresh token stops working too.
            let refresh = try #require(tokens["refresh_token"]?.stringValue)
            #expect(try await client.form("/oauth/revoke", [("token", refresh), ("client_id", clientID)]).status == 200)
            let refreshed = try await client.form("/oauth/token", [("grant_type", "refresh_token"), ("refresh_token", refresh), ("client_id", clientID)])
            #expect(refreshed.json["error"] == "invalid_grant")
            // Unknown clients may not revoke.
            #expect(try await client.form("/oauth/revoke", [("token", refresh), ("client_id", "ghc-nobody")]).status == 401)
            await gh.stop()
        }

        @Test func aTokenWithoutTheMCPScopeAsksForStepUp() async throws {
            let gh = try await OAuthFixture.start()
            let client = OAuthTestClient(base: gh.base)
            let (_, tokens) = try await client.signIn(resource: gh.base + "/mcp", scope: "offline_access")
            let access = try #require(tokens["access_token"]?.stringValue)
            let refused = try await client.listTools("/mcp", token: access)
            #expect(refused.status == 403)
            #expect(
                refused.headers.first(name: "www-authenticate")
                    == #"Bearer realm="gatehouse", error="insufficient_scope", resource_metadata="\#(gh.base)/.well-known/oauth-protected-resource/mcp", scope="mcp""#)
            await gh.stop()
        }

        @Test func expiredTokensAreRefused() async throws {
            let gh = try await OAuthFixture.start(extra: "identity: { access_token_lifetime: 2s }")
            let client = OAuthTestClient(base: gh.base)
            let (clientID, tokens) = try await client.signIn(resource: gh.base + "/mcp")
            let access = try #require(tokens["access_token"]?.stringValue)
            #expect(tokens["expires_in"] == 2)
            #expect(try await client.listTools("/mcp", token: access).status == 200)
            try await Task.sleep(for: .seconds(3))
            let expired = try await client.listTools("/mcp", token: access)
            #expect(expired.status == 401)
            #expect(expired.json["error"]?["message"]?.stringValue?.hasPrefix("The access token expired at ") == true)
            // The refresh token still works and gives a fresh access token.
            let refresh = try #require(tokens["refresh_token"]?.stringValue)
            let refreshed = try await client.form("/oauth/token", [("grant_type", "refresh_token"), ("refresh_token", refresh), ("client_id", clientID)])
            let fresh = try #require(refreshed.json["access_token"]?.stringValue, "\(refreshed.body)")
            #expect(try await client.listTools("/mcp", token: fresh).status == 200)
            await gh.stop()
        }

        @Test func clientTokensAreNeverForwardedUpstream() async throws {
            let probePort = TestEnvironment.freePort()
            let probe = try RunningProcess(
                "header-probe", executable: try TestEnvironment.python(),
                arguments: [TestEnvironment.root.appendingPathComponent("tests/interop/header_server.py").path, String(probePort)])
            _ = try await probe.waitForLine(containing: "Uvicorn running")
            let gh = try await OAuthFixture.start(
                extraServers: """

                      - slug: probe
                        name: com.example/probe
                        upstream: { url: "http://127.0.0.1:\(probePort)/mcp", headers: { Authorization: "Bearer upstream-own-secret" } }
                        tools: { enabled: ["*"] }
                    """, extraAllow: ", { server: probe }", waitFor: ["probe"])
            let client = OAuthTestClient(base: gh.base)
            let (_, tokens) = try await client.signIn(resource: gh.base + "/servers/probe/mcp")
            let access = try #require(tokens["access_token"]?.stringValue)
            let withToken = try await client.callTool("/servers/probe/mcp", name: "seen_authorization", token: access)
            #expect(withToken.json["result"]?["content"]?[0]?["text"] == "Bearer upstream-own-secret", "\(withToken.body)")
            let withKey = try await client.callTool("/servers/probe/mcp", name: "seen_authorization", token: gh.key)
            #expect(withKey.json["result"]?["content"]?[0]?["text"] == "Bearer upstream-own-secret", "\(withKey.body)")
            #expect(!withToken.body.contains(access) && !withKey.body.contains(gh.key))
            await gh.stop()
            await probe.stop()
        }
    }
}
