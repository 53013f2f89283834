// Applications (the callers of the gateway) and their API keys.
import Foundation
import Auth
import Store

extension RegistryService {
    /// Every application, ordered by name.
    package func applications() async throws -> [Application] {
        try await store.read { try await RegistryDocuments.all(Application.self, in: .applications, from: $0) }
    }

    /// One application.
    /// - Throws: ``RegistryError`` `.notFound`.
    package func application(_ name: String) async throws -> Application {
        try await store.read { reader in
            guard let application = try await RegistryDocuments.one(Application.self, name, in: .applications, from: reader) else {
                throw RegistryError.applicationNotFound(name)
            }
            return application
        }
    }

    /// Registers an application (not managed by any file).
    /// - Throws: ``RegistryError`` `.invalid` with diagnostics, or `.conflict` when the name is taken.
    package func createApplication(_ definition: ApplicationDefinition) async throws -> RegistryOutcome<Application> {
        try await store.write { tx in
            let servers = try await RegistryDocuments.all(ServerEntry.self, in: .servers, from: tx)
            let collector = DiagnosticCollector(file: nil)
            guard let application = RegistryConfigResolver().resolveApplication(definition, at: .root, servers: servers, into: collector)
            else {
                throw RegistryError.invalid(collector.diagnostics, subject: "The application definition")
            }
            if let taken = try await RegistryDocuments.one(Application.self, application.name, in: .applications, from: tx) {
                throw RegistryError(
                    .conflict,
                    "An application named \"\(application.name)\" is already registered \(RegistryConfigResolver.origin(of: taken.managedBy)); choose another name or remove that one first.")
            }
            try await tx.put(try RegistryDocuments.document(application, key: application.name), in: .applications)
            return RegistryOutcome(application, diagnostics: collector.diagnostics)
        }
    }

    /// Replaces an application's allow list, keeping its name, keys and `managedBy`.
    package func replaceApplication(_ name: String, with definition: ApplicationDefinition) async throws -> RegistryOutcome<Application> {
        try await store.write { tx in
            guard let current = try await RegistryDocuments.one(Application.self, name, in: .applications, from: tx) else {
                throw RegistryError.applicationNotFound(name)
            }
            if let bodyName = definition.name, bodyName != name {
                throw RegistryError(
                    .badRequest, "The definition's name \"\(bodyName)\" differs from the application being replaced (\"\(name)\"); names cannot change.")
            }
            var definition = definition
            definition.name = name
            let servers = try await RegistryDocuments.all(ServerEntry.self, in: .servers, from: tx)
            let collector = DiagnosticCollector(file: nil)
            guard var application = RegistryConfigResolver().resolveApplication(definition, at: .root, servers: servers, into: collector)
            else {
                throw RegistryError.invalid(collector.diagnostics, subject: "The application definition")
            }
            application.managedBy = current.managedBy
            var diagnostics = collector.diagnostics
            if let file = current.managedBy {
                diagnostics.append(
                    Diagnostic(severity: .warning, message: "application \(name) is managed by \(file); the next apply of that file will undo this change."))
            }
            if application != current { try await tx.put(try RegistryDocuments.document(application, key: name), in: .applications) }
            return RegistryOutcome(application, diagnostics: diagnostics)
        }
    }

    /// Unregisters an application and revokes its keys (revoked keys stay listed, and a later
    /// application of the same name does not bring them back).
    /// - Returns: The application and how many keys were revoked.
    package func removeApplication(_ name: String) async throws -> RegistryOutcome<Application> {
        try await store.write { tx in
            guard let application = try await RegistryDocuments.one(Application.self, name, in: .applications, from: tx) else {
                throw RegistryError.applicationNotFound(name)
            }
            try await tx.delete(name, in: .applications)
            let revoked = try await Self.revokeKeys(of: [name], in: tx, at: Date())
            var diagnostics: [Diagnostic] = []
            if revoked > 0 {
                diagnostics.append(Diagnostic(severity: .note, message: "revoked \(revoked) key\(revoked == 1 ? "" : "s") of \(name)."))
            }
            if let file = application.managedBy {
                diagnostics.append(
                    Diagnostic(severity: .warning, message: "application \(name) was declared in \(file); applying that file again will add it back."))
            }
            return RegistryOutcome(application, diagnostics: diagnostics)
        }
    }

