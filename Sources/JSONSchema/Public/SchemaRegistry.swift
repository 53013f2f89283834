// The only place references are resolved from: documents the caller registers by URI, plus the
// built-in metaschemas of both dialects. Nothing is ever fetched from the network (MCP forbids
// auto-dereferencing, and a gateway must not be made to reach arbitrary hosts).

/// Schema documents that `$ref` may point to, by URI.
///
/// ```swift
/// var registry = SchemaRegistry()          // the 2020-12 and draft-07 metaschemas
/// try registry.add(JSONParser.parse(commonDefs), uri: "https://example.com/common.json")
/// let schema = try JSONSchema.compile(toolSchema, registry: registry)
/// ```
/// A registry is a value; compiling copies what it needs, so later changes do not affect
/// already compiled schemas.
public struct SchemaRegistry: Sendable {
    private(set) var documents: [String: JSONValue]

    /// A registry holding the built-in metaschemas (2020-12 with its vocabulary metaschemas, and
    /// draft-07), and `documents` keyed by URI.
    public init(documents: [String: JSONValue] = [:]) {
        self.documents = Metaschemas.all
        for (uri, doc) in documents { self.documents[Self.key(uri)] = doc }
    }

    /// Registers `document` under `uri` (a fragment, if any, is ignored). Replaces an earlier
    /// document with the same URI, including a built-in one.
    public mutating func add(_ document: JSONValue, uri: String) {
        documents[Self.key(uri)] = document
    }

    /// Registers every `$id`-bearing document in `documents` under its own `$id`.
    /// - Throws: ``SchemaCompileError`` with code ``SchemaCompileError/Code/invalidReference``
    ///   when a document has no string `$id`.
    public mutating func add(identifiedDocuments documents: [JSONValue]) throws(SchemaCompileError) {
        for doc in documents {
            guard let id = doc["$id"]?.stringValue ?? doc["id"]?.stringValue else {
                throw SchemaCompileError(code: .invalidReference, schemaPath: "", message: "a registered document has no \"$id\"")
            }
            add(doc, uri: id)
        }
    }

    /// The document registered under `uri` (fragment ignored), if any.
    public func document(for uri: String) -> JSONValue? { documents[Self.key(uri)] }

    /// The URIs of all registered documents, built-ins included.
    public var uris: [String] { Array(documents.keys).sorted() }

    static func key(_ uri: String) -> String { URIs.withoutFragment(uri) }
}
