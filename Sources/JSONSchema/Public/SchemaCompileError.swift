// Why a schema could not be compiled: a code callers can switch on, the path of the problem
// inside the schema, and one sentence saying what is wrong.

/// A schema that cannot be compiled.
public struct SchemaCompileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem; cases can be added without breaking callers.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        /// The schema does not validate against its metaschema.
        public static let invalidSchema = Code("invalid_schema")
        /// A `$ref` or `$dynamicRef` names nothing in the schema or the registry.
        public static let unresolvableReference = Code("unresolvable_reference")
        /// A reference or identifier is malformed.
        public static let invalidReference = Code("invalid_reference")
        /// `$schema` names a dialect or metaschema that is not known.
        public static let unknownDialect = Code("unknown_dialect")
        /// A metaschema requires a vocabulary this validator does not implement.
        public static let unsupportedVocabulary = Code("unsupported_vocabulary")
        /// A `pattern` or `patternProperties` key is not a valid ECMA-262 regular expression.
        public static let invalidPattern = Code("invalid_pattern")
        /// The schema is larger than ``JSONSchema/Limits/maxSubschemas`` allows.
        public static let tooLarge = Code("too_large")
        /// A stable snake_case name, safe as a metric label.
        public var description: String { name }
    }

    /// The kind of problem.
    public let code: Code
    /// Where: a JSON Pointer into the schema document (`""` is the root), or a URI with a
    /// fragment when the problem is in a referenced document.
    public let schemaPath: String
    /// One sentence saying what is wrong.
    public let message: String

    /// - Parameters: see the properties.
    public init(code: Code, schemaPath: String, message: String) {
        self.code = code
        self.schemaPath = schemaPath
        self.message = message
    }

    /// `schema /properties/limit: message`, or `schema: message` at the root.
    public var description: String {
        schemaPath.isEmpty ? "schema: \(message)" : "schema \(schemaPath): \(message)"
    }
}
