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
    /// Servers first, then applications; additions and updates in file order, then removals.
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
            let ownedServers = servers.filter { $0.managedBy == source }
            let ownedApplications = applications.filter { $0.managedBy == source }
            let otherApplications = applications.filter { $0.managedBy != source }

            let resolver = RegistryConfigResolver(
                otherServers: servers.filter { $0.managedBy != source }, otherApplications: otherApplications)
            var declared = resolver.resolve(document)
            for index in declared.servers.indices { declared.servers[index].managedBy = source }
            for index in declared.applications.indices { declared.applications[index].managedBy = source }

            // A server this file stops declaring must not still be allowed by someone else's application.
            let declaredSlugs = Set(declared.servers.map(\.slug))
            for application in otherApplications {
                for rule in application.allow
                where ownedServers.contains(where: { $0.slug == rule.server }) && !declaredSlugs.contains(rule.server) {
                    collector.error(
                        "server \(rule.server) is no longer declared here, but application \(application.name) \(RegistryConfigResolver.origin(of: application.managedBy)) still allows it; remove that rule first or keep the server.")
                }
            }
            guard !collector.hasErrors else { throw RegistryError.invalid(collector.inFileOrder, subject: document.file) }

            var changes: [RegistryChange] = []
            var unchanged = 0
            var serverWrites: [ServerEntry] = []
            var applicationWrites: [Application] = []
            for entry in declared.servers {
                if let current = ownedServers.first(where: { $0.slug == entry.slug }) {
                    let details = RegistryDiff.details(from: current, to: entry)
                    if details.isEmpty {
                        unchanged += 1
                    } else {
                        changes.append(RegistryChange(action: .update, kind: "server", name: entry.slug, details: details))
                        serverWrites.append(entry)
                    }
                } else {
                    changes.append(RegistryChange(action: .add, kind: "server", name: entry.slug))
                    serverWrites.append(entry)
                }
            }
            let removedServers = ownedServers.filter { !declaredSlugs.contains($0.slug) }
            changes += removedServers.map { RegistryChange(action: .remove, kind: "server", name: $0.slug) }

            let declaredNames = Set(declared.applications.map(\.name))
            for application in declared.applications {
                if let current = ownedApplications.first(where: { $0.name == application.name }) {
                    let details = RegistryDiff.details(from: current, to: application)
                    if details.isEmpty {
                        unchanged += 1
                    } else {
                        changes.append(RegistryChange(action: .update, kind: "application", name: application.name, details: details))
                        applicationWrites.append(application)
                    }
                } else {
                    changes.append(RegistryChange(action: .add, kind: "application", name: application.name))
                    applicationWrites.append(application)
                }
            }
            let removedApplications = ownedApplications.filter { !declaredNames.contains($0.name) }
            changes += removedApplications.map { RegistryChange(action: .remove, kind: "application", name: $0.name) }

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
