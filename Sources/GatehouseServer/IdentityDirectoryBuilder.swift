// Adapts the registry's identity entries to what the identify stage reads: users with their
// effective application, the public halves of the signing keys, revocations, certificate mappings.
import Auth
import Foundation
import Gateway
import Registry

/// Builds a ``DirectoryIdentity`` from a ``RegistryState``.
enum IdentityDirectoryBuilder {
    static func identity(from state: RegistryState, projects: [String: String]) -> DirectoryIdentity {
        let users = state.identity.users.map {
            DirectoryUser(name: $0.name, application: $0.application, groups: $0.groups, disabled: $0.disabled)
        }
        let keys = state.identity.signingKeys.compactMap { record -> VerificationKey? in
            (try? SigningKey(kid: record.kid, pem: record.privateKeyPEM)).map(VerificationKey.init)
        }
        let revocations = state.identity.revocations
        return DirectoryIdentity(
            users: Dictionary(users.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a }), tokenKeys: keys,
            revokedTokens: Set(revocations.filter { $0.kind == .token }.map(\.id)),
            revokedFamilies: Set(revocations.filter { $0.kind == .family }.map(\.id)),
            certificateApplications: Dictionary(state.identity.certificateMappings.map { ($0.subject, $0.application) }, uniquingKeysWith: { a, _ in a }),
            projects: projects)
    }
}
