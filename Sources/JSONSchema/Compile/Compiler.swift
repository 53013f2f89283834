// Turns schema documents into a `Program`. Compilation runs in three parts: documents are
// scanned for their resources (`$id`) and anchors, so every URI a reference may name is known;
// subschemas are then compiled from a work list, starting at the root and following `$ref`s
// (so only what can be reached is compiled, and cycles are just indices); finally, if any
// `$dynamicRef` needs the dynamic scope, every dynamic anchor is compiled too.

final class Compiler {
    struct Document {
        let uri: String
        let root: JSONValue
    }
    struct Resource {
        var uri: String
        let doc: Int
        let pointer: String
        let dialect: DialectInfo
        var anchors: [String: String] = [:]
        var dynamicAnchors: [String: String] = [:]
    }
    struct LocationKey: Hashable {
        let doc: Int
        let pointer: String
    }
    struct LocationInfo {
        let base: String
        let resource: Int
        let dialect: DialectInfo
        /// The schema at this location (kept so compiling never walks the pointer again).
        let value: JSONValue
    }

    let registry: SchemaRegistry
    let options: JSONSchema.Options
    var documents: [Document] = []
    var resources: [Resource] = []
    var resourceByURI: [String: Int] = [:]
    var locations: [LocationKey: LocationInfo] = [:]
    var nodes: [SchemaNode] = []
    var nodeByLocation: [LocationKey: Int32] = [:]
    var pending: [(Int32, LocationKey)] = []
    var usesDynamicScope = false
    var regexCache: [String: ECMARegex] = [:]
    var paths: [String] = []
    var pathIndex: [String: Int32] = [:]

    init(registry: SchemaRegistry, options: JSONSchema.Options) {
        self.registry = registry
        self.options = options
    }

    // MARK: driver

    /// Compiles `root` (retrieved from `uri`, `""` when anonymous) into a program.
    func compile(root: JSONValue, uri: String) throws(SchemaCompileError) -> Program {
        let doc = try loadDocument(root, uri: uri, dialectHint: .builtIn(options.defaultDialect))
        let rootKey = LocationKey(doc: doc, pointer: "")
        _ = try node(for: rootKey)
        try drain()
        if usesDynamicScope {
            // Dynamic anchors may be the target of any `$dynamicRef`; compile them all (which
            // can load more resources, hence the loop).
            var done = 0
            while done < resources.count {
                let r = resources[done]
                for (_, pointer) in r.dynamicAnchors { _ = try node(for: LocationKey(doc: r.doc, pointer: pointer)) }
                try drain()
                done += 1
            }
        }
        let anchors = resources.map { r in
            ResourceAnchors(uri: r.uri, dynamicAnchors: r.dynamicAnchors.compactMapValues {
                nodeByLocation[LocationKey(doc: r.doc, pointer: $0)]
            })
        }
        return Program(nodes: nodes, resources: anchors, usesDynamicScope: usesDynamicScope, limits: options.limits, paths: paths)
    }

    private func drain() throws(SchemaCompileError) {
        while let (index, key) = pending.popLast() {
            nodes[Int(index)] = try compileNode(key)
        }
    }

    /// The node index for a schema location, allocating and queueing it on first use.
    func node(for key: LocationKey) throws(SchemaCompileError) -> Int32 {
        if let n = nodeByLocation[key] { return n }
        guard nodes.count < options.limits.maxSubschemas else {
            throw SchemaCompileError(code: .tooLarge, schemaPath: path(key),
                                     message: "the schema has more than \(options.limits.maxSubschemas) subschemas (limits.maxSubschemas)")
        }
        let n = Int32(nodes.count)
        nodes.append(SchemaNode())
        nodeByLocation[key] = n
        pending.append((n, key))
        return n
    }

    /// The index of a keyword-location segment in the program's path table.
    func pathID(_ segment: String) -> Int32 {
        if let i = pathIndex[segment] { return i }
        paths.append(segment)
        pathIndex[segment] = Int32(paths.count - 1)
        return Int32(paths.count - 1)
    }

