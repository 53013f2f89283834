// The name of an entity type, such as `User` or `Gatehouse::Tool`: a `::`-separated path of
// identifiers, compared exactly (no namespace resolution happens at evaluation time).

/// The type of an entity, written as a path of identifiers separated by `::`.
///
/// Types compare by their full name: `NS::User` and `User` are different types.
public struct EntityType: Hashable, Sendable, CustomStringConvertible {
    /// The full name, for example `"Gatehouse::User"`.
    public let name: String
    /// Whether `name` is ASCII, so that comparisons can use `String`'s fast equality.
    @usableFromInline let isASCII: Bool

    /// Creates a type from its full name without checking its syntax.
    ///
    /// Use ``init(validating:)`` for names that come from outside the program.
    public init(_ name: String) {
        self.name = name
        isASCII = CedarStrings.isASCII(name)
    }

    /// Creates a type from its full name, checking that it is a normalized Cedar name.
    ///
    /// - Throws: ``ParseError`` when the name is not `Ident(::Ident)*` with no spaces, uses a
    ///   reserved word as a segment, or contains the reserved `__cedar` namespace.
    public init(validating name: String) throws(ParseError) {
        if let problem = Self.problem(in: name) {
            throw ParseError(.invalidName, "invalid entity type name \"\(name)\": \(problem)")
        }
        self.name = name
        isASCII = CedarStrings.isASCII(name)
    }

    public var description: String { name }

    /// Names compare byte-wise, as Cedar compares strings (see `cedarStringsEqual`).
    @inlinable
    public static func == (lhs: EntityType, rhs: EntityType) -> Bool {
        CedarStrings.equal(lhs.name, ascii: lhs.isASCII, rhs.name, ascii: rhs.isASCII)
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    /// The last path segment (`User` for `NS::User`).
    public var basename: Substring {
        // Identifiers contain no colon, so the last colon ends the namespace.
        if let colon = name.lastIndex(of: ":") {
            return name[name.index(after: colon)...]
        }
        return name[...]
    }

    /// Whether this is an action type (`Action` or `NS::Action`), the only types allowed in an
    /// action scope.
    public var isActionType: Bool { basename == "Action" }

    /// Explains why `name` is not a normalized Cedar name, or returns nil when it is one.
    static func problem(in name: String) -> String? {
        let segments = name.split(separator: "::", omittingEmptySubsequences: false)
        for segment in segments {
            if segment.isEmpty { return "empty path segment" }
            if !Lexer.isIdentifier(segment) { return "\"\(segment)\" is not an identifier" }
            if Lexer.reservedWords.contains(String(segment)) {
                return "\"\(segment)\" is a reserved word"
            }
            if segment == "__cedar" { return "the `__cedar` namespace is reserved" }
        }
        return nil
    }
}
