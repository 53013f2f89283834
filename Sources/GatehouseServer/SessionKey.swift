// The key that seals legacy session ids. Kept in the store's meta table so that every process
// using the same store (a restart, another replica) opens the same sessions.
import Crypto
import Foundation
import Registry

enum SessionKey {
    static let metaKey = "session_key_v1"

    /// The stored key, made on first use.
    static func load(from registry: RegistryService) async throws -> SymmetricKey {
        let encoded = try await registry.sharedSecret(metaKey) {
            SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
        }
        guard let data = Data(base64Encoded: encoded), data.count == 32 else {
            throw SessionKeyError(message: "The stored session key is damaged; delete the meta entry \"\(metaKey)\" to make a new one (open sessions end).")
        }
        return SymmetricKey(data: data)
    }

    struct SessionKeyError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
