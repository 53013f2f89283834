// Server entries and their tool selection, edited one at a time (the CLI and the admin API).
import Foundation
import Guardrails
import Store

extension RegistryService {
    /// Every server entry, ordered by slug.
    package func servers() async throws -> [ServerEntry] {
        try await store.read { try await RegistryDocuments.all(ServerEntry.self, in: .servers, from: $0) }
    }

    /// One server entry.
    /// - Throws: ``RegistryError`` `.notFound`.
    package func server(_ slug: String) async throws -> ServerEntry {
        try await store.read { reader in
            guard let entry = try await RegistryDocuments.one(ServerEntry.self, slug, in: .servers, from: reader) else {
                throw RegistryError.serverNotFound(slug)
            }
            return entry
        }
    }

    /// Registers a server (not managed by any file).
    /// - Throws: ``RegistryError`` `.invalid` with diagnostics, or `.conflict` when the slug (or
    ///   name and version) is taken.
    package func createServer(_ definition: ServerDefinition) async throws -> RegistryOutcome<ServerEntry> {
        try await store.write { tx in
            let collector = DiagnosticCollector(file: nil)
            guard let entry = RegistryConfigResolver().resolveServer(definition, at: .root, into: collector) else {
                throw RegistryError.invalid(collector.diagnostics, subject: "The server definition")
            }
            let existing = try await RegistryDocuments.all(ServerEntry.self, in: .servers, from: tx)
            try Self.checkUnique(entry, among: existing)
            try await tx.put(try RegistryDocuments.document(entry, key: entry.slug), in: .servers)
            return RegistryOutcome(entry, diagnostics: collector.diagnostics)
        }
    }

    /// Replaces a server's definition, keeping its slug and its `managedBy`.
    /// - Throws: ``RegistryError`` `.notFound`, `.invalid`, or `.conflict` (name and version taken,
    ///   or applications allow tools the new selection no longer has — those are warnings only).
    package func replaceServer(_ slug: String, with definition: ServerDefinition) async throws -> RegistryOutcome<ServerEntry> {
        try await store.write { tx in
            guard let current = try await RegistryDocuments.one(ServerEntry.self, slug, in: .servers, from: tx) else {
                throw RegistryError.serverNotFound(slug)
            }
            if let bodySlug = definition.slug, bodySlug != slug {
                throw RegistryError(
                    .badRequest, "The definition's slug \"\(bodySlug)\" differs from the server being replaced (\"\(slug)\"); slugs cannot change.")
            }
            var definition = definition
            definition.slug = slug
            let collector = DiagnosticCollector(file: nil)
            guard var entry = RegistryConfigResolver().resolveServer(definition, at: .root, into: collector) else {
                throw RegistryError.invalid(collector.diagnostics, subject: "The server definition")
            }
            entry.managedBy = current.managedBy
            let others = try await RegistryDocuments.all(ServerEntry.self, in: .servers, from: tx).filter { $0.slug != slug }
            try Self.checkUnique(entry, among: others)
            var diagnostics = collector.diagnostics
            if let file = current.managedBy { diagnostics.append(Self.managedWarning(server: slug, file: file)) }
            if entry != current { try await tx.put(try RegistryDocuments.document(entry, key: slug), in: .servers) }
            return RegistryOutcome(entry, diagnostics: diagnostics)
        }
    }

    /// Unregisters a server and forgets its discovered catalog.
    /// - Throws: ``RegistryError`` `.notFound`, or `.conflict` while applications still allow it.
    package func removeServer(_ slug: String) async throws -> RegistryOutcome<ServerEntry> {
        try await store.write { tx in
            guard let entry = try await RegistryDocuments.one(ServerEntry.self, slug, in: .servers, from: tx) else {
                throw RegistryError.serverNotFound(slug)
            }
            let users = try await RegistryDocuments.all(Application.self, in: .applications, from: tx)
                .filter { $0.allow.contains { $0.server == slug } }
            if !users.isEmpty {
                let names = users.map(\.name).joined(separator: ", ")
                throw RegistryError(
                    .conflict,
                    "Server \(slug) is still allowed by application\(users.count == 1 ? "" : "s") \(names); remove \(slug) from \(users.count == 1 ? "its" : "their") allow list first.")
            }
            try await tx.delete(slug, in: .servers)
            try await tx.delete(slug, in: .catalogs)
            var diagnostics: [Diagnostic] = []
            if let file = entry.managedBy {
                diagnostics.append(
                    Diagnostic(severity: .warning, message: "server \(slug) was declared in \(file); applying that file again will add it back."))
            }
            return RegistryOutcome(entry, diagnostics: diagnostics)
        }
    }

