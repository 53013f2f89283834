// Built-in account passwords: scrypt, salted, parameters stored with the hash.
import Testing

@testable import Auth

struct PasswordHasherTests {
    /// Cheap parameters for tests; production uses ``PasswordHasher/standard``.
    let fast = PasswordHasher(logN: 10, blockSize: 8, parallelism: 1)

    @Test func aHashVerifiesItsPasswordAndNoOther() throws {
        let hash = try fast.hash("correct horse battery")
        #expect(hash.hasPrefix("scrypt$10$8$1$"))
        #expect(PasswordHasher.verify("correct horse battery", against: hash))
        #expect(!PasswordHasher.verify("correct horse batterz", against: hash))
    }

    @Test func theSamePasswordHashesDifferentlyEachTime() throws {
        #expect(try fast.hash("same password") != (try fast.hash("same password")))
    }

    @Test func theRFC7914TestVectorHolds() throws {
        // RFC 7914 §12: scrypt("password", "NaCl", N=1024, r=8, p=16, dkLen=64).
        let key = try PasswordHasher.derive("password", salt: Array("NaCl".utf8), logN: 10, r: 8, p: 16, length: 64)
        #expect(key.prefix(8) == [0xfd, 0xba, 0xbe, 0x1c, 0x9d, 0x34, 0x72, 0x00])
    }

    @Test(arguments: ["", "sha256$abc", "scrypt$99$8$1$AAAA$BBBB", "scrypt$10$8$1$!!$BBBB", "5f4dcc3b5aa765d61d8327deb882cf99"])
    func malformedOrPlainHashesNeverVerify(stored: String) {
        #expect(!PasswordHasher.verify("password", against: stored))
    }

    @Test func theStandardSettingIsMemoryHard() {
        #expect(PasswordHasher.standard.logN >= 15)
        #expect(PasswordHasher.standard.blockSize >= 8)
    }
}
