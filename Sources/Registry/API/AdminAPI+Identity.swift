// Admin routes for identity entries, behind the same admin token as the rest of `/api/v1`:
//
//   GET|POST /api/v1/users, PUT|DELETE /api/v1/users/{name}
//   GET|POST /api/v1/certificates, DELETE /api/v1/certificates/{subject}
//   POST /api/v1/signing-keys/rotate
//
// Passwords are accepted in request bodies (hashed at once) and never returned; responses show
// whether a user has one.
import Foundation
import Hummingbird

/// A user as the admin API shows it (never the password hash).
package struct UserResource: Codable, Sendable, Equatable {
    package var name: String
    package var application: String?
    package var groups: [String]
    package var disabled: Bool
    package var source: String
    package var email: String?
    package var hasPassword: Bool
    package var managedBy: String?
    package var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case name, application, groups, disabled, source, email
        case hasPassword = "has_password"
        case managedBy = "managed_by"
        case createdAt = "created_at"
    }

    package init(_ user: UserAccount) {
        name = user.name
        application = user.application
        groups = user.groups
        disabled = user.disabled
        source = user.source
        email = user.email
        hasPassword = user.passwordHash != nil
        managedBy = user.managedBy
        createdAt = user.createdAt
    }
}

/// A certificate mapping as the admin API shows it.
package struct CertificateMappingResource: Codable, Sendable, Equatable {
    package var subject: String
    package var application: String
    package var managedBy: String?

    enum CodingKeys: String, CodingKey {
        case subject, application
        case managedBy = "managed_by"
    }

    package init(_ mapping: CertificateMapping) {
        subject = mapping.subject
        application = mapping.application
        managedBy = mapping.managedBy
    }
}

extension AdminAPI {
    /// Registers the identity routes (the caller adds them beside ``register(on:registry:)``).
    /// - Parameter rotateSigningKey: Rotates the access token signing key; returns the new kid.
    package static func registerIdentity<Context: RequestContext>(
        on router: some RouterMethods<Context>, registry: RegistryService, rotateSigningKey: @escaping @Sendable () async throws -> String
    ) {
        let api = router.group(RouterPath(basePath)).add(middleware: AdminAuthMiddleware<Context>(registry: registry))
        api.get("users") { _, _ in
            try await respond { ["users": try await registry.users().map(UserResource.init)] }
        }
        api.post("users") { request, _ in
            try await respond(status: .created) { UserResource(try await registry.saveUser(try await decode(UserDefinition.self, from: request))) }
        }
        api.put("users/{name}") { request, context in
            try await respond {
                var definition = try await decode(UserDefinition.self, from: request)
                definition.name = try context.parameters.require("name")
                return UserResource(try await registry.saveUser(definition, replace: true))
            }
        }
        api.delete("users/{name}") { _, context in
            try await respond { UserResource(try await registry.removeUser(try context.parameters.require("name"))) }
        }
        api.get("certificates") { _, _ in
            try await respond { ["certificates": try await registry.certificateMappings().map(CertificateMappingResource.init)] }
        }
        api.post("certificates") { request, _ in
            try await respond(status: .created) {
                CertificateMappingResource(try await registry.mapCertificate(try await decode(CertificateMappingDefinition.self, from: request)))
            }
        }
        api.delete("certificates/{subject}") { _, context in
            try await respond { CertificateMappingResource(try await registry.unmapCertificate(try context.parameters.require("subject"))) }
        }
        api.post("signing-keys/rotate") { _, _ in
            try await respond { ["kid": try await rotateSigningKey()] }
        }
    }
}
