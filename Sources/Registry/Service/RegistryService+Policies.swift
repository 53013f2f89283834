// Policies and rate limits, edited one at a time (the CLI and the admin API; files go through
// apply). Every change to policies makes a new policy-set version, recorded in the audit trail in
// the same transaction as the change, so the version in a decision always names a set on record.
import Enforcement
import Foundation
import JSONSchema
import Store

extension RegistryService {
    /// The meta key of the policy-set version.
    static let policyVersionKey = "policy_set_version"

    // MARK: - Policies

    /// Every policy, ordered by id.
    package func policies() async throws -> [PolicyEntry] {
        try await store.read { try await RegistryDocuments.all(PolicyEntry.self, in: .policies, from: $0) }
    }

    /// One policy.
    /// - Throws: ``RegistryError`` `.notFound`.
    package func policy(_ id: String) async throws -> PolicyEntry {
        try await store.read { reader in
            guard let entry = try await RegistryDocuments.one(PolicyEntry.self, id, in: .policies, from: reader) else { throw RegistryError.policyNotFound(id) }
            return entry
        }
    }

    /// The current policy-set version.
    package func policySetVersion() async throws -> Int64 {
        try await store.read { try await Self.policyVersion(in: $0) }
    }

    /// Attaches a policy (not managed by any file), after checking it against the schema and the
    /// discovered tools it can apply to.
    /// - Throws: ``RegistryError`` `.invalid` with every problem, or `.conflict` when the id is taken.
    package func createPolicy(_ definition: PolicyDefinition) async throws -> RegistryOutcome<PolicyEntry> {
        try await store.write { tx in
            let entry = try await Self.checkedPolicy(definition, in: tx)
            if let taken = try await RegistryDocuments.one(PolicyEntry.self, entry.value.id, in: .policies, from: tx) {
                throw RegistryError(
                    .conflict,
                    "A policy with id \"\(entry.value.id)\" is already attached \(RegistryConfigResolver.origin(of: taken.managedBy)); choose another id or replace it.")
            }
            try await tx.put(try RegistryDocuments.document(entry.value, key: entry.value.id), in: .policies)
            try await Self.recordPolicyChange(added: [entry.value.id], changed: [], removed: [], source: "cli/api", in: tx)
            return entry
        }
    }

    /// Replaces a policy's definition, keeping its id and `managedBy`.
    package func replacePolicy(_ id: String, with definition: PolicyDefinition) async throws -> RegistryOutcome<PolicyEntry> {
        try await store.write { tx in
            guard let current = try await RegistryDocuments.one(PolicyEntry.self, id, in: .policies, from: tx) else { throw RegistryError.policyNotFound(id) }
            if let bodyID = definition.id, bodyID != id {
                throw RegistryError(.badRequest, "The definition's id \"\(bodyID)\" differs from the policy being replaced (\"\(id)\"); ids cannot change.")
            }
            var definition = definition
            definition.id = id
            var outcome = try await Self.checkedPolicy(definition, in: tx)
            outcome.value.managedBy = current.managedBy
            if let file = current.managedBy {
                outcome.diagnostics.append(
                    Diagnostic(severity: .warning, message: "policy \(id) is managed by \(file); the next apply of that file will undo this change."))
            }
            if outcome.value != current {
                try await tx.put(try RegistryDocuments.document(outcome.value, key: id), in: .policies)
                try await Self.recordPolicyChange(added: [], changed: [id], removed: [], source: "cli/api", in: tx)
            }
            return outcome
        }
    }

    /// Detaches a policy.
    package func removePolicy(_ id: String) async throws -> RegistryOutcome<PolicyEntry> {
        try await store.write { tx in
            guard let entry = try await RegistryDocuments.one(PolicyEntry.self, id, in: .policies, from: tx) else { throw RegistryError.policyNotFound(id) }
            try await tx.delete(id, in: .policies)
            try await Self.recordPolicyChange(added: [], changed: [], removed: [id], source: "cli/api", in: tx)
            var diagnostics: [Diagnostic] = []
            if let file = entry.managedBy {
                diagnostics.append(Diagnostic(severity: .warning, message: "policy \(id) was declared in \(file); applying that file again will add it back."))
            }
            return RegistryOutcome(entry, diagnostics: diagnostics)
        }
    }

