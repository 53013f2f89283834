// `gatehouse apply -f FILE` and `serve --config FILE`: make the registry hold what the file
// declares. Entries the file creates are marked `managedBy: <absolute path>`; applying the same
// file again updates them, and removes those it declared before and declares no longer. Entries
// created through the CLI or the API (or by another file) are never touched: the file may not
// take their names, and may not remove a server they still allow.
import Foundation
import Store

/// What an apply did (or, for a dry run, would do).
package struct ApplyResult: Sendable, Equatable, Codable {
    /// The `managedBy` value of the file's entries: its absolute path.
    package var source: String
    package var dryRun: Bool
    /// Servers, applications, policies, rate limits; additions and updates in file order, then removals.
    package var changes: [RegistryChange]
    /// How many declared entries were already as declared.
    package var unchanged: Int
    /// Warnings and notes (an apply with errors throws instead).
    package var diagnostics: [Diagnostic]
    /// The registry generation after the apply (unchanged for a dry run or an apply without changes).
    package var generation: Int64

    /// The diff as printed: one line per change, then `= N unchanged` when any entry is unchanged
    /// or nothing changed.
    package var lines: [String] {
        var lines = changes.map(\.line)
        if unchanged > 0 || changes.isEmpty { lines.append("= \(unchanged) unchanged") }
        return lines
    }
}

extension RegistryService {
    /// Reads `text` (YAML or JSON) and applies it. See ``apply(_:source:dryRun:)``.
    /// - Parameters:
    ///   - file: How diagnostics name the file (as the user gave it).
    ///   - source: The file's identity for `managedBy`: its absolute path.
    package func apply(text: String, file: String, source: String, dryRun: Bool) async throws -> ApplyResult {
        try await apply(ConfigDocument.load(text, file: file), source: source, dryRun: dryRun)
    }

