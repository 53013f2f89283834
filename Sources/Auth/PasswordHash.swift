// Passwords of built-in accounts, stored with scrypt (memory-hard, RFC 7914) and a random salt,
// never as a plain hash. The parameters travel with the hash, so they can be raised later and old
// hashes still verify.
//
//   scrypt$<log2 N>$<r>$<p>$<salt, base64url>$<key, base64url>
import Crypto
import CryptoExtras
import Foundation

/// Hashing and checking passwords.
package struct PasswordHasher: Sendable, Equatable {
    /// log2 of scrypt's cost N. Default 15 (N = 32768: 32 MiB of memory with r = 8, ~0.1 s).
    package var logN: Int
    package var blockSize: Int
    package var parallelism: Int

    /// The production setting.
    package static let standard = PasswordHasher(logN: 15, blockSize: 8, parallelism: 1)

    package init(logN: Int, blockSize: Int, parallelism: Int) {
        self.logN = logN
        self.blockSize = blockSize
        self.parallelism = parallelism
    }

    /// Shortest password accepted for a built-in account.
    package static let minimumLength = 8

    /// The stored form of `password` with a fresh 16-byte salt.
    package func hash(_ password: String) throws -> String {
        var rng = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &rng) }
        let key = try Self.derive(password, salt: salt, logN: logN, r: blockSize, p: parallelism)
        return "scrypt$\(logN)$\(blockSize)$\(parallelism)$\(Base64URL.encode(salt))$\(Base64URL.encode(key))"
    }

    /// Whether `password` matches `stored` (a string from ``hash(_:)``); `false` for anything
    /// malformed. The comparison takes constant time.
    package static func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "scrypt", let logN = Int(parts[1]), let r = Int(parts[2]), let p = Int(parts[3]),
            (1...22).contains(logN), (1...32).contains(r), (1...16).contains(p),
            let salt = Base64URL.decode(parts[4]), let expected = Base64URL.decode(parts[5]), !expected.isEmpty,
            let key = try? derive(password, salt: salt, logN: logN, r: r, p: p, length: expected.count)
        else { return false }
        return ConstantTime.equal(key, expected)
    }

    /// Whether `stored` looks like a hash this type writes (for configuration checks).
    package static func isHash(_ stored: String) -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        return parts.count == 6 && parts[0] == "scrypt" && Int(parts[1]) != nil && Base64URL.decode(parts[5]) != nil
    }

    static func derive(_ password: String, salt: [UInt8], logN: Int, r: Int, p: Int, length: Int = 32) throws -> [UInt8] {
        let key = try KDF.Scrypt.deriveKey(
            from: Array(password.utf8), salt: salt, outputByteCount: length, rounds: 1 << logN, blockSize: r, parallelism: p,
            maxMemory: 256 << 20)
        return key.withUnsafeBytes { Array($0) }
    }
}
