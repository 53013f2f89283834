// The identity sections of a configuration file as written (`users:`, `certificates:`), every
// field optional; also the request bodies of the admin API's user and certificate routes.

/// A user as written in `users:` (or POSTed to `/api/v1/users`).
package struct UserDefinition: Codable, Sendable, Equatable {
    package var name: String?
    /// A password hash made by `gatehouse users hash-password` (scrypt). Plain passwords are never
    /// written in files.
    package var passwordHash: String?
    /// The name of an environment variable holding the password (read when the file is applied).
    package var passwordEnv: String?
    /// A plain password: only in admin API bodies, never in files.
    package var password: String?
    package var application: String?
    package var groups: [String]?
    package var disabled: Bool?

    enum CodingKeys: String, CodingKey {
        case name, application, groups, disabled, password
        case passwordHash = "password_hash"
        case passwordEnv = "password_env"
    }

    package init(
        name: String? = nil, passwordHash: String? = nil, passwordEnv: String? = nil, password: String? = nil, application: String? = nil,
        groups: [String]? = nil, disabled: Bool? = nil
    ) {
        self.name = name
        self.passwordHash = passwordHash
        self.passwordEnv = passwordEnv
        self.password = password
        self.application = application
        self.groups = groups
        self.disabled = disabled
    }
}

/// `{ subject: "dns:agent.internal", application: ci-agent }` in `certificates:`.
package struct CertificateMappingDefinition: Codable, Sendable, Equatable {
    package var subject: String?
    package var application: String?

    package init(subject: String? = nil, application: String? = nil) {
        self.subject = subject
        self.application = application
    }
}
