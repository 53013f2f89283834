// The entity store used during authorization. Built once and immutable: the transitive closure
// of `parents` is computed up front (a cycle is an error, as in the reference), so `A in B` is a
// single set lookup at request time.

/// An immutable set of entities with their ancestor closure, shared safely across threads.
///
/// Entities that a request mentions need not be present: a missing entity has no attributes,
/// no ancestors and no tags, but reading an attribute of it is an evaluation error.
public struct Entities: Sendable {
    /// What the evaluator needs of one entity, behind a single reference.
    final class Record: Sendable {
        let entity: Entity
        /// Every ancestor, following `parents` transitively (not including the entity itself).
        let ancestors: UIDSet

        init(entity: Entity, ancestors: Set<EntityUID>) {
            self.entity = entity
            self.ancestors = UIDSet(ancestors)
        }
    }

    let records: UIDTable<Record>

    /// An empty store.
    public init() {
        records = UIDTable()
    }

    /// Builds a store from entities.
    ///
    /// The same uid may appear more than once only with identical content.
    ///
    /// - Throws: ``ParseError`` with code `invalidEntity` for a uid listed twice with different
    ///   content, or for a cycle in the parent relation.
    public init(_ entities: [Entity]) throws(ParseError) {
        var byUID: [EntityUID: Entity] = [:]
        byUID.reserveCapacity(entities.count)
        for entity in entities {
            if let existing = byUID[entity.uid] {
                guard existing == entity else {
                    throw ParseError(.invalidEntity, "entity \(entity.uid) is listed twice with different content")
                }
                continue
            }
            byUID[entity.uid] = entity
        }
        records = try Self.closure(byUID)
    }

    /// Computes every entity's ancestors by depth-first search, rejecting cycles.
    private static func closure(_ byUID: [EntityUID: Entity]) throws(ParseError) -> UIDTable<Record> {
        var ancestors: [EntityUID: Set<EntityUID>] = [:]
        var inProgress = Set<EntityUID>()

        func visit(_ uid: EntityUID) throws(ParseError) -> Set<EntityUID> {
            if let done = ancestors[uid] { return done }
            guard let entity = byUID[uid] else { return [] }
            guard inProgress.insert(uid).inserted else {
                throw ParseError(.invalidEntity, "the parents of entity \(uid) form a cycle")
            }
            var result = Set<EntityUID>()
            for parent in entity.parents {
                result.insert(parent)
                result.formUnion(try visit(parent))
            }
            if result.contains(uid) {
                throw ParseError(.invalidEntity, "the parents of entity \(uid) form a cycle")
            }
            inProgress.remove(uid)
            ancestors[uid] = result
            return result
        }

        var records: [(EntityUID, Record)] = []
        records.reserveCapacity(byUID.count)
        for (uid, entity) in byUID {
            records.append((uid, Record(entity: entity, ancestors: try visit(uid))))
        }
        return UIDTable(records)
    }

    /// The entity with this uid, if present.
    public subscript(uid: EntityUID) -> Entity? {
        records[uid]?.entity
    }

    /// The number of entities.
    public var count: Int { records.count }

    /// All entities, in no particular order.
    public var all: [Entity] { records.elements.map { records[$0]!.entity } }

    /// Whether `uid` is `ancestor` or a descendant of it (Cedar's `in`).
    public func isEntity(_ uid: EntityUID, in ancestor: EntityUID) -> Bool {
        uid == ancestor || (records[uid]?.ancestors.contains(ancestor) ?? false)
    }

    /// The transitive ancestors of `uid` (empty when it is absent).
    public func ancestors(of uid: EntityUID) -> Set<EntityUID> {
        Set(records[uid]?.ancestors.elements ?? [])
    }

    /// A store with `more` added (replacing entities with the same uid).
    ///
    /// - Throws: ``ParseError`` for a cycle in the combined parent relation.
    public func adding(_ more: [Entity]) throws(ParseError) -> Entities {
        var byUID: [EntityUID: Entity] = [:]
        for uid in records.elements { byUID[uid] = records[uid]!.entity }
        for entity in more { byUID[entity.uid] = entity }
        return try Entities(uniqued: byUID)
    }

    private init(uniqued byUID: [EntityUID: Entity]) throws(ParseError) {
        records = try Self.closure(byUID)
    }
}
