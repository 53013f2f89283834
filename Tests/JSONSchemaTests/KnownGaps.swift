// Optional and format tests of the JSON-Schema-Test-Suite this validator deliberately does not
// pass, each with the reason. Required tests have no entries: they must all pass.

struct KnownGap {
    let draft: String
    let part: String
    /// `file :: group` or `file :: group :: test` prefix of the failure label.
    let prefix: String
    let reason: String
}

enum KnownGaps {
    static let all: [KnownGap] = []
}