    /// Makes the registry match the `servers:` and `applications:` of `document`, in one
    /// transaction (one generation step).
    ///
    /// Diagnostics already in `document` (from the server's own sections, say) count: any error
    /// among them stops the apply.
    /// - Parameters:
    ///   - source: The file's identity for `managedBy`: its absolute path.
    ///   - dryRun: Compute and return the changes without writing.
    /// - Throws: ``RegistryError`` `.invalid` carrying every diagnostic when there is an error.
    package func apply(_ document: ConfigDocument, source: String, dryRun: Bool) async throws -> ApplyResult {
        let collector = document.diagnostics
        return try await store.write { tx in
            let servers = try await RegistryDocuments.all(ServerEntry.self, in: .servers, from: tx)
            let applications = try await RegistryDocuments.all(Application.self, in: .applications, from: tx)
            let policies = try await RegistryDocuments.all(PolicyEntry.self, in: .policies, from: tx)
            let rateLimits = try await RegistryDocuments.all(RateLimitEntry.self, in: .rateLimits, from: tx)
            let catalogs = try await RegistryDocuments.all(DiscoveredCatalog.self, in: .catalogs, from: tx)
            let ownedServers = servers.filter { $0.managedBy == source }
            let ownedApplications = applications.filter { $0.managedBy == source }
            let otherApplications = applications.filter { $0.managedBy != source }

            let resolver = RegistryConfigResolver(
                otherServers: servers.filter { $0.managedBy != source }, otherApplications: otherApplications,
                otherPolicies: policies.filter { $0.managedBy != source }, otherRateLimits: rateLimits.filter { $0.managedBy != source },
                catalogs: Dictionary(catalogs.map { ($0.server, $0) }, uniquingKeysWith: { a, _ in a }))
            var declared = resolver.resolve(document)
            for index in declared.servers.indices { declared.servers[index].managedBy = source }
            for index in declared.applications.indices { declared.applications[index].managedBy = source }
            for index in declared.policies.indices { declared.policies[index].managedBy = source }
            for index in declared.rateLimits.indices { declared.rateLimits[index].managedBy = source }

            // A server this file stops declaring must not still be allowed by someone else's application.
            let declaredSlugs = Set(declared.servers.map(\.slug))
            for application in otherApplications {
                for rule in application.allow
                where ownedServers.contains(where: { $0.slug == rule.server }) && !declaredSlugs.contains(rule.server) {
                    collector.error(
                        "server \(rule.server) is no longer declared here, but application \(application.name) \(RegistryConfigResolver.origin(of: application.managedBy)) still allows it; remove that rule first or keep the server.")
                }
            }
            // Nor may it still carry policies attached by someone else.
            for policy in policies where policy.managedBy != source {
                if let server = policy.server, ownedServers.contains(where: { $0.slug == server }), !declaredSlugs.contains(server) {
                    collector.error(
                        "server \(server) is no longer declared here, but policy \(policy.id) \(RegistryConfigResolver.origin(of: policy.managedBy)) is attached to it; detach it first or keep the server.")
                }
            }
            guard !collector.hasErrors else { throw RegistryError.invalid(collector.inFileOrder, subject: document.file) }

            let serverPlan = ApplyPlan(
                kind: "server", declared: declared.servers, owned: ownedServers, key: \.slug, details: RegistryDiff.details(from:to:))
            let applicationPlan = ApplyPlan(
                kind: "application", declared: declared.applications, owned: ownedApplications, key: \.name,
                details: RegistryDiff.details(from:to:))
            let policyPlan = ApplyPlan(
                kind: "policy", declared: declared.policies, owned: policies.filter { $0.managedBy == source }, key: \.id,
                details: RegistryDiff.details(from:to:))
            let rateLimitPlan = ApplyPlan(
                kind: "rate_limit", declared: declared.rateLimits, owned: rateLimits.filter { $0.managedBy == source }, key: \.id,
                details: RegistryDiff.details(from:to:))
            let identity = try await IdentityApply(
                document: document, source: source, applications: Set((otherApplications + declared.applications).map(\.name)),
                environment: environment, in: tx)
            guard !collector.hasErrors else { throw RegistryError.invalid(collector.inFileOrder, subject: document.file) }
            let changes = serverPlan.changes + applicationPlan.changes + policyPlan.changes + rateLimitPlan.changes + identity.changes
            let unchanged = serverPlan.unchanged + applicationPlan.unchanged + policyPlan.unchanged + rateLimitPlan.unchanged + identity.unchanged
            let (serverWrites, removedServers) = (serverPlan.writes, serverPlan.removals)
            let (applicationWrites, removedApplications) = (applicationPlan.writes, applicationPlan.removals)

            if !dryRun {
                for entry in serverWrites { try await tx.put(try RegistryDocuments.document(entry, key: entry.slug), in: .servers) }
                for entry in removedServers {
                    try await tx.delete(entry.slug, in: .servers)
                    try await tx.delete(entry.slug, in: .catalogs)
                }
                for application in applicationWrites {
                    try await tx.put(try RegistryDocuments.document(application, key: application.name), in: .applications)
                }
                for application in removedApplications { try await tx.delete(application.name, in: .applications) }
                for entry in serverWrites { try await Self.pinEnabled(entry, in: tx) }
                for policy in policyPlan.writes { try await tx.put(try RegistryDocuments.document(policy, key: policy.id), in: .policies) }
                for policy in policyPlan.removals { try await tx.delete(policy.id, in: .policies) }
                for limit in rateLimitPlan.writes { try await tx.put(try RegistryDocuments.document(limit, key: limit.id), in: .rateLimits) }
                for limit in rateLimitPlan.removals { try await tx.delete(limit.id, in: .rateLimits) }
                if !policyPlan.changes.isEmpty {
                    let added = policyPlan.changes.filter { $0.action == .add }.map(\.name)
                    let updated = policyPlan.changes.filter { $0.action == .update }.map(\.name)
                    let removed = policyPlan.changes.filter { $0.action == .remove }.map(\.name)
                    let version = try await Self.recordPolicyChange(added: added, changed: updated, removed: removed, source: source, in: tx)
                    collector.note("policy set version \(version).")
                }
                try await identity.write(to: tx)
                let revoked = try await Self.revokeKeys(of: Set(removedApplications.map(\.name)), in: tx, at: Date())
                if revoked > 0 {
                    collector.note("revoked \(revoked) key\(revoked == 1 ? "" : "s") of removed applications.")
                }
            }
            let generation = try await tx.generation() + (dryRun || changes.isEmpty ? 0 : 1)
            return ApplyResult(
                source: source, dryRun: dryRun, changes: changes, unchanged: unchanged, diagnostics: collector.inFileOrder,
                generation: generation)
        }
    }
}

/// What applying does to one kind of entry: compares the entries a file declares with those it
/// owned before, by key.
struct ApplyPlan<Entry> {
    /// Additions and updates in declaration order, then removals (by key).
    private(set) var changes: [RegistryChange] = []
    private(set) var unchanged = 0
    /// Entries to store (new or changed).
    private(set) var writes: [Entry] = []
    /// Owned entries no longer declared.
    private(set) var removals: [Entry] = []

    init(kind: String, declared: [Entry], owned: [Entry], key: (Entry) -> String, details: (Entry, Entry) -> [String]) {
        let ownedByKey = Dictionary(owned.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        for entry in declared {
            if let current = ownedByKey[key(entry)] {
                let difference = details(current, entry)
                if difference.isEmpty {
                    unchanged += 1
                    continue
                }
                changes.append(RegistryChange(action: .update, kind: kind, name: key(entry), details: difference))
            } else {
                changes.append(RegistryChange(action: .add, kind: kind, name: key(entry)))
            }
            writes.append(entry)
        }
        let declaredKeys = Set(declared.map(key))
        removals = owned.filter { !declaredKeys.contains(key($0)) }
        changes += removals.map { RegistryChange(action: .remove, kind: kind, name: key($0)) }
    }
}