    static func checkedPolicy(_ definition: PolicyDefinition, in tx: any RegistryStoreReader) async throws -> RegistryOutcome<PolicyEntry> {
        let servers = try await RegistryDocuments.all(ServerEntry.self, in: .servers, from: tx)
        let catalogs = try await RegistryDocuments.all(DiscoveredCatalog.self, in: .catalogs, from: tx)
        let resolver = RegistryConfigResolver(catalogs: Dictionary(catalogs.map { ($0.server, $0) }, uniquingKeysWith: { a, _ in a }))
        let collector = DiagnosticCollector(file: nil)
        guard let entry = resolver.resolvePolicy(definition, at: .root, servers: servers, into: collector) else {
            throw RegistryError.invalid(collector.diagnostics, subject: "The policy")
        }
        return RegistryOutcome(entry, diagnostics: collector.diagnostics)
    }

    static func policyVersion(in reader: any RegistryStoreReader) async throws -> Int64 {
        Int64(try await reader.meta(policyVersionKey) ?? "0") ?? 0
    }

    /// Moves the policy-set version and records the change in the audit trail (same transaction).
    @discardableResult
    static func recordPolicyChange(added: [String], changed: [String], removed: [String], source: String, in tx: any RegistryStoreWriter)
        async throws -> Int64
    {
        let version = try await policyVersion(in: tx) + 1
        try await tx.setMeta(String(version), for: policyVersionKey)
        let details: JSONObject = [
            "version": .int(version), "added": .array(added.map(JSONValue.string)), "changed": .array(changed.map(JSONValue.string)),
            "removed": .array(removed.map(JSONValue.string)), "source": .string(source),
        ]
        var record = AuditEvents.event("policy_set_changed", target: (added + changed + removed).joined(separator: ","), details: .object(details))
        record.policySetVersion = version
        try await tx.appendAudit([record])
        return version
    }

    // MARK: - Rate limits

    /// Every rate-limit rule, ordered by id.
    package func rateLimits() async throws -> [RateLimitEntry] {
        try await store.read { try await RegistryDocuments.all(RateLimitEntry.self, in: .rateLimits, from: $0) }
    }

    /// Adds a rate-limit rule (not managed by any file).
    package func createRateLimit(_ definition: RateLimitDefinition) async throws -> RegistryOutcome<RateLimitEntry> {
        try await store.write { tx in
            let servers = try await RegistryDocuments.all(ServerEntry.self, in: .servers, from: tx)
            let applications = try await RegistryDocuments.all(Application.self, in: .applications, from: tx)
            let collector = DiagnosticCollector(file: nil)
            guard let entry = RegistryConfigResolver().resolveRateLimit(definition, at: .root, servers: servers, applications: applications, into: collector)
            else {
                throw RegistryError.invalid(collector.diagnostics, subject: "The rate limit")
            }
            if let taken = try await RegistryDocuments.one(RateLimitEntry.self, entry.id, in: .rateLimits, from: tx) {
                throw RegistryError(
                    .conflict,
                    "A rate limit with id \"\(entry.id)\" exists \(RegistryConfigResolver.origin(of: taken.managedBy)); remove it first or give this one another id.")
            }
            try await tx.put(try RegistryDocuments.document(entry, key: entry.id), in: .rateLimits)
            return RegistryOutcome(entry, diagnostics: collector.diagnostics)
        }
    }

    /// Removes a rate-limit rule.
    package func removeRateLimit(_ id: String) async throws -> RegistryOutcome<RateLimitEntry> {
        try await store.write { tx in
            guard let entry = try await RegistryDocuments.one(RateLimitEntry.self, id, in: .rateLimits, from: tx) else {
                throw RegistryError(.notFound, "No rate limit with id \"\(id)\" exists; `gatehouse limits list` shows the ids.")
            }
            try await tx.delete(id, in: .rateLimits)
            return RegistryOutcome(entry)
        }
    }
}

/// Control-plane events in the audit trail.
enum AuditEvents {
    static func event(_ name: String, server: String? = nil, target: String? = nil, details: JSONValue) -> AuditRecord {
        var record = AuditRecord(time: Date(), endpoint: "registry", method: name, server: server, target: target, outcome: "ok", latencyMicros: 0)
        record.kind = "event"
        record.event = name
        record.details = details.jsonString()
        return record
    }
}

extension RegistryError {
    static func policyNotFound(_ id: String) -> RegistryError {
        RegistryError(.notFound, "No policy \"\(id)\" is attached; `gatehouse policy list` shows the attached ones.")
    }
}