    /// How a location is shown in errors: a pointer in the root document, else `uri#pointer`.
    func path(_ key: LocationKey) -> String {
        key.doc == 0 ? key.pointer : documents[key.doc].uri + "#" + key.pointer
    }

    // MARK: documents and resources

    /// The dialect of a root schema: its `$schema`, or the default.
    func rootDialect(_ root: JSONValue) throws(SchemaCompileError) -> DialectInfo {
        guard let s = root["$schema"] else { return .builtIn(options.defaultDialect) }
        let key = LocationKey(doc: 0, pointer: "/$schema")
        guard let text = s.stringValue else {
            throw SchemaCompileError(code: .invalidSchema, schemaPath: key.pointer, message: "\"$schema\" must be a string")
        }
        return try dialectFor(metaschema: text, at: key)
    }

    /// Registers a document and scans it for resources and anchors.
    func loadDocument(_ root: JSONValue, uri: String, dialectHint: DialectInfo) throws(SchemaCompileError) -> Int {
        let doc = documents.count
        documents.append(Document(uri: uri, root: root))
        var dialect = dialectHint
        if let s = root["$schema"] {
            guard let text = s.stringValue else {
                throw SchemaCompileError(code: .invalidSchema, schemaPath: path(LocationKey(doc: doc, pointer: "/$schema")), message: "\"$schema\" must be a string")
            }
            dialect = try dialectFor(metaschema: text, at: LocationKey(doc: doc, pointer: "/$schema"))
        }
        let r = resources.count
        resources.append(Resource(uri: uri, doc: doc, pointer: "", dialect: dialect))
        if resourceByURI[uri] == nil { resourceByURI[uri] = r }
        try scan(root, LocationKey(doc: doc, pointer: ""), base: uri, resource: r, dialect: dialect)
        return doc
    }

    /// The dialect and vocabularies for a `$schema` value: a built-in metaschema, or a
    /// metaschema document in the registry (whose own `$schema` gives the dialect).
    func dialectFor(metaschema uri: String, at key: LocationKey, depth: Int = 0) throws(SchemaCompileError) -> DialectInfo {
        if let d = Dialect(metaschemaURI: uri) { return .builtIn(d) }
        let base = URIs.withoutFragment(uri)
        guard depth < 8, let doc = registry.document(for: base), let parent = doc["$schema"]?.stringValue, base != URIs.withoutFragment(parent) else {
            throw SchemaCompileError(code: .unknownDialect, schemaPath: path(key),
                                     message: "unknown \"$schema\" \(Messages.quoted(uri)); supported: \(Dialect.draft2020_12.metaschemaURI), \(Dialect.draft7.metaschemaURI), or a metaschema in the registry")
        }
        let outer = try dialectFor(metaschema: parent, at: key, depth: depth + 1)
        guard !outer.isDraft7, case .object(let vocab)? = doc["$vocabulary"] else {
            return DialectInfo(dialect: outer.dialect, vocabularies: outer.vocabularies, metaschema: base)
        }
        var vocabularies: Vocabularies = []
        for (name, required) in vocab {
            if let v = Vocabularies.named(name) {
                vocabularies.insert(v)
            } else if required == .bool(true) {
                throw SchemaCompileError(code: .unsupportedVocabulary, schemaPath: path(key),
                                         message: "the metaschema \(Messages.quoted(uri)) requires the unknown vocabulary \(Messages.quoted(name))")
            }
        }
        return DialectInfo(dialect: outer.dialect, vocabularies: vocabularies, metaschema: base)
    }

