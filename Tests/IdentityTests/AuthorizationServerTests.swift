// The authorization server in process, on a registry in a temporary folder: the housekeeping
// sweep, and a whole code flow through its decisions (test mode) with the records it keeps hashed.
import Auth
import Foundation
import Logging
import Registry
import Store
import Testing

@testable import Identity

struct NoServers: ProtectedServers {
    func hasServer(_ slug: String) -> Bool { slug == "notes" }
    func servers(for application: String?, endpointServer: String?) -> [(slug: String, title: String)] { [("notes", "Notes")] }
}

func withServer(_ body: (AuthorizationServer, RegistryService) async throws -> Void) async throws {
    let folder = NSTemporaryDirectory() + "gatehouse-identity-tests-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var logger = Logger(label: "test")
    logger.logLevel = .warning
    let registry = try await RegistryService.open(dataDirectory: folder, logger: logger, environment: [:])
    _ = try await registry.apply(
        text: """
            servers: [ { slug: notes, name: com.example/notes, upstream: { url: "http://127.0.0.1:1/mcp" } } ]
            applications: [ { name: ci-agent, allow: [ { server: notes } ] } ]
            """, file: "t.yaml", source: "/t.yaml", dryRun: false)
    _ = try await registry.saveUser(UserDefinition(name: "ada", password: "long enough pw", application: "ci-agent"))
    let server = AuthorizationServer(
        publicURL: PublicURL("http://127.0.0.1:8080"), configuration: IdentityConfiguration(autoConsentUser: "ada"), registry: registry,
        servers: NoServers(), http: nil, cookieKey: Array(repeating: 7, count: 32), logger: logger, registryChanged: {})
    do {
        try await body(server, registry)
    } catch {
        await registry.close()
        throw error
    }
    await registry.close()
}

struct AuthorizationServerTests {
    @Test func aCodeFlowStoresOnlyHashesAndTheSweepDropsWhatExpired() async throws {
        try await withServer { server, registry in
            let registered = try await server.register(Array(#"{"redirect_uris":["http://127.0.0.1/cb"],"grant_types":["authorization_code","refresh_token"]}"#.utf8))
            let clientID = try #require(registered["client_id"]?.stringValue)
            let verifier = String(repeating: "v", count: 50)
            let result = await server.authorize(
                FormData(values: [
                    "response_type": "code", "client_id": clientID, "redirect_uri": "http://127.0.0.1:5000/cb", "code_challenge": PKCE.challenge(for: verifier),
                    "code_challenge_method": "S256", "resource": "http://127.0.0.1:8080/servers/notes/mcp", "state": "s",
                ]))
            guard case .redirect(let location) = result else { Issue.record("expected a redirect, got \(result)"); return }
            #expect(location.hasPrefix("http://127.0.0.1:5000/cb?code=ghc_") && location.hasSuffix("&state=s&iss=http%3A%2F%2F127.0.0.1%3A8080"))
            let code = try #require(URLComponents(string: location)?.queryItems?.first { $0.name == "code" }?.value)
            let tokens = try await server.token(
                FormData(values: [
                    "grant_type": "authorization_code", "code": code, "redirect_uri": "http://127.0.0.1:5000/cb", "client_id": clientID, "code_verifier": verifier,
                ]), basic: nil)
            let refresh = try #require(tokens.refreshToken)
            // Nothing secret is stored in the clear.
            let stored = try await registry.store.read { try await $0.documents(in: .oauthGrants) }
            #expect(!stored.isEmpty)
            #expect(stored.allSatisfy { !$0.key.contains(code) && !$0.body.contains(code) && !$0.key.contains(refresh) && !$0.body.contains(refresh) })
            let clients = try await registry.store.read { try await $0.documents(in: .oauthClients) }
            let registrationToken = try #require(registered["registration_access_token"]?.stringValue)
            #expect(clients.allSatisfy { !$0.body.contains(registrationToken) })
            // The sweep keeps what is still useful and drops what is past.
            #expect(try await server.sweepExpiredGrants(now: Date()) == 0)
            #expect(try await server.sweepExpiredGrants(now: Date().addingTimeInterval(31 * 86400)) == stored.count)
        }
    }
}
