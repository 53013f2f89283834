// One compiled subschema and the edges to its children (`Sub`).

/// One compiled subschema. A class so that reaching it from the node table is one retain.
final class SchemaNode: Sendable {
    /// Keywords in evaluation order: cheap assertions, then applicators, then `unevaluated*`.
    let keywords: [Keyword]
    /// The boolean schema `false` (or a schema that can never pass).
    let isFalse: Bool
    /// The schema resource this node belongs to (index into ``Program/resources``).
    let resource: Int32
    /// Whether this node has `unevaluatedProperties`/`unevaluatedItems` and so must collect
    /// which members or items its in-place applicators evaluated.
    let tracksEvaluated: Bool
    /// `base URI#pointer` of this subschema, for absolute keyword locations (`#pointer` alone
    /// when the root has no base URI).
    let location: String

    init(keywords: [Keyword] = [], isFalse: Bool = false, resource: Int32 = 0, tracksEvaluated: Bool = false, location: String = "") {
        self.keywords = keywords
        self.isFalse = isFalse
        self.resource = resource
        self.tracksEvaluated = tracksEvaluated
        self.location = location
    }
}

/// A reference to a child subschema plus the keyword-location segment that leads to it
/// (index into ``Program/paths``, e.g. `/properties/limit`). Plain integers: copying one
/// costs no reference counting, and error paths cost nothing on the valid path.
struct Sub: Sendable {
    let node: Int32
    let path: Int32
}
