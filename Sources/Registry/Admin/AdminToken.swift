// The admin token guards the admin API. Gatehouse makes one on first start, keeps only its
// SHA-256 in the store, and writes the token once to `<data>/admin-token` (mode 0600) for the
// operator and the CLI; `GATEHOUSE_ADMIN_TOKEN` replaces it (nothing is then stored or written).
import Crypto
import Foundation
import MCPCore
import Store

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Format, hashing and comparison of admin tokens.
package enum AdminToken {
    /// `gha_` + 43 base62 characters (about 256 bits).
    package static let prefix = "gha_"
    /// The environment variable that overrides the stored token.
    package static let environmentVariable = "GATEHOUSE_ADMIN_TOKEN"
    /// The file in the data folder that receives a generated token.
    package static let fileName = "admin-token"
    /// The meta key of the stored hash.
    static let metaKey = "admin_token_sha256"

    package static func generate() -> String {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        var rng = SystemRandomNumberGenerator()
        return prefix + String((0..<43).map { _ in alphabet[Int(rng.next(upperBound: UInt32(alphabet.count)))] })
    }

    /// Hex SHA-256 of the token.
    package static func hash(_ token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).hexEncoded
    }

    /// Whether `token` hashes to `expectedHash`, comparing in time independent of where they differ.
    package static func matches(_ token: String, hash expectedHash: String) -> Bool {
        let actual = Array(hash(token).utf8)
        let expected = Array(expectedHash.utf8)
        guard actual.count == expected.count else { return false }
        var difference: UInt8 = 0
        for index in actual.indices { difference |= actual[index] ^ expected[index] }
        return difference == 0
    }

    /// Writes `token` to `<folder>/admin-token`, readable by its owner only.
    static func writeFile(_ token: String, in folder: String?) throws -> String {
        guard let folder else {
            throw RegistryError(.internal, "This store has no data folder to write the admin token to; set \(environmentVariable).")
        }
        let path = (folder as NSString).appendingPathComponent(fileName)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw RegistryError(.internal, "Cannot write the admin token to \(path): \(String(cString: strerror(errno))).")
        }
        defer { close(descriptor) }
        // The file may have existed with wider permissions; the token must be readable by its owner only.
        fchmod(descriptor, 0o600)
        let bytes = Array((token + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            throw RegistryError(.internal, "Cannot write the admin token to \(path): \(String(cString: strerror(errno))).")
        }
        return path
    }
}

/// Where the admin token in force came from.
package enum AdminTokenStatus: Sendable, Equatable {
    /// `GATEHOUSE_ADMIN_TOKEN` is set; nothing is stored.
    case environment
    /// A token was made before; its hash is in the store (the file may or may not still exist).
    case stored
    /// A token was just made and written to this file.
    case created(file: String)
}

extension RegistryService {
    /// Makes sure an admin token exists: on the first start, makes one, stores its hash and writes
    /// it to `<data>/admin-token` with mode 0600. Call once when the server starts.
    /// - Throws: ``RegistryError`` `.internal` when the token file cannot be written.
    package func prepareAdminToken() async throws -> AdminTokenStatus {
        if adminTokenOverride != nil { return .environment }
        let token = AdminToken.generate()
        let created = try await store.write { tx -> Bool in
            if try await tx.meta(AdminToken.metaKey) != nil { return false }
            try await tx.setMeta(AdminToken.hash(token), for: AdminToken.metaKey)
            return true
        }
        guard created else { return .stored }
        let file = try AdminToken.writeFile(token, in: dataDirectory)
        logger.info("Admin token created", metadata: ["gatehouse.admin_token.file": "\(file)"])
        return .created(file: file)
    }

    /// Replaces the stored admin token with a new one, writes it to `<data>/admin-token` and
    /// returns it. A running server accepts the new token at once and no longer the old one.
    package func rotateAdminToken() async throws -> (token: String, file: String) {
        let token = AdminToken.generate()
        try await store.write { tx in try await tx.setMeta(AdminToken.hash(token), for: AdminToken.metaKey) }
        return (token, try AdminToken.writeFile(token, in: dataDirectory))
    }

    /// Whether `token` is the admin token in force (`GATEHOUSE_ADMIN_TOKEN`, else the stored
    /// one). Reads the stored hash each time, so a rotation elsewhere applies immediately.
    package func verifyAdminToken(_ token: String) async -> Bool {
        if let override = adminTokenOverride { return AdminToken.matches(token, hash: AdminToken.hash(override)) }
        guard let stored = try? await store.read({ try await $0.meta(AdminToken.metaKey) }) else { return false }
        return AdminToken.matches(token, hash: stored)
    }

}
