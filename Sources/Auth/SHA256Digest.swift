// Small SHA-256 helpers shared by the identity code: digests of strings, hex for storage keys.
import Crypto
import Foundation
import MCPCore

/// SHA-256 of text.
package enum SHA256Digest {
    /// The digest bytes of `text`'s UTF-8.
    package static func of(_ text: String) -> [UInt8] { Array(SHA256.hash(data: Array(text.utf8))) }

    /// Lowercase hex of the digest: how secrets (refresh tokens, codes) are looked up at rest.
    package static func hex(_ text: String) -> String { of(text).hexEncoded }
}
