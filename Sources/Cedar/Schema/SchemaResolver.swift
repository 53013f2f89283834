// Resolves a raw schema. A bare name `N` inside namespace `NS` means `NS::N` if that is declared,
// else `N` in the empty namespace; at each step a common type wins over an entity type. The
// primitive and extension type names (`Long`, `ipaddr`, ...) are common types in the empty
// namespace unless the schema declares those names there itself; `__cedar::Long` and friends
// always mean the built-in types.

enum SchemaResolver {
    private static let builtinNames: [(String, SchemaType)] = [
        ("Bool", .bool), ("Long", .long), ("String", .string), ("ipaddr", .ipaddr), ("decimal", .decimal),
        ("datetime", .datetime), ("duration", .duration),
    ]

    /// Names a common type may not have (they are type keywords of the JSON format).
    private static let reservedCommonTypeNames: Set<String> = [
        "Bool", "Boolean", "Entity", "Extension", "Long", "Record", "Set", "String",
    ]

    private static func qualify(_ ns: String?, _ name: String) -> String {
        ns.map { "\($0)::\(name)" } ?? name
    }

    private static func fail(_ message: String) -> ParseError {
        ParseError(.invalidSchema, message)
    }

    /// Everything declared, by fully-qualified name.
    private struct Definitions {
        var common: [String: (type: RawSchema.RawType, namespace: String?)] = [:]
        var entities: [String: (decl: RawSchema.EntityDecl, namespace: String?)] = [:]
        var builtins: [String: SchemaType] = [:]
        /// Action types count as declared entity types for resolution.
        var actionTypes: Set<String> = []
    }

    private enum Reference { case common, entity, either }

    static func resolve(_ raw: RawSchema) throws(ParseError) -> Schema {
        var defs = Definitions()
        var actionDecls: [(uid: EntityUID, decl: RawSchema.ActionDecl, namespace: String?)] = []
        var seenActions = Set<EntityUID>()
        for ns in raw.namespaces {
            for (name, type) in ns.commonTypes {
                if reservedCommonTypeNames.contains(name) {
                    throw fail("this uses a reserved schema keyword: `\(name)`")
                }
                let fq = qualify(ns.name, name)
                guard defs.common[fq] == nil else { throw fail("the common type `\(fq)` is declared twice") }
                defs.common[fq] = (type, ns.name)
            }
            for decl in ns.entityTypes {
                let fq = qualify(ns.name, decl.name)
                guard defs.entities[fq] == nil else { throw fail("the entity type `\(fq)` is declared twice") }
                defs.entities[fq] = (decl, ns.name)
            }
            for decl in ns.actions {
                let uid = EntityUID(type: qualify(ns.name, "Action"), id: decl.name)
                guard seenActions.insert(uid).inserted else { throw fail("the action \(uid) is declared twice") }
                actionDecls.append((uid, decl, ns.name))
                defs.actionTypes.insert(uid.type.name)
            }
        }
        for (name, type) in builtinNames {
            defs.builtins["__cedar::\(name)"] = type
            if defs.common[name] == nil && defs.entities[name] == nil { defs.builtins[name] = type }
        }

        var entityTypes: [EntityType: Schema.EntityTypeInfo] = [:]
        var parentTypes: [EntityType: [EntityType]] = [:]
        var resolvedShapes: [EntityType: (RecordType, SchemaType?, Set<String>?)] = [:]
        for (fq, entry) in defs.entities {
            let type = EntityType(fq)
            let decl = entry.decl
            var parents: [EntityType] = []
            for p in decl.memberOf { parents.append(try entityType(p, in: entry.namespace, defs)) }
            parentTypes[type] = parents
            var attributes = RecordType()
            if let shape = decl.shape {
                guard case .record(let r) = try resolveType(shape, in: entry.namespace, defs, expanding: []) else {
                    throw fail("the shape of entity type `\(fq)` must be a record type")
                }
                attributes = r
            }
            let tags = try decl.tags.map { (t) throws(ParseError) in
                try resolveType(t, in: entry.namespace, defs, expanding: [])
            }
            resolvedShapes[type] = (attributes, tags, decl.enumIDs.map(Set.init))
        }
        for (type, (attributes, tags, enumIDs)) in resolvedShapes {
            entityTypes[type] = Schema.EntityTypeInfo(
                name: type, attributes: attributes, tags: tags, enumIDs: enumIDs,
                ancestors: closure(of: type, parents: parentTypes))
        }

        var actions: [EntityUID: Schema.ActionInfo] = [:]
        var actionParents: [EntityUID: [EntityUID]] = [:]
        for (uid, decl, ns) in actionDecls {
            actionParents[uid] = decl.memberOf.map { ref in
                let type = ref.type.map { $0.count == 1 ? qualify(ns, $0[0]) : $0.joined(separator: "::") }
                return EntityUID(type: type ?? qualify(ns, "Action"), id: ref.id)
            }
            for parent in actionParents[uid]! where !seenActions.contains(parent) {
                throw fail("action \(uid) is in \(parent), which is not declared")
            }
        }
        for (uid, decl, ns) in actionDecls {
            var principals: [EntityType] = []
            for p in decl.principalTypes ?? [] { principals.append(try entityType(p, in: ns, defs)) }
            var resources: [EntityType] = []
            for r in decl.resourceTypes ?? [] { resources.append(try entityType(r, in: ns, defs)) }
            var context = RecordType()
            if let c = decl.context {
                guard case .record(let r) = try resolveType(c, in: ns, defs, expanding: []) else {
                    throw fail("the context of action \(uid) must be a record type")
                }
                context = r
            }
            let ancestors = closure(of: uid, parents: actionParents)
            if ancestors.contains(uid) { throw fail("action \(uid) is in a cycle of action groups") }
            actions[uid] = Schema.ActionInfo(
                uid: uid, parents: actionParents[uid] ?? [], ancestors: ancestors, principalTypes: principals,
                resourceTypes: resources, context: context)
        }
        return Schema(entityTypes: entityTypes, actions: actions, actionOrder: actionDecls.map(\.uid))
    }

