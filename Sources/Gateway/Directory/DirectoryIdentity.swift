// The identity half of the directory: what the identify stage needs besides API keys, read from
// the registry with everything else so every replica agrees and changes apply at once: users and
// their groups, the keys that verify access tokens, revoked tokens and grant families, client
// certificate mappings, and each application's project.
import Auth
import Foundation

/// Identity facts of a directory snapshot.
package struct DirectoryIdentity: Sendable {
    /// Users by name.
    package var users: [String: DirectoryUser]
    /// Public keys that verify access tokens (the active one and those retiring).
    package var tokenKeys: [VerificationKey]
    /// Access token ids (`jti`) revoked before they expire.
    package var revokedTokens: Set<String>
    /// Grant families revoked (sign-out, refresh token reuse): every token of theirs is refused.
    package var revokedFamilies: Set<String>
    /// Applications by normalised certificate name (`dns:agent.internal`).
    package var certificateApplications: [String: String]
    /// Each application's project, by application name (absent: the default project).
    package var projects: [String: String]

    package init(
        users: [String: DirectoryUser] = [:], tokenKeys: [VerificationKey] = [], revokedTokens: Set<String> = [], revokedFamilies: Set<String> = [],
        certificateApplications: [String: String] = [:], projects: [String: String] = [:]
    ) {
        self.users = users
        self.tokenKeys = tokenKeys
        self.revokedTokens = revokedTokens
        self.revokedFamilies = revokedFamilies
        self.certificateApplications = certificateApplications
        self.projects = projects
    }

    package func project(of application: String) -> String { projects[application] ?? Principal.defaultProject }
}

/// A user as the data plane sees it.
package struct DirectoryUser: Sendable, Equatable {
    package var name: String
    /// The application whose allow list the user's calls use; `nil` falls back to the identify
    /// stage's default application (`identity.default_application`), else grants nothing.
    package var application: String?
    package var groups: [String]
    package var disabled: Bool

    package init(name: String, application: String?, groups: [String] = [], disabled: Bool = false) {
        self.name = name
        self.application = application
        self.groups = groups
        self.disabled = disabled
    }
}
