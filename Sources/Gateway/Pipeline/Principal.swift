// Who is calling, as established by the identify stage (its one writer): the application whose
// allow list applies, and, for people signed in through OAuth, the user, their groups and the
// scopes granted. The later policy work (Cedar) reads all of it.

/// The identity behind a request.
package struct Principal: Sendable, Equatable {
    /// How the caller proved who it is.
    package enum Method: String, Sendable {
        case apiKey = "api_key"
        case accessToken = "access_token"
        case certificate
    }

    /// The application (registry name) whose allow list applies.
    package var application: String
    /// The id of the API key used, when a key was used.
    package var keyID: String?
    package var method: Method
    /// The signed-in user, for access tokens.
    package var user: String?
    /// The user's groups (built-in, or mapped from the identity provider's claims).
    package var groups: [String]
    /// Scopes granted to the access token; API keys and certificates carry `mcp`.
    package var scopes: [String]
    /// The project the application belongs to (`default` unless configured).
    package var project: String
    /// The tenant (organization); one per installation today.
    package var tenant: String
    /// The OAuth client the token was issued to.
    package var clientID: String?
    /// The access token's id (`jti`), for audit and revocation.
    package var tokenID: String?

    package init(
        application: String, keyID: String? = nil, method: Method = .apiKey, user: String? = nil, groups: [String] = [],
        scopes: [String] = ["mcp"], project: String = Principal.defaultProject, tenant: String = Principal.defaultTenant,
        clientID: String? = nil, tokenID: String? = nil
    ) {
        self.application = application
        self.keyID = keyID
        self.method = method
        self.user = user
        self.groups = groups
        self.scopes = scopes
        self.project = project
        self.tenant = tenant
        self.clientID = clientID
        self.tokenID = tokenID
    }

    package static let defaultProject = "default"
    package static let defaultTenant = "default"
}
