// People signing in through Gatehouse's pages, without test mode: a built-in account (scrypt
// password) and an external OpenID Connect provider (a real oidc-provider-mock process), each
// followed by the consent page and the client's code exchange, driven by tests/interop/browser_login.py.
import Foundation
import JSONSchema
import Testing

extension IdentityEndToEndTests {
    @Suite struct SignInTests {
        func browser(_ gh: GatehouseFixture, _ arguments: [String]) async throws -> JSONValue {
            let script = TestEnvironment.root.appendingPathComponent("tests/interop/browser_login.py").path
            let (_, output) = try await runToEnd(try TestEnvironment.python(), [script, "--gatehouse", gh.base] + arguments)
            let line = try #require(output.split(separator: "\n").last { $0.hasPrefix("{") }, "\(output)")
            let run = try JSONParser.parse(String(line))
            #expect(run["fatal"] == nil, "\(output)\n\(gh.gatehouse.text.suffix(3000))")
            return run
        }

        @Test func aBuiltInUserSignsInWithAPasswordAndConsents() async throws {
            let gh = try await GatehouseFixture.start(extraSections: OAuthFixture.users, environment: ["ADA_PASSWORD": "correct horse battery"])
            let run = try await browser(gh, ["--resource", "/servers/notes/mcp", "--user", "ada", "--password", "correct horse battery", "--wrong-password", "incorrect horse"])
            #expect(run["signin_status"] == 200)
            #expect(run["wrong_password"]?["status"] == 401 && run["wrong_password"]?["says"] == true)
            #expect(run["after_signin"]?["cookie"] == true)
            #expect(run["consent_signed_in_as"] == "ada")
            let listed = run["consent_lists"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(listed.contains("notes") && listed.contains("mcp") && listed.contains("offline_access") && !listed.contains("demo"), "\(listed)")
            #expect(listed.contains(gh.base + "/servers/notes/mcp"))
            #expect(run["callback_keys"] == ["code", "iss", "state"])
            #expect(run["iss"]?.stringValue == gh.base)
            #expect(run["tools"] == ["echo"])
            #expect(run["token_sub"] == "ada")
            #expect(run["token_aud"]?.stringValue == gh.base + "/servers/notes/mcp")
            await gh.stop()
        }

        @Test func aPersonSignsInThroughAnExternalOpenIDConnectProvider() async throws {
            let idpPort = TestEnvironment.freePort()
            let venv = URL(fileURLWithPath: try TestEnvironment.python()).deletingLastPathComponent()
            let idp = try RunningProcess(
                "oidc-provider-mock", executable: venv.appendingPathComponent("oidc-provider-mock").path,
                arguments: [
                    "--port", String(idpPort), "--require-nonce", "true",
                    "--user-claims", #"{"sub":"grace-sub","email":"grace@example.com","groups":["eng-team","all-staff"]}"#,
                ])
            _ = try await idp.waitForLine(containing: "Uvicorn running")
            let gh = try await GatehouseFixture.start(
                extraSections: """
                    identity:
                      oidc:
                        issuer: "http://127.0.0.1:\(idpPort)"
                        client_id: gatehouse
                        client_secret_env: IDP_SECRET
                        display_name: Mock IdP
                        group_map: { eng-team: engineers }
                        group_applications: { engineers: ci-agent }
                    """, environment: ["IDP_SECRET": "mock-client-secret"])
            let run = try await browser(gh, ["--resource", "/mcp", "--sub", "grace-sub"])
            #expect(run["signin_offers_provider"] == true)
            #expect(run["provider_authorize"]?["code_challenge_method"] == "S256")
            #expect(run["provider_authorize"]?["client_id"] == "gatehouse")
            #expect(run["provider_authorize"]?["scope"] == "openid email profile")
            #expect(run["after_signin"]?["cookie"] == true)
            #expect(run["consent_signed_in_as"] == "grace@example.com")
            let listed = run["consent_lists"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(listed.contains("notes") && listed.contains("demo"), "the consent screen lists the servers of the mapped application: \(listed)")
            #expect(run["tools"] == ["demo__echo", "demo__add", "demo__current_time", "demo__wait", "notes__echo"])
            #expect(run["token_sub"] == "grace@example.com")
            // The provider's claims became a Gatehouse user with mapped groups and application.
            let users = try await gh.admin("GET", "/api/v1/users")
            let grace = try #require(users["users"]?.arrayValue?.first { $0["name"] == "grace@example.com" }, "\(users)")
            #expect(grace["source"] == "oidc")
            #expect(grace["groups"] == ["engineers", "all-staff"])
            #expect(grace["application"] == "ci-agent")
            #expect(grace["has_password"] == false)
            await gh.stop()
            await idp.stop()
        }
    }
}
