// Small values the server keeps beside the registry (a session-encryption key, say). They live in
// the store's meta table: shared by every process on the store, and not registry changes, so
// setting one does not make pollers reload.
import Store

extension RegistryService {
    /// A stored meta value, or `nil` when unset.
    package func metaValue(_ key: String) async throws -> String? {
        try await store.read { try await $0.meta(key) }
    }

    /// Sets (or with `nil`, removes) a meta value.
    package func setMetaValue(_ value: String?, for key: String) async throws {
        try await store.write { try await $0.setMeta(value, for: key) }
    }

    /// The value stored under `key`, made with `make` and stored first when there is none. Safe
    /// when several processes start at once: exactly one value wins and all of them get it.
    ///
    /// ```swift
    /// let sessionKey = try await registry.sharedSecret("session_key") { randomBase64(bytes: 32) }
    /// ```
    package func sharedSecret(_ key: String, orCreate make: @Sendable () -> String) async throws -> String {
        if let existing = try await metaValue(key) { return existing }
        return try await store.write { tx in
            if let existing = try await tx.meta(key) { return existing }
            let value = make()
            try await tx.setMeta(value, for: key)
            return value
        }
    }
}