    /// Enables or disables tools of a server by editing its ``ToolSelection``.
    ///
    /// Enabling adds names to `enabled` (unless `*` is there) and takes them out of `disabled`;
    /// disabling takes them out of `enabled` and, when `*` is enabled, adds them to `disabled`.
    /// `*` enables every tool (and clears `disabled`), or disables every tool.
    /// - Returns: The updated entry, with warnings for names the discovered catalog lacks and for
    ///   entries a configuration file manages.
    package func setTools(_ names: [String], enabled: Bool, server slug: String) async throws -> RegistryOutcome<ServerEntry> {
        guard !names.isEmpty else { throw RegistryError(.badRequest, "Name at least one tool (or \"*\" for all).") }
        for name in names where name != RegistryRules.allTools && !RegistryRules.isValidToolName(name) {
            throw RegistryError(.invalid, "\"\(name)\" is not a valid tool name; \(RegistryRules.toolNameRule).")
        }
        return try await store.write { tx in
            guard var entry = try await RegistryDocuments.one(ServerEntry.self, slug, in: .servers, from: tx) else {
                throw RegistryError.serverNotFound(slug)
            }
            let catalog = try await RegistryDocuments.one(DiscoveredCatalog.self, slug, in: .catalogs, from: tx)
            if enabled {
                let projectLimit = try await tx.meta(Self.enableLimitKey).flatMap(Severity.init(rawValue:))
                if let refusal = Self.enableRefusal(names, entry: entry, catalog: catalog, projectLimit: projectLimit) { throw refusal }
            }
            var selection = entry.tools
            if enabled { selection.enable(names) } else { selection.disable(names) }

            var diagnostics: [Diagnostic] = []
            let specific = names.filter { $0 != RegistryRules.allTools }
            if let catalog {
                let known = Set(catalog.tools.map(\.name))
                for name in specific where !known.contains(name) {
                    diagnostics.append(
                        Diagnostic(
                            severity: .warning,
                            message: "\"\(name)\" is not among the tools discovered on \(slug); the setting takes effect if the server offers it later."))
                }
            } else if enabled, !specific.isEmpty {
                diagnostics.append(
                    Diagnostic(
                        severity: .note,
                        message: "no tools discovered yet for \(slug), so the names cannot be checked; they take effect when the server offers them."))
            }
            if selection != entry.tools {
                entry.tools = selection
                try await tx.put(try RegistryDocuments.document(entry, key: slug), in: .servers)
                if let file = entry.managedBy { diagnostics.append(Self.managedWarning(server: slug, file: file)) }
            }
            return RegistryOutcome(entry, diagnostics: diagnostics)
        }
    }

    static func managedWarning(server: String, file: String) -> Diagnostic {
        Diagnostic(severity: .warning, message: "server \(server) is managed by \(file); the next apply of that file will undo this change.")
    }

    private static func checkUnique(_ entry: ServerEntry, among existing: [ServerEntry]) throws {
        if let taken = existing.first(where: { $0.slug == entry.slug }) {
            throw RegistryError(
                .conflict,
                "A server with slug \"\(entry.slug)\" is already registered \(RegistryConfigResolver.origin(of: taken.managedBy)); choose another slug or remove that one first.")
        }
        if let taken = existing.first(where: { $0.name == entry.name && $0.version == entry.version }) {
            throw RegistryError(
                .conflict,
                "Server \(taken.slug) already has the registry name \"\(entry.name)\"\(entry.version.map { " and version \($0)" } ?? ""); a name (and version) names one server.")
        }
    }
}

extension ToolSelection {
    /// Turns tools on (see ``RegistryService/setTools(_:enabled:server:)``).
    package mutating func enable(_ names: [String]) {
        if names.contains(RegistryRules.allTools) {
            enabled = [RegistryRules.allTools]
            disabled = []
            return
        }
        disabled.removeAll { names.contains($0) }
        if !enabled.contains(RegistryRules.allTools) {
            for name in names where !enabled.contains(name) { enabled.append(name) }
        }
    }

    /// Turns tools off (see ``RegistryService/setTools(_:enabled:server:)``).
    package mutating func disable(_ names: [String]) {
        if names.contains(RegistryRules.allTools) {
            enabled = []
            disabled = []
            return
        }
        if enabled.contains(RegistryRules.allTools) {
            for name in names where !disabled.contains(name) { disabled.append(name) }
        } else {
            enabled.removeAll { names.contains($0) }
        }
    }
}
