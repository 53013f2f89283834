// Questions the validator asks the schema about declared entities and the `in` hierarchy.

extension Schema {
    /// Whether `uid` names a declared entity: a declared action, or an entity of a declared
    /// type (for enumerated types, one of the listed ids).
    func isValidEntity(_ uid: EntityUID) -> Bool {
        if actions[uid] != nil { return true }
        guard let info = entityTypes[uid.type] else { return false }
        return info.enumIDs?.contains(uid.id) ?? true
    }

    /// Whether `type` is declared, as an entity type or as the type of some action.
    func isKnownType(_ type: EntityType) -> Bool {
        entityTypes[type] != nil || actionTypes.contains(type)
    }

    /// Whether action `a` is `group` or a member of it, transitively.
    func isAction(_ a: EntityUID, in group: EntityUID) -> Bool {
        a == group || (actions[a]?.ancestors.contains(group) ?? false)
    }

    /// Whether an entity of type `child` may be `in` an entity of type `parent`.
    func isDescendantType(_ child: EntityType, of parent: EntityType) -> Bool {
        if child == parent { return true }
        if let info = entityTypes[child] { return info.ancestors.contains(parent) }
        // An action type: some action of that type has an ancestor of the parent type.
        return actions.values.contains { $0.uid.type == child && $0.ancestors.contains { $0.type == parent } }
    }

    /// The entity types whose entities may be `in` an entity of type `type` (including itself).
    func typesIn(_ type: EntityType) -> Set<EntityType> {
        var result: Set<EntityType> = [type]
        for (name, info) in entityTypes where info.ancestors.contains(type) { result.insert(name) }
        return result
    }

    /// The actions `action in uids` holds for (the listed actions and their members).
    func actionsIn(_ uids: [EntityUID]) -> [EntityUID]? {
        var result: [EntityUID] = []
        for uid in uids {
            guard actions[uid] != nil else { return nil }
            result.append(uid)
            result.append(contentsOf: actionOrder.filter { actions[$0]!.ancestors.contains(uid) })
        }
        return result
    }
}
