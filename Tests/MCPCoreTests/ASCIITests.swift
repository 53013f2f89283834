// Case-insensitive ASCII matching of header values.
import Testing

@testable import MCPCore

struct ASCIITests {
    @Test func prefixIgnoresASCIICaseOnly() {
        #expect("Text/Event-Stream; charset=utf-8".hasPrefixIgnoringASCIICase("text/event-stream"))
        #expect("application/json".hasPrefixIgnoringASCIICase("application/json"))
        #expect(!"application/jso".hasPrefixIgnoringASCIICase("application/json"))
        #expect(!"xapplication/json".hasPrefixIgnoringASCIICase("application/json"))
        #expect("".hasPrefixIgnoringASCIICase(""))
        // Non-ASCII bytes are compared as they are.
        #expect(!"Ä".hasPrefixIgnoringASCIICase("ä"))
    }

    @Test func containsFindsTheNeedleAnywhere() {
        #expect("text/html, Application/JSON;q=0.9".containsIgnoringASCIICase("application/json"))
        #expect("*/*".containsIgnoringASCIICase("*/*"))
        #expect(!"text/html".containsIgnoringASCIICase("application/json"))
        #expect(!"a".containsIgnoringASCIICase("ab"))
        #expect("ab"[...].containsIgnoringASCIICase("ab"))
    }
}
