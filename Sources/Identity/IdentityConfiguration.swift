// Resolved settings of the authorization server and sign-in: every value set, with its default.
// The YAML file model (`identity:` section) and its resolution live in `IdentitySection.swift`.
import Auth
import Foundation

/// Settings of Gatehouse's authorization server.
package struct IdentityConfiguration: Sendable {
    /// Lifetime of access tokens (`identity.access_token_lifetime`). Default 10 min.
    package var accessTokenLifetime: Duration
    /// Lifetime of refresh tokens; each use rotates the token and restarts it
    /// (`identity.refresh_token_lifetime`). Default 30 days.
    package var refreshTokenLifetime: Duration
    /// Lifetime of authorization codes. Default 60 s.
    package var codeLifetime: Duration
    /// How long a pending authorization (sign-in and consent) may take. Default 10 min.
    package var pendingLifetime: Duration
    /// How long a browser stays signed in to Gatehouse's own pages. Default 8 h.
    package var browserSessionLifetime: Duration
    /// Age after which the signing key is rotated (`identity.signing_key_rotation`). Default 30 days.
    package var signingKeyRotation: Duration
    /// The application users without their own work under (`identity.default_application`).
    package var defaultApplication: String?
    /// Clients declared in the file (`identity.clients`).
    package var clients: [OAuthClientRecord]
    /// The external OpenID Connect provider people sign in through (`identity.oidc`).
    package var provider: ProviderConfiguration?
    /// Test mode (`GATEHOUSE_TEST_AUTO_CONSENT=USER`): consent is given at once as this built-in
    /// user, and client metadata documents may be served over http on loopback.
    /// Warning: for tests only; Gatehouse refuses it unless every listener is on loopback.
    package var autoConsentUser: String?

    package init(
        accessTokenLifetime: Duration = .seconds(600), refreshTokenLifetime: Duration = .seconds(30 * 86400), codeLifetime: Duration = .seconds(60),
        pendingLifetime: Duration = .seconds(600), browserSessionLifetime: Duration = .seconds(8 * 3600), signingKeyRotation: Duration = .seconds(30 * 86400),
        defaultApplication: String? = nil, clients: [OAuthClientRecord] = [], provider: ProviderConfiguration? = nil, autoConsentUser: String? = nil
    ) {
        self.accessTokenLifetime = accessTokenLifetime
        self.refreshTokenLifetime = refreshTokenLifetime
        self.codeLifetime = codeLifetime
        self.pendingLifetime = pendingLifetime
        self.browserSessionLifetime = browserSessionLifetime
        self.signingKeyRotation = signingKeyRotation
        self.defaultApplication = defaultApplication
        self.clients = clients
        self.provider = provider
        self.autoConsentUser = autoConsentUser
    }

    /// The environment variable that turns test mode on.
    package static let autoConsentVariable = "GATEHOUSE_TEST_AUTO_CONSENT"

    /// Whether client metadata documents may be fetched over plain http from a loopback host:
    /// only in test mode.
    package var allowsLoopbackClientMetadata: Bool { autoConsentUser != nil }
}

/// An external OpenID Connect provider Gatehouse signs people in through, as its client.
package struct ProviderConfiguration: Sendable, Equatable {
    /// The provider's issuer; its discovery document is at `<issuer>/.well-known/openid-configuration`.
    package var issuer: String
    package var clientID: String
    /// `nil` for a public client (PKCE only).
    package var clientSecret: String?
    /// Scopes asked for. Default `openid email profile`.
    package var scopes: [String]
    /// The claim that names the Gatehouse user. Default `email` (falling back to `sub`).
    package var userClaim: String
    /// The claim holding group names. Default `groups`.
    package var groupsClaim: String
    /// Provider group → Gatehouse group; groups not listed keep their name. Empty maps nothing.
    package var groupMap: [String: String]
    /// Gatehouse group → application, first match wins, for users signed in through the provider.
    package var groupApplications: [(group: String, application: String)]
    /// The label of the sign-in button.
    package var displayName: String

    package init(
        issuer: String, clientID: String, clientSecret: String? = nil, scopes: [String] = ["openid", "email", "profile"], userClaim: String = "email",
        groupsClaim: String = "groups", groupMap: [String: String] = [:], groupApplications: [(group: String, application: String)] = [],
        displayName: String = "your identity provider"
    ) {
        self.issuer = issuer
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.scopes = scopes
        self.userClaim = userClaim
        self.groupsClaim = groupsClaim
        self.groupMap = groupMap
        self.groupApplications = groupApplications
        self.displayName = displayName
    }

    package static func == (a: ProviderConfiguration, b: ProviderConfiguration) -> Bool {
        a.issuer == b.issuer && a.clientID == b.clientID && a.clientSecret == b.clientSecret && a.scopes == b.scopes && a.userClaim == b.userClaim
            && a.groupsClaim == b.groupsClaim && a.groupMap == b.groupMap && a.groupApplications.map { "\($0.group)=\($0.application)" }
                == b.groupApplications.map { "\($0.group)=\($0.application)" } && a.displayName == b.displayName
    }

    /// Gatehouse groups for the provider's groups.
    package func mapGroups(_ groups: [String]) -> [String] {
        var seen = Set<String>()
        return groups.map { groupMap[$0] ?? $0 }.filter { seen.insert($0).inserted }
    }

    /// The application for a user in `groups`, if a rule names one of them.
    package func application(for groups: [String]) -> String? {
        groupApplications.first { groups.contains($0.group) }?.application
    }
}
