// API key format: generated keys check out, typos and foreign strings do not, hashes are stable.
import Testing

@testable import Auth

struct APIKeyTests {
    @Test func generatedKeysAreWellFormedAndDistinct() {
        let a = APIKey.generate()
        let b = APIKey.generate()
        #expect(a != b)
        #expect(a.count == 40)
        #expect(a.hasPrefix("ghk_"))
        #expect(APIKey.isWellFormed(a))
        #expect(APIKey.displayPrefix(of: a).count == 12)
    }

    @Test func aSingleChangedCharacterFailsTheChecksum() {
        let key = APIKey.generate()
        var chars = Array(key)
        chars[10] = chars[10] == "a" ? "b" : "a"
        #expect(!APIKey.isWellFormed(String(chars)))
        #expect(!APIKey.isWellFormed("ghk_" + String(repeating: "x", count: 36)))
        #expect(!APIKey.isWellFormed("Bearer something"))
    }

    @Test func hashIsHexSHA256() {
        #expect(APIKey.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    }
}
