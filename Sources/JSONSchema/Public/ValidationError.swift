// One reason an instance is invalid, with both locations and a sentence a user can act on.

/// One validation failure.
public struct ValidationError: Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure; cases can be added without breaking callers.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        /// A schema keyword rejected the value (see ``ValidationError/keyword``).
        public static let keyword = Code("keyword")
        /// Validation stopped at a limit in ``JSONSchema/Limits``; the instance counts as invalid.
        public static let limitExceeded = Code("limit_exceeded")
        /// A stable snake_case name, safe as a metric label.
        public var description: String { name }
    }

    /// Whether a keyword failed or a limit was reached.
    public let code: Code
    /// JSON Pointer (RFC 6901) to the failing value in the instance; `""` is the root.
    public let instanceLocation: String
    /// JSON Pointer to the failing keyword along the evaluation path, through any `$ref`s
    /// (e.g. `/properties/limit/maximum`).
    public let keywordLocation: String
    /// The failing keyword's absolute location (`base URI#pointer`), when the schema or the
    /// referenced resource has a base URI.
    public let absoluteKeywordLocation: String?
    /// The failing keyword (`maximum`, `required`, …); for limits, the limit's name.
    public let keyword: String
    /// One sentence, without the location: `500 is greater than the maximum 100`.
    public let message: String

    /// - Parameters: see the properties.
    public init(
        code: Code = .keyword, instanceLocation: String, keywordLocation: String, absoluteKeywordLocation: String?,
        keyword: String, message: String
    ) {
        self.code = code
        self.instanceLocation = instanceLocation
        self.keywordLocation = keywordLocation
        self.absoluteKeywordLocation = absoluteKeywordLocation
        self.keyword = keyword
        self.message = message
    }

    /// The location and the message on one line: `/limit: 500 is greater than the maximum 100`
    /// (the root reads `(root): …`).
    public var description: String {
        "\(instanceLocation.isEmpty ? "(root)" : instanceLocation): \(message)"
    }
}
