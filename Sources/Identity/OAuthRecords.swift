// What the authorization server keeps between requests. Secrets (codes, refresh tokens,
// registration access tokens, client secrets) are stored only as SHA-256 hashes: the store key
// of a code or refresh token is the hash, so a stolen database lists no usable secret.
import Auth
import Foundation

/// A registered OAuth client.
package struct OAuthClientRecord: Codable, Sendable, Equatable {
    package var clientID: String
    /// SHA-256 hex of the client secret, for confidential clients.
    package var clientSecretHash: String?
    /// SHA-256 hex of the RFC 7592 registration access token (dynamically registered clients).
    package var registrationTokenHash: String?
    package var redirectURIs: [String]
    package var grantTypes: [String]
    package var responseTypes: [String]
    /// `none`, `client_secret_basic` or `client_secret_post`.
    package var tokenEndpointAuthMethod: String
    package var clientName: String?
    package var scope: String?
    package var applicationType: String?
    /// `dynamic` (RFC 7591), `config` (declared in the file), `metadata_document` (CIMD, cached).
    package var source: String
    package var createdAt: Date
    /// For metadata documents: when the cached copy must be fetched again.
    package var refreshAfter: Date?

    package init(
        clientID: String, clientSecretHash: String? = nil, registrationTokenHash: String? = nil, redirectURIs: [String],
        grantTypes: [String] = ["authorization_code", "refresh_token"], responseTypes: [String] = ["code"], tokenEndpointAuthMethod: String = "none",
        clientName: String? = nil, scope: String? = nil, applicationType: String? = nil, source: String, createdAt: Date = Date(), refreshAfter: Date? = nil
    ) {
        self.clientID = clientID
        self.clientSecretHash = clientSecretHash
        self.registrationTokenHash = registrationTokenHash
        self.redirectURIs = redirectURIs
        self.grantTypes = grantTypes
        self.responseTypes = responseTypes
        self.tokenEndpointAuthMethod = tokenEndpointAuthMethod
        self.clientName = clientName
        self.scope = scope
        self.applicationType = applicationType
        self.source = source
        self.createdAt = createdAt
        self.refreshAfter = refreshAfter
    }

    package var isPublic: Bool { tokenEndpointAuthMethod == "none" }
    package var mayRefresh: Bool { grantTypes.contains("refresh_token") }
}

/// An authorization request waiting for sign-in and consent.
struct PendingAuthorization: Codable, Sendable, Equatable {
    var id: String
    var clientID: String
    var redirectURI: String
    var state: String?
    var codeChallenge: String
    var resource: String
    var scopes: [String]
    var expiresAt: Date
    /// The browser session that started it must finish it.
    var csrf: String

    var key: String { "pending:" + id }
}

/// An issued authorization code (stored under the hash of the code).
struct AuthorizationCodeRecord: Codable, Sendable, Equatable {
    var clientID: String
    var redirectURI: String
    var codeChallenge: String
    var resource: String
    var scopes: [String]
    var user: String
    /// The grant family the tokens of this code belong to.
    var family: String
    var expiresAt: Date
    /// Set on first redemption: a second one revokes the family (RFC 6749 §4.1.2).
    var redeemedAt: Date?
}

/// An issued refresh token (stored under the hash of the token).
struct RefreshTokenRecord: Codable, Sendable, Equatable {
    var family: String
    var clientID: String
    var user: String
    var resource: String
    var scopes: [String]
    var expiresAt: Date
    /// Set when it was exchanged for a new one: presenting it again is reuse, and revokes the family.
    var rotatedAt: Date?
    /// The end of the family: no refresh goes past it.
    var familyExpiresAt: Date
}

/// A sign-in through the external provider in progress (stored under its `state`).
struct ProviderLogin: Codable, Sendable, Equatable {
    var pending: String
    var nonce: String
    var verifier: String
    var expiresAt: Date
}

/// Store keys of grant records.
enum GrantKey {
    static func code(_ code: String) -> String { "code:" + SHA256Digest.hex(code) }
    static func refresh(_ token: String) -> String { "refresh:" + SHA256Digest.hex(token) }
    static func login(_ state: String) -> String { "login:" + SHA256Digest.hex(state) }
}
