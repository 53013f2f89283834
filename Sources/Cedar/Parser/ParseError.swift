// The one error type for everything Cedar reads from text: policies, templates, schemas, and the
// JSON formats (entities, context, policies). It says where (line and column, 1-based, counted in
// Unicode scalars), what was expected and what was found.

/// A problem found while reading Cedar policy text, schema text, or Cedar JSON.
///
/// `description` reads `3:14: expected ")", found ";"`. Match on ``code`` to tell kinds apart;
/// the message is for people.
public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem this is. New codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case unexpectedToken, invalidToken, invalidEscape, invalidLiteral, invalidScope,
                invalidExpression, invalidName, duplicateAnnotation, duplicateKey, invalidJSON,
                invalidEntity, invalidValue, invalidSchema, invalidPolicy, duplicatePolicyID
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A token appeared where the grammar does not allow it.
        public static let unexpectedToken = Code(.unexpectedToken)
        /// Characters that form no token (an unterminated string, a stray `$`).
        public static let invalidToken = Code(.invalidToken)
        /// A bad escape sequence in a string literal.
        public static let invalidEscape = Code(.invalidEscape)
        /// An integer literal out of the 64-bit range.
        public static let invalidLiteral = Code(.invalidLiteral)
        /// A malformed policy scope (`principal in [..]`, `action is T`, ...).
        public static let invalidScope = Code(.invalidScope)
        /// Well-formed tokens that do not make a valid expression (unknown function, `a < b < c`).
        public static let invalidExpression = Code(.invalidExpression)
        /// A malformed or reserved name.
        public static let invalidName = Code(.invalidName)
        /// The same annotation key twice on one policy.
        public static let duplicateAnnotation = Code(.duplicateAnnotation)
        /// The same key twice in a record or JSON object.
        public static let duplicateKey = Code(.duplicateKey)
        /// Text that is not JSON.
        public static let invalidJSON = Code(.invalidJSON)
        /// JSON that is not a valid entity or entity list.
        public static let invalidEntity = Code(.invalidEntity)
        /// JSON that is not a valid Cedar value.
        public static let invalidValue = Code(.invalidValue)
        /// A schema that cannot be read or is inconsistent.
        public static let invalidSchema = Code(.invalidSchema)
        /// JSON that is not a valid policy, or a policy that breaks a structural rule.
        public static let invalidPolicy = Code(.invalidPolicy)
        /// Two policies or templates with the same id.
        public static let duplicatePolicyID = Code(.duplicatePolicyID)

        public var description: String { base.rawValue }
    }

    /// The kind of problem.
    public let code: Code
    /// One sentence naming the problem, what was expected and what was found.
    public let message: String
    /// The 1-based line of the problem, when it has a position in the input.
    public let line: Int?
    /// The 1-based column (in Unicode scalars) of the problem, when it has a position.
    public let column: Int?

    /// Creates an error.
    public init(_ code: Code, _ message: String, line: Int? = nil, column: Int? = nil) {
        self.code = code
        self.message = message
        self.line = line
        self.column = column
    }

    init(_ code: Code, _ message: String, at location: SourcePosition) {
        self.init(code, message, line: location.line, column: location.column)
    }

    /// `line:column: message`, or just the message when there is no position.
    public var description: String {
        if let line, let column { return "\(line):\(column): \(message)" }
        return message
    }
}

/// A position in source text: 1-based line and column, counted in Unicode scalars.
public struct SourcePosition: Hashable, Sendable, CustomStringConvertible {
    /// The 1-based line.
    public let line: Int
    /// The 1-based column.
    public let column: Int

    /// Creates a location.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}