    /// All ancestors of `start` following `parents` (stops on cycles; the caller checks them).
    private static func closure<T: Hashable>(of start: T, parents: [T: [T]]) -> Set<T> {
        var seen = Set<T>()
        var stack = parents[start] ?? []
        while let next = stack.popLast() {
            if seen.insert(next).inserted { stack.append(contentsOf: parents[next] ?? []) }
        }
        return seen
    }

    private enum Resolved {
        case common(String)
        case entity(String)
        case builtin(SchemaType)
    }

    private static func lookup(_ name: RawSchema.RawName, in ns: String?, _ defs: Definitions, _ kind: Reference)
        throws(ParseError) -> Resolved
    {
        let written = name.joined(separator: "::")
        let candidates = name.count == 1 && ns != nil ? [qualify(ns, name[0]), name[0]] : [written]
        for candidate in candidates {
            if kind != .entity {
                if let b = defs.builtins[candidate] { return .builtin(b) }
                if defs.common[candidate] != nil { return .common(candidate) }
            }
            if kind != .common && (defs.entities[candidate] != nil || defs.actionTypes.contains(candidate)) {
                return .entity(candidate)
            }
        }
        let what = kind == .entity ? "an entity type" : kind == .common ? "a common type" : "a common or entity type"
        throw fail("failed to resolve type `\(written)`: it has not been declared as \(what)")
    }

    private static func entityType(_ name: RawSchema.RawName, in ns: String?, _ defs: Definitions)
        throws(ParseError) -> EntityType
    {
        guard case .entity(let fq) = try lookup(name, in: ns, defs, .entity) else {
            throw fail("`\(name.joined(separator: "::"))` is not an entity type")
        }
        return EntityType(fq)
    }

    private static func resolveType(
        _ raw: RawSchema.RawType, in ns: String?, _ defs: Definitions, expanding: Set<String>
    ) throws(ParseError) -> SchemaType {
        switch raw {
        case .bool: return .bool
        case .long: return .long
        case .string: return .string
        case .set(let element): return .set(try resolveType(element, in: ns, defs, expanding: expanding))
        case .record(let attrs):
            var attributes: [String: RecordType.Attribute] = [:]
            for a in attrs {
                let t = try resolveType(a.type, in: ns, defs, expanding: expanding)
                attributes[a.name] = RecordType.Attribute(type: t, isRequired: a.isRequired)
            }
            return .record(RecordType(attributes))
        case .entity(let name): return .entity(try entityType(name, in: ns, defs))
        case .extension(let name):
            let base = name.hasPrefix("__cedar::") ? String(name.dropFirst(9)) : name
            switch base {
            case "ipaddr": return .ipaddr
            case "decimal": return .decimal
            case "datetime": return .datetime
            case "duration": return .duration
            default: throw fail("`\(name)` is not an extension type")
            }
        case .entityOrCommon(let name), .common(let name):
            let kind: Reference = if case .common = raw { .common } else { .either }
            switch try lookup(name, in: ns, defs, kind) {
            case .builtin(let t): return t
            case .entity(let fq): return .entity(EntityType(fq))
            case .common(let fq):
                guard !expanding.contains(fq) else { throw fail("the common type `\(fq)` refers to itself") }
                let (type, home) = defs.common[fq]!
                return try resolveType(type, in: home, defs, expanding: expanding.union([fq]))
            }
        }
    }
}
