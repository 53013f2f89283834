// The compiled form of a schema: a flat table of subschema nodes that refer to each other by
// index (so `$ref` cycles need no reference cycles), each with its keywords pre-parsed into
// `Keyword` values in evaluation order. Immutable once built, hence `Sendable`.

/// Everything a validation needs, built once by `Compiler`.
final class Program: Sendable {
    /// Node 0 is the root schema.
    let nodes: [SchemaNode]
    /// Schema resources (documents and `$id` subschemas), for `$dynamicRef` resolution.
    let resources: [ResourceAnchors]
    /// Whether any node uses `$dynamicRef` to a dynamic anchor, so evaluation must keep the
    /// dynamic scope. Most schemas do not and skip that bookkeeping.
    let usesDynamicScope: Bool
    let limits: JSONSchema.Limits
    /// Keyword-location segments of subschema edges (`/properties/limit`), by ``Sub/path``.
    let paths: [String]

    init(nodes: [SchemaNode], resources: [ResourceAnchors], usesDynamicScope: Bool, limits: JSONSchema.Limits, paths: [String]) {
        self.nodes = nodes
        self.paths = paths
        self.resources = resources
        self.usesDynamicScope = usesDynamicScope
        self.limits = limits
    }
}

/// The `$dynamicAnchor`s of one schema resource, compiled.
struct ResourceAnchors: Sendable {
    let uri: String
    var dynamicAnchors: [String: Int32]
}
