// The Authorization header's bearer token, as every endpoint reads it.
import Testing

@testable import Auth

struct BearerTokenTests {
    @Test func theTokenIsReadWhateverTheSchemesCaseAndTheSpacesAround() {
        #expect(BearerToken.from(authorization: "Bearer gh_abc") == "gh_abc")
        #expect(BearerToken.from(authorization: "bearer gh_abc") == "gh_abc")
        #expect(BearerToken.from(authorization: "BEARER \t gh_abc  ") == "gh_abc")
        #expect(BearerToken.from(authorization: "Bearer \u{00A0}gh_abc\u{2003}") == "gh_abc")
        #expect(BearerToken.from(authorization: "Bearer ") == nil)
        #expect(BearerToken.from(authorization: "Bearer   ") == "")
        #expect(BearerToken.from(authorization: "Basic dXNlcjpwdw==") == nil)
        #expect(BearerToken.from(authorization: "Bearerx gh_abc") == nil)
        #expect(BearerToken.from(authorization: "Bearer a b") == "a b")
    }
}
