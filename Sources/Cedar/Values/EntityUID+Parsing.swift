// Reading an entity uid written in Cedar syntax, `Type::"id"`, as it appears in policies.

extension EntityUID {
    /// Parses a uid in Cedar syntax, e.g. `Gatehouse::User::"alice"` (escapes allowed in the id).
    ///
    /// - Throws: ``ParseError`` when the text is not exactly one entity uid.
    public init(cedar text: String) throws(ParseError) {
        guard case .value(.entity(let uid)) = try PolicyParser.parseExpression(text) else {
            throw ParseError(.invalidName, "expected an entity uid such as User::\"alice\", found `\(text)`")
        }
        self = uid
    }
}
