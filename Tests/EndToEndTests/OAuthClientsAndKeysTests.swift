// Client ID metadata documents (a loopback http document, allowed only in test mode), signing key
// rotation without downtime, and the test-mode guard that refuses non-loopback listeners.
import Foundation
import JSONSchema
import Testing

extension IdentityEndToEndTests {
    @Suite struct OAuthClientsAndKeysTests {
        @Test func aClientIDMetadataDocumentIsFetchedCheckedAndUsed() async throws {
            let folder = try TestEnvironment.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: folder) }
            let port = TestEnvironment.freePort()
            let url = "http://127.0.0.1:\(port)/client.json"
            try #"{"client_id":"\#(url)","client_name":"CIMD App","redirect_uris":["\#(OAuthTestClient.redirect)"],"grant_types":["authorization_code","refresh_token"],"token_endpoint_auth_method":"none"}"#
                .write(to: folder.appendingPathComponent("client.json"), atomically: true, encoding: .utf8)
            try #"{"client_id":"http://127.0.0.1:\#(port)/somebody-else.json","redirect_uris":["\#(OAuthTestClient.redirect)"]}"#
                .write(to: folder.appendingPathComponent("liar.json"), atomically: true, encoding: .utf8)
            let files = try RunningProcess(
                "http.server", executable: try TestEnvironment.python(), arguments: ["-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", folder.path])
            _ = try await files.waitForLine(containing: "Serving HTTP")
            let gh = try await OAuthFixture.start()
            let client = OAuthTestClient(base: gh.base)
            let pkce = OAuthTestClient.PKCEPair()
            let authorized = try await client.authorize(clientID: url, pkce: pkce, resource: gh.base + "/mcp")
            let code = try #require(authorized.redirectParameters["code"], "\(authorized.status) \(authorized.body)")
            let tokens = try await client.exchange(clientID: url, code: code, verifier: pkce.verifier, resource: gh.base + "/mcp")
            #expect(tokens.status == 200)
            #expect(try await client.listTools("/mcp", token: try #require(tokens.json["access_token"]?.stringValue)).status == 200)
            // A document whose client_id is not its own URL is refused, and nothing is redirected.
            let liar = try await client.authorize(clientID: "http://127.0.0.1:\(port)/liar.json", pkce: pkce, resource: gh.base + "/mcp")
            #expect(liar.status == 400 && liar.location == nil)
            #expect(liar.body.contains("client_id must equal its URL"))
            await gh.stop()
            await files.stop()
        }

        @Test func aPreRegisteredConfidentialClientAuthenticatesWithItsSecret() async throws {
            let gh = try await GatehouseFixture.start(
                extraSections: OAuthFixture.users + """

                    identity:
                      clients:
                        - { client_id: build-bot, client_name: Build bot, redirect_uris: ["https://bot.example/callback"], client_secret_env: BOT_SECRET }
                    """, environment: OAuthFixture.environment.merging(["BOT_SECRET": "bot-secret-value"]) { a, _ in a })
            let client = OAuthTestClient(base: gh.base)
            func code(_ pkce: OAuthTestClient.PKCEPair) async throws -> String {
                let reply = try await client.authorize(clientID: "build-bot", pkce: pkce, resource: gh.base + "/mcp", redirect: "https://bot.example/callback")
                return try #require(reply.redirectParameters["code"], "\(reply.status) \(reply.body)")
            }
            let first = OAuthTestClient.PKCEPair()
            let basic = "Basic " + Data("build-bot:wrong".utf8).base64EncodedString()
            let wrong = try await client.form(
                "/oauth/token",
                [("grant_type", "authorization_code"), ("code", try await code(first)), ("redirect_uri", "https://bot.example/callback"), ("code_verifier", first.verifier)],
                headers: [("Authorization", basic)])
            #expect(wrong.status == 401 && wrong.json["error"] == "invalid_client")
            #expect(wrong.headers.first(name: "www-authenticate") == #"Basic realm="gatehouse""#)
            let second = OAuthTestClient.PKCEPair()
            let good = try await client.form(
                "/oauth/token",
                [("grant_type", "authorization_code"), ("code", try await code(second)), ("redirect_uri", "https://bot.example/callback"), ("code_verifier", second.verifier)],
                headers: [("Authorization", "Basic " + Data("build-bot:bot-secret-value".utf8).base64EncodedString())])
            #expect(good.status == 200, "\(good.body)")
            #expect(try await client.listTools("/mcp", token: try #require(good.json["access_token"]?.stringValue)).status == 200)
            await gh.stop()
        }

        @Test func rotatingTheSigningKeyKeepsIssuedTokensWorking() async throws {
            let gh = try await OAuthFixture.start()
            let client = OAuthTestClient(base: gh.base)
            let (_, before) = try await client.signIn(resource: gh.base + "/mcp")
            let old = try #require(before["access_token"]?.stringValue)
            let oldKid = try #require(try await client.send(.GET, "/oauth/jwks").json["keys"]?[0]?["kid"]?.stringValue)
            let rotated = try await gh.admin("POST", "/api/v1/signing-keys/rotate")
            let newKid = try #require(rotated["kid"]?.stringValue)
            #expect(newKid != oldKid)
            let kids = try await client.send(.GET, "/oauth/jwks").json["keys"]?.arrayValue?.compactMap { $0["kid"]?.stringValue }
            #expect(kids == [newKid, oldKid], "the retired key stays published until its tokens expire")
            #expect(try await client.listTools("/mcp", token: old).status == 200, "a token signed before the rotation still works")
            let (_, after) = try await client.signIn(resource: gh.base + "/mcp")
            let new = try #require(after["access_token"]?.stringValue)
            let header = try #require(Data(base64Encoded: String(new.split(separator: ".")[0]).padding(toLength: ((new.split(separator: ".")[0].count + 3) / 4) * 4, withPad: "=", startingAt: 0)))
            #expect(String(decoding: header, as: UTF8.self).contains(newKid))
            #expect(try await client.listTools("/mcp", token: new).status == 200)
            await gh.stop()
        }

        @Test func testModeRefusesToStartOnANonLoopbackListener() async throws {
            let folder = try TestEnvironment.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: folder) }
            let (status, output) = try await runToEnd(
                try TestEnvironment.binary(), ["serve", "--host", "0.0.0.0", "--port", "0", "--data", folder.appendingPathComponent("data").path],
                environment: ["GATEHOUSE_TEST_AUTO_CONSENT": "ada"])
            #expect(status != 0)
            #expect(
                output.contains(
                    "GATEHOUSE_TEST_AUTO_CONSENT=ada approves every sign-in automatically and is for tests only, but the HTTP listener (--host / gateway.host) listens on 0.0.0.0, which is not loopback."
                ), "\(output)")
            // On loopback it starts only when the user exists.
            let (missingStatus, missing) = try await runToEnd(
                try TestEnvironment.binary(), ["serve", "--port", "0", "--data", folder.appendingPathComponent("data").path],
                environment: ["GATEHOUSE_TEST_AUTO_CONSENT": "nobody"])
            #expect(missingStatus != 0)
            #expect(missing.contains("names the user \"nobody\", who does not exist"), "\(missing)")
        }
    }
}
