// Session ids: sealed, tamper-evident, readable only with the key.
import Crypto
import Foundation
import Testing

@testable import Gateway

struct SessionCodecTests {
    let state = SessionState(
        protocolVersion: .v2025_11_25, endpoint: "/mcp", application: "ci-agent", clientCapabilities: ["sampling": [:]],
        issuedAt: Date(timeIntervalSince1970: 1_800_000_000))

    @Test func roundTripsAndIsVisibleASCII() throws {
        let codec = SessionCodec(key: SymmetricKey(size: .bits256))
        let id = codec.seal(state)
        #expect(id.hasPrefix("ghs1."))
        #expect(id.unicodeScalars.allSatisfy { $0.value >= 0x21 && $0.value <= 0x7E })
        #expect(codec.open(id) == state)
    }

    @Test func anotherKeyOrATamperedIdOpensNothing() {
        let codec = SessionCodec(key: SymmetricKey(size: .bits256))
        let id = codec.seal(state)
        #expect(SessionCodec(key: SymmetricKey(size: .bits256)).open(id) == nil)
        var chars = Array(id)
        chars[20] = chars[20] == "A" ? "B" : "A"
        #expect(codec.open(String(chars)) == nil)
        #expect(codec.open("not-a-session") == nil)
    }

    @Test func terminatedAndExpiredSessionsAreNotLive() {
        let registry = SessionRegistry(lifetime: .seconds(60))
        let fresh = SessionState(protocolVersion: .v2025_11_25, endpoint: "/mcp", application: "a", clientCapabilities: [:], issuedAt: Date())
        #expect(registry.isLive("s1", fresh))
        registry.terminate("s1", session: fresh)
        #expect(!registry.isLive("s1", fresh))
        var old = fresh
        old.issuedAt = Date().addingTimeInterval(-61)
        #expect(!registry.isLive("s2", old))
    }
}
