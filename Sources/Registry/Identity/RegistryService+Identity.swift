// Users, certificate mappings, signing keys and revocations: the identity entries of the registry.
// Every change is one write transaction; all of them are registry changes (the data plane reads
// them), so the generation moves and every replica's directory follows.
import Auth
import Foundation
import Store

extension RegistryService {
    // MARK: - Users

    /// Every user, by name.
    package func users() async throws -> [UserAccount] {
        try await store.read { try await RegistryDocuments.all(UserAccount.self, in: .users, from: $0) }
    }

    /// One user, or `nil`.
    package func user(_ name: String) async throws -> UserAccount? {
        try await store.read { try await RegistryDocuments.one(UserAccount.self, name, in: .users, from: $0) }
    }

    /// Creates a built-in user (or, with `replace`, replaces one not managed by a file).
    /// - Throws: ``RegistryError`` `.invalid` with diagnostics, `.conflict` when the name is taken.
    package func saveUser(_ definition: UserDefinition, replace: Bool = false) async throws -> UserAccount {
        try await store.write { tx in
            let applications = Set(try await RegistryDocuments.all(Application.self, in: .applications, from: tx).map(\.name))
            let existing = try await definition.name.asyncFlatMap { try await RegistryDocuments.one(UserAccount.self, $0, in: .users, from: tx) }
            if existing != nil, !replace {
                throw RegistryError(.conflict, "A user named \"\(definition.name ?? "")\" already exists; choose another name or update that user.")
            }
            if existing == nil, replace { throw RegistryError(.notFound, "No user is named \"\(definition.name ?? "")\".") }
            let collector = DiagnosticCollector(file: nil)
            guard
                var user = IdentityRules.resolveUser(
                    definition, at: .root, applications: applications, environment: [:], fromFile: false, existing: existing, into: collector)
            else { throw RegistryError.invalid(collector.diagnostics, subject: "The user definition") }
            user.managedBy = existing?.managedBy
            try await tx.put(try RegistryDocuments.document(user, key: user.name), in: .users)
            return user
        }
    }

    /// Removes a user; their access tokens stop working at once (the data plane no longer finds them).
    package func removeUser(_ name: String) async throws -> UserAccount {
        try await store.write { tx in
            guard let user = try await RegistryDocuments.one(UserAccount.self, name, in: .users, from: tx) else {
                throw RegistryError(.notFound, "No user is named \"\(name)\"; list users with \"gatehouse users list\".")
            }
            try await tx.delete(name, in: .users)
            return user
        }
    }

    /// The user a sign-in through the external provider maps to, created or updated from the
    /// provider's claims (groups follow the provider on every sign-in).
    package func upsertProviderUser(name: String, subject: String, email: String?, groups: [String], application: String?) async throws -> UserAccount {
        try await store.write { tx in
            var user =
                try await RegistryDocuments.one(UserAccount.self, name, in: .users, from: tx)
                ?? UserAccount(name: name, application: application, source: "oidc", createdAt: Date())
            if user.source == "oidc", let known = user.subject, known != subject {
                throw RegistryError(.conflict, "The user \"\(name)\" is bound to another identity at the provider; ask an administrator.")
            }
            let before = user
            user.subject = subject
            user.email = email
            user.groups = groups
            if user.source == "oidc", user.application == nil { user.application = application }
            if user != before { try await tx.put(try RegistryDocuments.document(user, key: name), in: .users) }
            return user
        }
    }

    // MARK: - Certificate mappings

    package func certificateMappings() async throws -> [CertificateMapping] {
        try await store.read { try await RegistryDocuments.all(CertificateMapping.self, in: .certificateMappings, from: $0) }
    }

    /// Maps a certificate name to an application (replacing an earlier mapping of the same name).
    package func mapCertificate(_ definition: CertificateMappingDefinition) async throws -> CertificateMapping {
        try await store.write { tx in
            let applications = Set(try await RegistryDocuments.all(Application.self, in: .applications, from: tx).map(\.name))
            let collector = DiagnosticCollector(file: nil)
            guard let mapping = IdentityRules.resolveMapping(definition, at: .root, applications: applications, into: collector) else {
                throw RegistryError.invalid(collector.diagnostics, subject: "The certificate mapping")
            }
            try await tx.put(try RegistryDocuments.document(mapping, key: mapping.subject), in: .certificateMappings)
            return mapping
        }
    }