    // MARK: - Keys

    /// A new API key for an application. The key itself is returned once and never stored: only
    /// its hash is.
    /// - Parameters:
    ///   - expiresAt: When the key stops working; `nil` for never.
    /// - Throws: ``RegistryError`` `.notFound` for an unknown application, `.invalid` for an
    ///   expiry in the past.
    package func createKey(application: String, expiresAt: Date? = nil, now: Date = Date()) async throws -> (key: String, entry: APIKeyEntry) {
        if let expiresAt, expiresAt <= now {
            throw RegistryError(.invalid, "The expiry \(expiresAt.formatted(.iso8601)) is in the past; give a future time.")
        }
        return try await store.write { tx in
            guard let owner = try await RegistryDocuments.one(Application.self, application, in: .applications, from: tx) else {
                throw RegistryError.applicationNotFound(application)
            }
            let key = APIKey.generate()
            var id = Self.newKeyID()
            while try await tx.document(id, in: .apiKeys) != nil { id = Self.newKeyID() }
            var entry = APIKeyEntry(
                id: id, application: application, hash: APIKey.hash(key), displayPrefix: APIKey.displayPrefix(of: key),
                createdAt: now, expiresAt: expiresAt)
            entry.project = owner.projectName
            try await tx.put(try RegistryDocuments.document(entry, key: id), in: .apiKeys)
            return (key, entry)
        }
    }

    /// API keys (hashes, never secrets), newest first; all of them or one application's.
    package func keys(application: String? = nil) async throws -> [APIKeyEntry] {
        try await store.read { reader in
            if let application, try await reader.document(application, in: .applications) == nil {
                // Keys of a removed application are still listed (revoked); only a name never seen is an error.
                let any = try await RegistryDocuments.all(APIKeyEntry.self, in: .apiKeys, from: reader).contains { $0.application == application }
                if !any { throw RegistryError.applicationNotFound(application) }
            }
            return try await RegistryDocuments.all(APIKeyEntry.self, in: .apiKeys, from: reader)
                .filter { application == nil || $0.application == application }
                .sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
        }
    }

    /// Revokes a key. Revoking a revoked key changes nothing and is not an error.
    /// - Throws: ``RegistryError`` `.notFound`.
    package func revokeKey(id: String, now: Date = Date()) async throws -> APIKeyEntry {
        try await store.write { tx in
            guard var entry = try await RegistryDocuments.one(APIKeyEntry.self, id, in: .apiKeys, from: tx) else {
                throw RegistryError.keyNotFound(id)
            }
            if entry.revokedAt == nil {
                entry.revokedAt = now
                try await tx.put(try RegistryDocuments.document(entry, key: id), in: .apiKeys)
            }
            return entry
        }
    }

    /// Revokes every unrevoked key of `applications`; returns how many.
    static func revokeKeys(of applications: Set<String>, in tx: any RegistryStoreWriter, at now: Date) async throws -> Int {
        var count = 0
        for var entry in try await RegistryDocuments.all(APIKeyEntry.self, in: .apiKeys, from: tx)
        where applications.contains(entry.application) && entry.revokedAt == nil {
            entry.revokedAt = now
            try await tx.put(try RegistryDocuments.document(entry, key: entry.id), in: .apiKeys)
            count += 1
        }
        return count
    }

    /// `key_` and 12 random lowercase letters and digits: short enough to type, not secret.
    static func newKeyID() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")
        var rng = SystemRandomNumberGenerator()
        return "key_" + String((0..<12).map { _ in alphabet[Int(rng.next(upperBound: UInt32(alphabet.count)))] })
    }
}
