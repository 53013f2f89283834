// The JSON Schema dialects the validator understands, as an extensible struct of static members.

/// A JSON Schema dialect (specification draft).
///
/// A schema picks its dialect with `$schema`; schemas without one use
/// ``JSONSchema/Options/defaultDialect``. Only 2020-12 and draft-07 are supported.
public struct Dialect: Sendable, Hashable, CustomStringConvertible {
    enum Kind: Sendable, Hashable { case draft2020_12, draft7 }
    let kind: Kind

    /// JSON Schema 2020-12 (MCP's default dialect).
    public static let draft2020_12 = Dialect(kind: .draft2020_12)
    /// JSON Schema draft-07.
    public static let draft7 = Dialect(kind: .draft7)

    /// The canonical metaschema URI of the dialect (the value of `$schema`).
    public var metaschemaURI: String {
        switch kind {
        case .draft2020_12: "https://json-schema.org/draft/2020-12/schema"
        case .draft7: "http://json-schema.org/draft-07/schema#"
        }
    }

    /// A short name: `draft2020-12` or `draft7`.
    public var description: String {
        switch kind {
        case .draft2020_12: "draft2020-12"
        case .draft7: "draft7"
        }
    }

    /// The dialect whose metaschema has this URI (with or without an empty fragment), if built in.
    public init?(metaschemaURI uri: String) {
        switch URIs.withoutFragment(uri) {
        case "https://json-schema.org/draft/2020-12/schema": self = .draft2020_12
        case "http://json-schema.org/draft-07/schema", "https://json-schema.org/draft-07/schema": self = .draft7
        default: return nil
        }
    }

    private init(kind: Kind) { self.kind = kind }
}
