// API keys: recognisable (a fixed prefix secret scanners can match), self-checking (a checksum
// rejects typos and random strings without touching storage), and stored only as a hash.
import Crypto
import Foundation
import MCPCore

/// The format, generation and hashing of Gatehouse API keys.
///
/// A key reads `ghk_` + 30 random base62 characters + a 6-character base62 CRC-32 of everything
/// before it, 40 characters in all: `ghk_4QzvV0mX…`. Only the SHA-256 of the whole key is stored.
package enum APIKey {
    package static let prefix = "ghk_"
    static let randomLength = 30
    static let checksumLength = 6
    package static let length = prefix.count + randomLength + checksumLength
    /// How many leading characters listings show (prefix + 8).
    package static let displayLength = prefix.count + 8

    /// A freshly generated key. Show it to the user once; keep only ``hash(_:)``.
    package static func generate() -> String {
        var rng = SystemRandomNumberGenerator()
        let body = prefix + String((0..<randomLength).map { _ in base62[Int(rng.next(upperBound: UInt8(62)))] })
        return body + checksum(body)
    }

    /// Whether `candidate` has the shape and checksum of a key (says nothing about validity).
    package static func isWellFormed(_ candidate: some StringProtocol) -> Bool {
        // Byte comparisons: `hasPrefix` and `==` on StringProtocol go through Foundation here, and
        // every call with an API key asks this.
        guard candidate.utf8.count == length, candidate.utf8.starts(with: prefix.utf8) else { return false }
        let body = candidate.prefix(length - checksumLength)
        return checksum(String(body)).utf8.elementsEqual(candidate.utf8.suffix(checksumLength))
    }

    /// Hex SHA-256 of the key: what storage keeps and lookups compare.
    package static func hash(_ key: some StringProtocol) -> String {
        SHA256.hash(data: Array(key.utf8)).hexEncoded
    }

    package static func displayPrefix(of key: String) -> String { String(key.prefix(displayLength)) }

    private static let base62: [Character] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    private static func checksum(_ body: String) -> String {
        var value = UInt64(CRC32.checksum(Array(body.utf8)))
        var out = [Character](repeating: "0", count: checksumLength)
        for i in stride(from: checksumLength - 1, through: 0, by: -1) {
            out[i] = base62[Int(value % 62)]
            value /= 62
        }
        return String(out)
    }
}

/// CRC-32 (IEEE 802.3), as in zip and PNG.
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { i in
        var c = UInt32(i)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes { crc = table[Int((crc ^ UInt32(b)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
