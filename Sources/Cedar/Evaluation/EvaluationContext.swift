// What evaluating a policy for one request needs: the request, the entity store, and the store
// records of the request's own entities, looked up once and shared by the scope index and every
// policy's conditions.

/// Per-request state for evaluation. A class, so that passing it down the node tree and into
/// closures is one pointer rather than a copy of every field.
final class EvaluationContext: Sendable {
    let request: Request
    let entities: Entities
    let principal: Entities.Record?
    let action: Entities.Record?
    let resource: Entities.Record?

    init(request: Request, entities: Entities) {
        self.request = request
        self.entities = entities
        principal = entities.records[request.principal]
        action = entities.records[request.action]
        resource = entities.records[request.resource]
    }

    /// The store record for `uid`, reusing the request's lookups when it is one of its entities.
    @inline(__always)
    func record(_ uid: EntityUID) -> Entities.Record? {
        if uid.storage === request.principal.storage { return principal }
        if uid.storage === request.resource.storage { return resource }
        if uid.storage === request.action.storage { return action }
        return entities.records[uid]
    }

    /// Whether `uid` is `target` or one of its descendants (Cedar's `in` on entities).
    @inline(__always)
    func isIn(_ uid: EntityUID, _ target: EntityUID) -> Bool {
        uid == target || (record(uid)?.ancestors.contains(target) ?? false)
    }
}
