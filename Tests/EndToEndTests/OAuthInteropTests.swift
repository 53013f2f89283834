// The official Python SDK's OAuthClientProvider signs in through the real gatehouse binary:
// discovery (protected resource metadata from the 401 challenge, authorization server metadata),
// dynamic registration, PKCE, resource, token, and, driven further by tests/interop/oauth_flow.py,
// a refresh by the SDK itself and refresh-token reuse revoking the whole grant family.
import Foundation
import JSONSchema
import Testing

/// Every identity end-to-end suite, one test at a time: each starts a gatehouse, a Python
/// upstream and often a peer process, and the whole suite already runs the other end-to-end
/// suites in parallel on a 2-core machine, where timing-sensitive tests elsewhere suffer.
@Suite(.serialized) struct IdentityEndToEndTests {}

/// Gatehouse in test mode: consent is approved at once as the built-in user `ada`.
enum OAuthFixture {
    static let users = """
        users:
          - name: ada
            password_env: ADA_PASSWORD
            application: ci-agent
            groups: [engineers]
        """
    static let environment = ["GATEHOUSE_TEST_AUTO_CONSENT": "ada", "ADA_PASSWORD": "correct horse battery"]

    static func start(gateway: String = "", extra: String = "", extraServers: String = "", extraAllow: String = "", waitFor: [String] = []) async throws -> GatehouseFixture {
        try await GatehouseFixture.start(
            extraServers: extraServers, extraAllow: extraAllow, waitFor: waitFor, gateway: gateway, extraSections: users + "\n" + extra, environment: environment)
    }
}

extension IdentityEndToEndTests {
    @Suite struct OAuthInteropTests {
        /// The shared harness, unchanged, against both kinds of endpoint in both modes.
        @Test(arguments: ["legacy", "2026-07-28"])
        func theSDKSignsInThroughTheSharedHarness(mode: String) async throws {
            let gh = try await OAuthFixture.start()
            let harness = try TestEnvironment.conformance().appendingPathComponent("harness/oauth_client.py").path
            let expected = mode == "legacy" ? "2025-11-25" : "2026-07-28"
            for (path, tools) in [("/mcp", "['demo__echo', 'demo__add', 'demo__current_time', 'demo__wait', 'notes__echo']"), ("/servers/notes/mcp", "['echo']")] {
                let (status, output) = try await runToEnd(try TestEnvironment.python(), [harness, "--url", gh.base + path, "--mode", mode])
                #expect(status == 0, "\(path): \(output)")
                #expect(output.contains("OK negotiated \(expected) tools: \(tools)"), "\(path): \(output)")
                let authorize = try #require(output.split(separator: "\n").first { $0.hasPrefix("AUTHORIZE-URL ") }, "\(output)")
                let query = Dictionary(
                    (URLComponents(string: String(authorize.dropFirst("AUTHORIZE-URL ".count)))?.queryItems ?? []).map { ($0.name, $0.value ?? "") },
                    uniquingKeysWith: { a, _ in a })
                #expect(query["code_challenge_method"] == "S256")
                #expect(query["resource"] == gh.base + path, "the SDK asks for exactly this endpoint")
                #expect(query["scope"]?.replacingOccurrences(of: "+", with: " ") == "mcp offline_access", "the challenge scope plus offline_access")
            }
            await gh.stop()
        }

        @Test(arguments: [("legacy", "/mcp"), ("2026-07-28", "/servers/notes/mcp")])
        func theSDKRefreshesAndRefreshReuseRevokesTheFamily(mode: String, path: String) async throws {
            let gh = try await OAuthFixture.start()
            let script = TestEnvironment.root.appendingPathComponent("tests/interop/oauth_flow.py").path
            let (_, output) = try await runToEnd(try TestEnvironment.python(), [script, "--url", gh.base + path, "--mode", mode])
            let line = try #require(output.split(separator: "\n").last { $0.hasPrefix("{") }, "\(output)")
            let run = try JSONParser.parse(String(line))
            #expect(run["fatal"] == nil, "\(output)")
            #expect(run["negotiated"]?.stringValue == (mode == "legacy" ? "2025-11-25" : "2026-07-28"))
            let tools = path == "/mcp" ? ["demo__echo", "demo__add", "demo__current_time", "demo__wait", "notes__echo"] : ["echo"]
            #expect(run["tools"]?.arrayValue?.compactMap(\.stringValue) == tools)
            #expect(run["tools_after_refresh"]?.arrayValue?.compactMap(\.stringValue) == tools)
            #expect(run["refreshed"] == true, "the SDK refreshed: new access and refresh tokens")
            #expect(run["scope"]?.stringValue == "mcp offline_access")
            #expect(run["callback"] == ["code", "iss", "state"], "RFC 9207: iss comes back with code and state")
            // The discovery trail: challenge → metadata → registration → authorize → token, then refresh.
            let requests = run["requests"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(requests.contains("GET /.well-known/oauth-protected-resource\(path)"), "\(requests)")
            #expect(requests.contains("GET /.well-known/oauth-authorization-server"), "\(requests)")
            #expect(requests.contains("POST /oauth/register"), "\(requests)")
            #expect(requests.filter { $0 == "POST /oauth/token" }.count == 2, "one code exchange, one refresh: \(requests)")
            // Reuse of the rotated-out refresh token: refused, and everything of that sign-in revoked.
            #expect(run["reuse"]?["status"] == 400)
            #expect(run["reuse"]?["error"] == "invalid_grant")
            #expect(
                run["reuse"]?["error_description"]
                    == "The refresh token was already used; as a precaution every token of this sign-in is revoked. Sign in again.")
            #expect(run["current_refresh_after_reuse"]?["error"] == "invalid_grant")
            #expect(run["current_refresh_after_reuse"]?["error_description"] == "The refresh token was revoked; sign in again.")
            #expect(run["access_after_reuse"]?["status"] == 401)
            #expect(run["access_after_reuse"]?["www_authenticate"]?.stringValue?.contains(#"error="invalid_token""#) == true)
            await gh.stop()
        }
    }
}
