// One entity as the caller supplies it: uid, attributes, direct parents and tags. The store
// (`Entities`) derives the transitive ancestors from the parents.

/// An entity: a uid with attributes, parents (for `in`) and tags (for `hasTag`/`getTag`).
public struct Entity: Sendable, Equatable {
    /// The entity's uid.
    public let uid: EntityUID
    /// The attributes, read with `.name` or `["name"]`.
    public let attributes: CedarRecord
    /// The direct parents; `in` also follows their parents, transitively.
    public let parents: Set<EntityUID>
    /// The tags, read with `getTag` and tested with `hasTag`. Tags are not attributes.
    public let tags: CedarRecord

    /// Creates an entity.
    public init(
        uid: EntityUID, attributes: CedarRecord = [:], parents: Set<EntityUID> = [], tags: CedarRecord = [:]
    ) {
        self.uid = uid
        self.attributes = attributes
        self.parents = parents
        self.tags = tags
    }
}