    /// Records the base URI, resource and dialect of every schema location under `value`, and
    /// the identifiers and anchors it declares.
    func scan(
        _ value: JSONValue, _ key: LocationKey, base: String, resource: Int, dialect: DialectInfo, depth: Int = 0
    ) throws(SchemaCompileError) {
        // Parsed schemas are already bounded by the parser's depth; this bounds built ones.
        guard depth < Self.maxSchemaDepth else {
            throw SchemaCompileError(code: .tooLarge, schemaPath: path(key),
                                     message: "the schema is nested deeper than \(Self.maxSchemaDepth) levels")
        }
        guard case .object(let o) = value else {
            locations[key] = LocationInfo(base: base, resource: resource, dialect: dialect, value: value)
            return
        }
        var base = base
        var resource = resource
        var dialect = dialect
        // Draft-07: `$ref` makes every sibling keyword (even `$id`) inert.
        if dialect.isDraft7, o["$ref"] != nil {
            locations[key] = LocationInfo(base: base, resource: resource, dialect: dialect, value: value)
            return
        }
        if case .string(let id)? = o["$id"] {
            if dialect.isDraft7, id.hasPrefix("#") {
                resources[resource].anchors[String(id.dropFirst())] = key.pointer
            } else {
                let (newBase, fragment) = URIs.split(URIs.resolve(id, against: base))
                if key.pointer.isEmpty, resources[resource].pointer.isEmpty, resources[resource].doc == key.doc {
                    // The document's own `$id`: the root resource is known by both URIs.
                    resources[resource].uri = newBase
                } else {
                    if case .string(let s)? = o["$schema"] { dialect = try dialectFor(metaschema: s, at: key) }
                    resources.append(Resource(uri: newBase, doc: key.doc, pointer: key.pointer, dialect: dialect))
                    resource = resources.count - 1
                }
                if resourceByURI[newBase] == nil { resourceByURI[newBase] = resource }
                base = newBase
                if dialect.isDraft7, !fragment.isEmpty { resources[resource].anchors[fragment] = key.pointer }
            }
        }
        if !dialect.isDraft7 {
            if case .string(let a)? = o["$anchor"] { resources[resource].anchors[a] = key.pointer }
            if case .string(let a)? = o["$dynamicAnchor"] {
                resources[resource].anchors[a] = key.pointer
                resources[resource].dynamicAnchors[a] = key.pointer
            }
        }
        locations[key] = LocationInfo(base: base, resource: resource, dialect: dialect, value: value)
        for (name, kind) in Self.subschemaKeywords(dialect) {
            guard let v = o[name] else { continue }
            let p = key.pointer + "/" + JSONPointer.escape(name)
            switch (kind, v) {
            case (.single, _), (.singleOrArray, .object), (.singleOrArray, .bool):
                try scan(v, LocationKey(doc: key.doc, pointer: p), base: base, resource: resource, dialect: dialect, depth: depth + 1)
            case (.array, .array(let a)), (.singleOrArray, .array(let a)):
                for (i, s) in a.enumerated() {
                    try scan(s, LocationKey(doc: key.doc, pointer: p + "/\(i)"), base: base, resource: resource, dialect: dialect, depth: depth + 1)
                }
            case (.map, .object(let m)):
                for (k, s) in m where s.objectValue != nil || s.boolValue != nil {
                    try scan(s, LocationKey(doc: key.doc, pointer: p + "/" + JSONPointer.escape(k)), base: base, resource: resource, dialect: dialect, depth: depth + 1)
                }
            default:
                break
            }
        }
    }

    enum SubschemaKind { case single, singleOrArray, array, map }

    /// Deepest subschema nesting a document may have (deeper than the parser allows).
    static let maxSchemaDepth = 600

    static func subschemaKeywords(_ d: DialectInfo) -> [(String, SubschemaKind)] {
        d.isDraft7 ? draft7Subschemas : draft2020Subschemas
    }

    static let draft2020Subschemas: [(String, SubschemaKind)] = [
        ("$defs", .map), ("definitions", .map), ("properties", .map), ("patternProperties", .map),
        ("dependentSchemas", .map), ("dependencies", .map), ("additionalProperties", .single),
        ("propertyNames", .single), ("items", .single), ("prefixItems", .array), ("contains", .single),
        ("allOf", .array), ("anyOf", .array), ("oneOf", .array), ("not", .single), ("if", .single),
        ("then", .single), ("else", .single), ("unevaluatedItems", .single), ("unevaluatedProperties", .single),
        ("contentSchema", .single),
    ]

