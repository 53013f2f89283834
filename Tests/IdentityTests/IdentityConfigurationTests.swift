// The `identity:` section: defaults, every problem reported with its path, secrets only from the
// environment, and test mode from GATEHOUSE_TEST_AUTO_CONSENT.
import Registry
import Testing

@testable import Identity

struct IdentityConfigurationTests {
    func resolve(_ yaml: String, environment: [String: String] = [:]) -> (IdentityConfiguration, [String]) {
        let document = ConfigDocument.load(yaml, file: "gatehouse.yaml")
        let configuration = IdentityConfiguration.resolve(section: document.identity, environment: environment, diagnostics: document.diagnostics)
        return (configuration, document.diagnostics.inFileOrder.map(\.description))
    }

    @Test func defaultsAreShortLivedTokensAndNoTestMode() {
        let (c, problems) = resolve("servers: []")
        #expect(problems.isEmpty)
        #expect(c.accessTokenLifetime == .seconds(600))
        #expect(c.refreshTokenLifetime == .seconds(30 * 86400))
        #expect(c.autoConsentUser == nil && !c.allowsLoopbackClientMetadata)
        #expect(c.provider == nil && c.clients.isEmpty)
    }

    @Test func everyProblemIsReportedWithItsLine() {
        let (_, problems) = resolve(
            """
            identity:
              access_token_lifetime: soon
              clients:
                - client_id: agent
                  redirect_uris: ["http://agent.example/cb"]
                  client_secret_env: AGENT_SECRET
              oidc:
                issuer: "HTTPS://Login.Example"
                client_id: gatehouse
                scopes: [email]
            """)
        #expect(problems.count == 5, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("gatehouse.yaml:2: error: identity.access_token_lifetime:") })
        #expect(problems.contains { $0.contains("uses http on a non-loopback host") })
        #expect(problems.contains { $0.contains("client_secret_env names AGENT_SECRET, which is not set") })
        #expect(problems.contains { $0.contains("identity.oidc.issuer") && $0.contains("not canonical") })
        #expect(problems.contains { $0.contains("identity.oidc.scopes must include openid") })
    }

    @Test func clientsAndTheProviderResolve() {
        let (c, problems) = resolve(
            """
            identity:
              default_application: people
              clients:
                - { client_id: agent, redirect_uris: ["https://agent.example/cb"], client_secret_env: AGENT_SECRET }
                - { client_id: cli, redirect_uris: ["http://127.0.0.1/cb"] }
              oidc:
                issuer: https://login.example
                client_id: gatehouse
                client_secret_env: IDP_SECRET
                group_map: { okta-eng: engineers }
                group_applications: { engineers: ci-agent }
            """, environment: ["AGENT_SECRET": "s3cret", "IDP_SECRET": "idp", "GATEHOUSE_TEST_AUTO_CONSENT": "ada"])
        #expect(problems.isEmpty, "\(problems)")
        #expect(c.defaultApplication == "people")
        #expect(c.clients.map(\.tokenEndpointAuthMethod) == ["client_secret_basic", "none"])
        #expect(c.clients[0].clientSecretHash != nil && c.clients[0].clientSecretHash != "s3cret")
        #expect(c.provider?.clientSecret == "idp")
        #expect(c.provider?.mapGroups(["okta-eng", "other"]) == ["engineers", "other"])
        #expect(c.provider?.application(for: ["engineers"]) == "ci-agent")
        #expect(c.autoConsentUser == "ada" && c.allowsLoopbackClientMetadata)
    }
}
