// The `users:` and `certificates:` part of an apply: entries the file declares are marked
// `managedBy` the file, updated when they change and removed when the file stops declaring them;
// entries made through the CLI or API (or another file) are never touched, and the file may not
// take their names.
import Foundation
import Store

/// Plans (and writes) the identity part of an apply, inside the apply's transaction.
struct IdentityApply {
    private(set) var changes: [RegistryChange] = []
    private(set) var unchanged = 0
    private var userPlan: ApplyPlan<UserAccount>
    private var mappingPlan: ApplyPlan<CertificateMapping>

    init(document: ConfigDocument, source: String, applications: Set<String>, environment: [String: String], in tx: any RegistryStoreWriter) async throws {
        let collector = document.diagnostics
        let users = try await RegistryDocuments.all(UserAccount.self, in: .users, from: tx)
        let mappings = try await RegistryDocuments.all(CertificateMapping.self, in: .certificateMappings, from: tx)
        var declaredUsers: [UserAccount] = []
        var seen: [String: ConfigPath] = [:]
        for (path, definition) in document.users {
            let existing = users.first { $0.name == definition.name }
            guard
                var user = IdentityRules.resolveUser(
                    definition, at: path, applications: applications, environment: environment, fromFile: true, existing: existing, into: collector)
            else { continue }
            if let first = seen[user.name] {
                collector.error("\(path.appending("name")) \"\(user.name)\" is already used by \(first); user names must be unique.", at: path.appending("name"))
                continue
            }
            if let existing, existing.managedBy != source {
                collector.error(
                    "\(path.appending("name")) \"\(user.name)\" is already a user \(RegistryConfigResolver.origin(of: existing.managedBy)); remove it there first or choose another name.",
                    at: path.appending("name"))
                continue
            }
            seen[user.name] = path
            user.managedBy = source
            declaredUsers.append(user)
        }
        var declaredMappings: [CertificateMapping] = []
        var seenMappings: [String: ConfigPath] = [:]
        for (path, definition) in document.certificates {
            guard var mapping = IdentityRules.resolveMapping(definition, at: path, applications: applications, into: collector) else { continue }
            if let first = seenMappings[mapping.subject] {
                collector.error("\(path.appending("subject")) \"\(mapping.subject)\" is already mapped by \(first).", at: path.appending("subject"))
                continue
            }
            if let other = mappings.first(where: { $0.subject == mapping.subject }), other.managedBy != source {
                collector.error(
                    "\(path.appending("subject")) \"\(mapping.subject)\" is already mapped \(RegistryConfigResolver.origin(of: other.managedBy)).",
                    at: path.appending("subject"))
                continue
            }
            seenMappings[mapping.subject] = path
            mapping.managedBy = source
            declaredMappings.append(mapping)
        }
        userPlan = ApplyPlan(
            kind: "user", declared: declaredUsers, owned: users.filter { $0.managedBy == source }, key: \.name,
            details: { old, new in
                var d: [String] = []
                if old.passwordHash != new.passwordHash { d.append("password changed") }
                if old.application != new.application { d.append("application \(old.application ?? "-") → \(new.application ?? "-")") }
                if old.groups != new.groups { d.append("groups \(old.groups) → \(new.groups)") }
                if old.disabled != new.disabled { d.append(new.disabled ? "disabled" : "enabled") }
                return d
            })
        mappingPlan = ApplyPlan(
            kind: "certificate", declared: declaredMappings, owned: mappings.filter { $0.managedBy == source }, key: \.subject,
            details: { old, new in old.application == new.application ? [] : ["application \(old.application) → \(new.application)"] })
        changes = userPlan.changes + mappingPlan.changes
        unchanged = userPlan.unchanged + mappingPlan.unchanged
    }

    func write(to tx: any RegistryStoreWriter) async throws {
        for user in userPlan.writes { try await tx.put(try RegistryDocuments.document(user, key: user.name), in: .users) }
        for user in userPlan.removals { try await tx.delete(user.name, in: .users) }
        for mapping in mappingPlan.writes {
            try await tx.put(try RegistryDocuments.document(mapping, key: mapping.subject), in: .certificateMappings)
        }
        for mapping in mappingPlan.removals { try await tx.delete(mapping.subject, in: .certificateMappings) }
    }
}