    static let draft7Subschemas: [(String, SubschemaKind)] = [
        ("definitions", .map), ("properties", .map), ("patternProperties", .map), ("dependencies", .map),
        ("additionalProperties", .single), ("additionalItems", .single), ("propertyNames", .single),
        ("items", .singleOrArray), ("contains", .single), ("allOf", .array), ("anyOf", .array), ("oneOf", .array),
        ("not", .single), ("if", .single), ("then", .single), ("else", .single),
    ]

    /// The scanned facts for a location; a location nobody scanned (say, inside an unknown
    /// keyword that a JSON-pointer `$ref` reaches into) inherits from its nearest scanned
    /// ancestor and is scanned now.
    func info(for key: LocationKey) throws(SchemaCompileError) -> LocationInfo {
        if let i = locations[key] { return i }
        var tokens = JSONPointer.tokens(key.pointer) ?? []
        var parent: LocationInfo? = nil
        while !tokens.isEmpty, parent == nil {
            tokens.removeLast()
            let p = tokens.map { "/" + JSONPointer.escape($0) }.joined()
            parent = locations[LocationKey(doc: key.doc, pointer: p)]
        }
        let inherited = parent ?? LocationInfo(base: documents[key.doc].uri, resource: 0, dialect: .builtIn(options.defaultDialect), value: .null)
        guard let value = JSONPointer.resolve(key.pointer, in: documents[key.doc].root) else {
            throw SchemaCompileError(code: .unresolvableReference, schemaPath: path(key), message: "no schema at this location")
        }
        try scan(value, key, base: inherited.base, resource: inherited.resource, dialect: inherited.dialect)
        return locations[key]!
    }

    // MARK: references

    /// Resolves a `$ref` value found at `key` (whose base URI is `base`) to a schema location.
    func resolve(reference ref: String, base: String, at key: LocationKey, keyword: String, dialect: DialectInfo) throws(SchemaCompileError) -> (LocationKey, resource: Int, fragment: String) {
        let full = URIs.resolve(ref, against: base)
        let (uri, rawFragment) = URIs.split(full)
        let fragment = URIs.percentDecode(rawFragment)
        // Built only when needed: most references resolve.
        var unresolvable: SchemaCompileError {
            SchemaCompileError(
                code: .unresolvableReference, schemaPath: path(key) + "/" + keyword,
                message: "cannot resolve \(keyword) \(Messages.quoted(ref))"
                    + (full == ref ? "" : " (\(Messages.quoted(full)))")
                    + "; references resolve only within the schema and the registry")
        }
        var r = resourceByURI[uri]
        if r == nil, let doc = registry.document(for: uri) {
            let d = try loadDocument(doc, uri: uri, dialectHint: dialect)
            r = resourceByURI[uri] ?? resources.firstIndex { $0.doc == d && $0.pointer.isEmpty }
        }
        guard let r else { throw unresolvable }
        let res = resources[r]
        if fragment.isEmpty { return (LocationKey(doc: res.doc, pointer: res.pointer), r, fragment) }
        if fragment.hasPrefix("/") {
            let p = res.pointer + fragment
            if locations[LocationKey(doc: res.doc, pointer: p)] == nil {
                guard JSONPointer.resolve(p, in: documents[res.doc].root) != nil else { throw unresolvable }
            }
            return (LocationKey(doc: res.doc, pointer: p), r, fragment)
        }
        guard let p = res.anchors[fragment] else { throw unresolvable }
        return (LocationKey(doc: res.doc, pointer: p), r, fragment)
    }

    func regex(_ pattern: String, at key: LocationKey) throws(SchemaCompileError) -> ECMARegex {
        if let r = regexCache[pattern] { return r }
        do {
            let r = try ECMARegex(pattern)
            regexCache[pattern] = r
            return r
        } catch {
            throw SchemaCompileError(code: .invalidPattern, schemaPath: path(key),
                                     message: "\(Messages.quoted(pattern)) is not a valid ECMA-262 regular expression: \(error.message)")
        }
    }
}
