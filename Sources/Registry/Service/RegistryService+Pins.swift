// Tool-definition pinning (rug-pull defence). When a tool is enabled and discovered, the SHA-256
// of its canonical definition is pinned (prompts, which have no enablement, are pinned when first
// discovered). A later discovery that finds a different definition leaves the pin where it was:
// the tool is then quarantined (hidden from lists, calls refused) until someone approves the new
// definition. Each quarantine and approval is an audit event with the before/after diff, written
// in the same transaction as the catalog or pin change.
import Enforcement
import Foundation
import JSONSchema
import MCPCore
import Store

extension RegistryService {
    /// The pins of a server (empty when nothing is pinned yet).
    package func pins(server slug: String) async throws -> ServerPins {
        try await store.read { reader in
            guard try await reader.document(slug, in: .servers) != nil else { throw RegistryError.serverNotFound(slug) }
            return try await RegistryDocuments.one(ServerPins.self, slug, in: .pins, from: reader) ?? ServerPins(server: slug)
        }
    }

    /// Approves the current definitions of tools and prompts of a server: they become the pins,
    /// ending their quarantine.
    /// - Parameters:
    ///   - by: Who approved, for the audit event (`cli`, `api`).
    /// - Throws: ``RegistryError`` `.notFound` for an unknown server, `.invalid` for names the
    ///   last discovery did not find.
    package func approve(server slug: String, tools: [String], prompts: [String], by: String) async throws -> RegistryOutcome<ServerPins> {
        guard !tools.isEmpty || !prompts.isEmpty else { throw RegistryError(.badRequest, "Name at least one tool or prompt to approve.") }
        return try await store.write { tx in
            guard try await tx.document(slug, in: .servers) != nil else { throw RegistryError.serverNotFound(slug) }
            guard let catalog = try await RegistryDocuments.one(DiscoveredCatalog.self, slug, in: .catalogs, from: tx) else {
                throw RegistryError(.invalid, "Nothing was discovered on \(slug) yet, so there is nothing to approve.")
            }
            var pins = try await RegistryDocuments.one(ServerPins.self, slug, in: .pins, from: tx) ?? ServerPins(server: slug)
            var events: [AuditRecord] = []
            var diagnostics: [Diagnostic] = []
            func approve(_ names: [String], items: [CatalogItem], pinned: inout [String: ServerPins.Pin], kind: String, fields: [String]) throws {
                let all = names == ["*"] ? items.map(\.name) : names
                for name in all {
                    guard let item = items.first(where: { $0.name == name }) else {
                        throw RegistryError(.invalid, "\(slug) has no \(kind) \"\(name)\" in its last discovery; `gatehouse tools list --server \(slug)` shows them.")
                    }
                    let before = pinned[name]
                    if before?.hash == item.definitionHash {
                        diagnostics.append(Diagnostic(severity: .note, message: "\(kind) \(name) was already approved as it is."))
                        continue
                    }
                    pinned[name] = ServerPins.Pin(hash: item.definitionHash, definitionJSON: item.definitionJSON, approvedAt: Date(), approvedBy: by)
                    events.append(Self.pinEvent("\(kind)_approved", server: slug, name: name, before: before, after: item, fields: fields))
                }
            }
            try approve(tools, items: catalog.tools, pinned: &pins.tools, kind: "tool", fields: DefinitionHash.toolFields)
            try approve(prompts, items: catalog.prompts, pinned: &pins.prompts, kind: "prompt", fields: DefinitionHash.promptFields)
            if !events.isEmpty {
                try await tx.put(try RegistryDocuments.document(pins, key: slug), in: .pins)
                try await tx.appendAudit(events)
            }
            return RegistryOutcome(pins, diagnostics: diagnostics)
        }
    }

    /// Pins what is enabled and discovered but not pinned yet, and records a quarantine event for
    /// every pinned item whose discovered definition just changed away from its pin.
    /// - Parameters:
    ///   - previous: The catalog before this discovery (to report each change once).
    static func updatePins(for entry: ServerEntry, catalog: DiscoveredCatalog, previous: DiscoveredCatalog?, in tx: any RegistryStoreWriter) async throws {
        let existing = try await RegistryDocuments.one(ServerPins.self, entry.slug, in: .pins, from: tx)
        var pins = existing ?? ServerPins(server: entry.slug)
        var events: [AuditRecord] = []
        let now = Date()
        for item in catalog.tools {
            if let pin = pins.tools[item.name] {
                let before = previous?.tools.first { $0.name == item.name }?.definitionHash
                if pin.hash != item.definitionHash, before != item.definitionHash {
                    events.append(pinEvent("tool_quarantined", server: entry.slug, name: item.name, before: pin, after: item, fields: DefinitionHash.toolFields))
                }
            } else if entry.tools.isEnabled(item.name) {
                pins.tools[item.name] = ServerPins.Pin(hash: item.definitionHash, definitionJSON: item.definitionJSON, approvedAt: now, approvedBy: "enabled")
            }
        }
        for item in catalog.prompts {
            if let pin = pins.prompts[item.name] {
                let before = previous?.prompts.first { $0.name == item.name }?.definitionHash
                if pin.hash != item.definitionHash, before != item.definitionHash {
                    events.append(
                        pinEvent("prompt_quarantined", server: entry.slug, name: item.name, before: pin, after: item, fields: DefinitionHash.promptFields))
                }
            } else {
                pins.prompts[item.name] = ServerPins.Pin(hash: item.definitionHash, definitionJSON: item.definitionJSON, approvedAt: now, approvedBy: "discovered")
            }
        }
        if pins != existing, !(existing == nil && pins.tools.isEmpty && pins.prompts.isEmpty) {
            try await tx.put(try RegistryDocuments.document(pins, key: entry.slug), in: .pins)
        }
        if !events.isEmpty { try await tx.appendAudit(events) }
    }

    /// Pins the enabled tools of `entry` that are discovered but not pinned (after enabling).
    static func pinEnabled(_ entry: ServerEntry, in tx: any RegistryStoreWriter) async throws {
        guard let catalog = try await RegistryDocuments.one(DiscoveredCatalog.self, entry.slug, in: .catalogs, from: tx) else { return }
        try await updatePins(for: entry, catalog: catalog, previous: catalog, in: tx)
    }

    static func pinEvent(_ name: String, server: String, name item: String, before: ServerPins.Pin?, after: CatalogItem, fields: [String]) -> AuditRecord {
        let old = before.flatMap { (try? JSONParser.parse($0.definitionJSON))?.objectValue }
        let new = (try? JSONParser.parse(after.definitionJSON))?.objectValue
        let diff = DefinitionDiff(before: old, after: new, fields: fields)
        let details: JSONObject = [
            "pinned_hash": before.map { .string($0.hash) } ?? .null, "discovered_hash": .string(after.definitionHash), "changes": diff.json,
        ]
        var record = AuditEvents.event(name, server: server, target: item, details: .object(details))
        record.warnings = name.hasSuffix("_quarantined") ? ["\(server)/\(item): definition changed (\(diff.summary)); quarantined until approved"] : nil
        return record
    }
}
