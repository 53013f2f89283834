// The registry's identity entries: users (built-in accounts and people signed in through the
// external OpenID Connect provider), client certificate mappings for the mTLS listener, the keys
// that sign access tokens, and revocations. They are registry state: the data plane's directory
// is built from them, so a change reaches every replica with the next generation.
import Foundation

/// A person who can sign in.
package struct UserAccount: Codable, Sendable, Equatable {
    /// Unique name: the access token's `sub`.
    package var name: String
    /// The scrypt hash of a built-in account's password (see `Auth.PasswordHasher`); `nil` for
    /// users who sign in through the identity provider only.
    package var passwordHash: String?
    /// The application whose allow list the user's calls use; `nil` falls back to
    /// `identity.default_application`.
    package var application: String?
    package var groups: [String]
    package var disabled: Bool
    /// `builtin` or `oidc`.
    package var source: String
    /// For `oidc` users: the provider's `sub`.
    package var subject: String?
    package var email: String?
    package var managedBy: String?
    package var createdAt: Date

    package init(
        name: String, passwordHash: String? = nil, application: String? = nil, groups: [String] = [], disabled: Bool = false,
        source: String = "builtin", subject: String? = nil, email: String? = nil, managedBy: String? = nil, createdAt: Date = Date()
    ) {
        self.name = name
        self.passwordHash = passwordHash
        self.application = application
        self.groups = groups
        self.disabled = disabled
        self.source = source
        self.subject = subject
        self.email = email
        self.managedBy = managedBy
        self.createdAt = createdAt
    }
}

/// Maps a client certificate name to an application (mTLS listener).
package struct CertificateMapping: Codable, Sendable, Equatable {
    /// Normalised certificate name: `dns:agent.internal`, `uri:spiffe://…`, `email:…`, `cn:…`.
    package var subject: String
    package var application: String
    package var managedBy: String?

    package init(subject: String, application: String, managedBy: String? = nil) {
        self.subject = subject
        self.application = application
        self.managedBy = managedBy
    }
}

/// A key that signs access tokens. The newest unretired key signs; retired keys stay published
/// (and keep verifying) until every token they signed has expired.
package struct SigningKeyRecord: Codable, Sendable, Equatable {
    package var kid: String
    /// PKCS#8 PEM of the P-256 private key. The store is the trust base (as for the session key).
    package var privateKeyPEM: String
    package var createdAt: Date
    /// When a newer key took over; `nil` for the active key.
    package var retiredAt: Date?

    package init(kid: String, privateKeyPEM: String, createdAt: Date, retiredAt: Date? = nil) {
        self.kid = kid
        self.privateKeyPEM = privateKeyPEM
        self.createdAt = createdAt
        self.retiredAt = retiredAt
    }
}

/// A revoked access token (`token`) or grant family (`family`), kept until it would have expired.
package struct RevocationRecord: Codable, Sendable, Equatable {
    package enum Kind: String, Codable, Sendable { case token, family }
    package var kind: Kind
    package var id: String
    package var revokedAt: Date
    /// After this, every token it covers has expired anyway and the record can go.
    package var expiresAt: Date
    package var reason: String

    package init(kind: Kind, id: String, revokedAt: Date, expiresAt: Date, reason: String) {
        self.kind = kind
        self.id = id
        self.revokedAt = revokedAt
        self.expiresAt = expiresAt
        self.reason = reason
    }

    /// The store key: kind and id.
    package var key: String { "\(kind.rawValue):\(id)" }
}

/// The identity entries of a registry snapshot.
package struct IdentityState: Sendable, Equatable {
    package var users: [UserAccount]
    package var certificateMappings: [CertificateMapping]
    package var signingKeys: [SigningKeyRecord]
    package var revocations: [RevocationRecord]

    package init(
        users: [UserAccount] = [], certificateMappings: [CertificateMapping] = [], signingKeys: [SigningKeyRecord] = [],
        revocations: [RevocationRecord] = []
    ) {
        self.users = users
        self.certificateMappings = certificateMappings
        self.signingKeys = signingKeys
        self.revocations = revocations
    }
}
