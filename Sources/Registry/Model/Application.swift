// An application: a caller of the gateway (an agent, a CI job), identified by its API keys and
// limited to what its allow list names.
import Foundation

/// A client application and what it may reach.
package struct Application: Codable, Sendable, Equatable {
    package var name: String
    package var allow: [AllowRule]
    /// See ``ServerEntry/managedBy``.
    package var managedBy: String?
    /// The project the application and its keys belong to; `nil` is the default project.
    package var project: String?

    package init(name: String, allow: [AllowRule] = [], managedBy: String? = nil, project: String? = nil) {
        self.name = name
        self.allow = allow
        self.managedBy = managedBy
        self.project = project
    }

    /// The project, `default` when none is set.
    package var projectName: String { project ?? Application.defaultProject }
    package static let defaultProject = "default"
}

/// Grants an application one server, and optionally only some of its (enabled) tools.
package struct AllowRule: Codable, Sendable, Equatable {
    package var server: String
    /// Tool names the application may see and call; `nil` means every enabled tool. A tool
    /// named here that the server does not enable stays unavailable: enablement is checked too.
    package var tools: [String]?

    package init(server: String, tools: [String]? = nil) {
        self.server = server
        self.tools = tools
    }
}

/// A stored API key: only a hash of the secret is kept.
package struct APIKeyEntry: Codable, Sendable, Equatable {
    /// Stable id for listing and revocation (not secret).
    package var id: String
    package var application: String
    /// Hex SHA-256 of the full key (see `Auth.APIKey`).
    package var hash: String
    /// The first characters of the key, shown in listings so people can tell keys apart.
    package var displayPrefix: String
    package var createdAt: Date
    package var expiresAt: Date?
    package var revokedAt: Date?
    package var lastUsedAt: Date?
    /// The project the key was issued in (its application's); absent in keys from before projects.
    package var project: String?

    package init(
        id: String, application: String, hash: String, displayPrefix: String, createdAt: Date, expiresAt: Date? = nil,
        revokedAt: Date? = nil, lastUsedAt: Date? = nil
    ) {
        self.id = id
        self.application = application
        self.hash = hash
        self.displayPrefix = displayPrefix
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.lastUsedAt = lastUsedAt
    }
}