    /// Removes a mapping: certificates with that name are refused from the next request on.
    package func unmapCertificate(_ subject: String) async throws -> CertificateMapping {
        let key = ClientCertificateName.normalised(subject)
        return try await store.write { tx in
            guard let mapping = try await RegistryDocuments.one(CertificateMapping.self, key, in: .certificateMappings, from: tx) else {
                throw RegistryError(.notFound, "No certificate mapping for \"\(key)\"; list them with \"gatehouse certificates list\".")
            }
            try await tx.delete(key, in: .certificateMappings)
            return mapping
        }
    }

    // MARK: - Signing keys

    /// The key that signs now, creating the first one, and rotating when the active key is older
    /// than `rotateAfter`. Retired keys stay until `retainFor` after their retirement (the
    /// longest access token lifetime), so tokens they signed keep verifying: rotation without
    /// downtime.
    package func activeSigningKey(now: Date = Date(), rotateAfter: Duration, retainFor: Duration) async throws -> SigningKeyRecord {
        if let current = try await currentSigningKey(), now.timeIntervalSince(current.createdAt) < Double(rotateAfter.components.seconds) {
            return current
        }
        return try await rotateSigningKey(now: now, retainFor: retainFor, onlyIfOlderThan: rotateAfter)
    }

    /// The newest unretired key, if any.
    package func currentSigningKey() async throws -> SigningKeyRecord? {
        try await store.read { reader in
            try await RegistryDocuments.all(SigningKeyRecord.self, in: .signingKeys, from: reader).filter { $0.retiredAt == nil }.max { $0.createdAt < $1.createdAt }
        }
    }

    /// Makes a new active key, retires the previous one and drops keys retired longer ago than
    /// `retainFor`.
    /// - Parameter onlyIfOlderThan: When set, another process that rotated a moment ago wins and
    ///   its key is returned.
    @discardableResult
    package func rotateSigningKey(now: Date = Date(), retainFor: Duration, onlyIfOlderThan: Duration? = nil) async throws -> SigningKeyRecord {
        try await store.write { tx in
            var keys = try await RegistryDocuments.all(SigningKeyRecord.self, in: .signingKeys, from: tx)
            if let limit = onlyIfOlderThan, let current = keys.filter({ $0.retiredAt == nil }).max(by: { $0.createdAt < $1.createdAt }),
                now.timeIntervalSince(current.createdAt) < Double(limit.components.seconds)
            {
                return current
            }
            let fresh = SigningKey.generate()
            let record = SigningKeyRecord(kid: fresh.kid, privateKeyPEM: fresh.pem, createdAt: now)
            for index in keys.indices where keys[index].retiredAt == nil {
                keys[index].retiredAt = now
                try await tx.put(try RegistryDocuments.document(keys[index], key: keys[index].kid), in: .signingKeys)
            }
            for key in keys {
                if let retired = key.retiredAt, now.timeIntervalSince(retired) > Double(retainFor.components.seconds) {
                    try await tx.delete(key.kid, in: .signingKeys)
                }
            }
            try await tx.put(try RegistryDocuments.document(record, key: record.kid), in: .signingKeys)
            return record
        }
    }

    // MARK: - Revocations

    /// Records a revocation (idempotent) and drops records whose tokens have all expired.
    package func revoke(_ record: RevocationRecord, now: Date = Date()) async throws {
        try await store.write { tx in
            if try await tx.document(record.key, in: .revocations) == nil {
                try await tx.put(try RegistryDocuments.document(record, key: record.key), in: .revocations)
            }
            for old in try await RegistryDocuments.all(RevocationRecord.self, in: .revocations, from: tx) where old.expiresAt < now {
                try await tx.delete(old.key, in: .revocations)
            }
        }
    }

    /// Reads the identity entries within a snapshot transaction.
    static func identityState(from reader: any RegistryStoreReader) async throws -> IdentityState {
        IdentityState(
            users: try await RegistryDocuments.all(UserAccount.self, in: .users, from: reader),
            certificateMappings: try await RegistryDocuments.all(CertificateMapping.self, in: .certificateMappings, from: reader),
            signingKeys: try await RegistryDocuments.all(SigningKeyRecord.self, in: .signingKeys, from: reader),
            revocations: try await RegistryDocuments.all(RevocationRecord.self, in: .revocations, from: reader))
    }
}

extension Optional {
    func asyncFlatMap<U>(_ transform: (Wrapped) async throws -> U?) async rethrows -> U? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
