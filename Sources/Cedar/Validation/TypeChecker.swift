// The strict-mode typechecker, ported from cedar-lean Validation/Typechecker.lean. It types an
// expression for one request environment (principal type, action, resource type, context) and
// tracks "capabilities": facts like `principal has age` that make a later `principal.age` safe.
// Short-circuiting on singleton booleans means unreachable code is not checked, as in Cedar.

/// A type error found by the typechecker.
struct TypeError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// Types expressions in one request environment.
struct TypeChecker {
    let schema: Schema
    let principal: EntityType
    let action: EntityUID
    let resource: EntityType
    let context: [String: CedarType.QualifiedType]

    enum Key: Equatable {
        case attribute(String)
        case tag(Expr)

        static func == (a: Key, b: Key) -> Bool {
            switch (a, b) {
            case (.attribute(let x), .attribute(let y)): cedarStringsEqual(x, y)
            case (.tag(let x), .tag(let y)): x == y
            default: false
            }
        }
    }

    /// Facts known to hold: `expr has key`.
    typealias Capabilities = [(Expr, Key)]

    private func contains(_ c: Capabilities, _ x: Expr, _ k: Key) -> Bool {
        c.contains { $0.0 == x && $0.1 == k }
    }

    private func union(_ a: Capabilities, _ b: Capabilities) -> Capabilities {
        a + b.filter { item in !contains(a, item.0, item.1) }
    }

    private func intersection(_ a: Capabilities, _ b: Capabilities) -> Capabilities {
        a.filter { item in contains(b, item.0, item.1) }
    }

    func typeOf(_ x: Expr, _ c: Capabilities) throws(TypeError) -> (CedarType, Capabilities) {
        switch x {
        case .value(let v): return (try typeOfValue(v), [])
        case .variable(let v):
            switch v {
            case .principal: return (.entity(principal), [])
            case .action: return (.entity(action.type), [])
            case .resource: return (.entity(resource), [])
            case .context: return (.record(context), [])
            }
        case .slot(let s): return (.entity(s == .principal ? principal : resource), [])
        case .ifThenElse(let x1, let x2, let x3):
            let (t1, c1) = try typeOf(x1, c)
            switch t1 {
            case .bool(.tt):
                let (t2, c2) = try typeOf(x2, union(c, c1))
                return (t2, union(c1, c2))
            case .bool(.ff):
                return try typeOf(x3, c)
            case .bool(.anyBool):
                let (t2, c2) = try typeOf(x2, union(c, c1))
                let (t3, c3) = try typeOf(x3, c)
                guard let t = CedarType.lub(t2, t3) else {
                    throw TypeError("the branches of `if` have incompatible types \(t2) and \(t3)")
                }
                return (t, intersection(union(c1, c2), c3))
            default: throw TypeError("expected a boolean condition in `if`, found \(t1)")
            }
        case .and(let x1, let x2):
            let (t1, c1) = try typeOf(x1, c)
            guard case .bool(let b1) = t1 else { throw TypeError("expected a boolean operand of `&&`, found \(t1)") }
            if b1 == .ff { return (t1, []) }
            let (t2, c2) = try typeOf(x2, union(c, c1))
            guard case .bool(let b2) = t2 else { throw TypeError("expected a boolean operand of `&&`, found \(t2)") }
            switch b2 {
            case .ff: return (.bool(.ff), [])
            case .tt: return (.bool(b1), union(c1, c2))
            case .anyBool: return (.bool(.anyBool), union(c1, c2))
            }
        case .or(let x1, let x2):
            let (t1, c1) = try typeOf(x1, c)
            guard case .bool(let b1) = t1 else { throw TypeError("expected a boolean operand of `||`, found \(t1)") }
            if b1 == .tt { return (t1, []) }
            let (t2, c2) = try typeOf(x2, c)
            guard case .bool(let b2) = t2 else { throw TypeError("expected a boolean operand of `||`, found \(t2)") }
            if b1 == .ff { return (t2, c2) }
            switch b2 {
            case .tt: return (.bool(.tt), [])
            case .ff: return (.bool(.anyBool), c1)
            case .anyBool: return (.bool(.anyBool), intersection(c1, c2))
            }
        case .not(let e):
            let (t, _) = try typeOf(e, c)
            guard case .bool(let b) = t else { throw TypeError("expected a boolean operand of `!`, found \(t)") }
            return (.bool(b.negated), [])
        case .negate(let e):
            let (t, _) = try typeOf(e, c)
            guard t == .long else { throw TypeError("expected a Long operand of `-`, found \(t)") }
            return (.long, [])
        case .isEmpty(let e):
            let (t, _) = try typeOf(e, c)
            guard case .set = t else { throw TypeError("expected a set receiver of `isEmpty`, found \(t)") }
            return (.bool(.anyBool), [])
        case .like(let e, _):
            let (t, _) = try typeOf(e, c)
            guard t == .string else { throw TypeError("expected a String operand of `like`, found \(t)") }
            return (.bool(.anyBool), [])
        case .isType(let e, let type):
            let (t, _) = try typeOf(e, c)
            guard case .entity(let actual) = t else { throw TypeError("expected an entity operand of `is`, found \(t)") }
            return (.bool(actual == type ? .tt : .ff), [])
        case .binary(let op, let x1, let x2):
            return try typeOfBinary(op, x1, x2, c)
        case .hasAttribute(let e, let name):
            let (t, _) = try typeOf(e, c)
            return try typeOfHas(t, e, name, c)
        case .getAttribute(let e, let name):
            let (t, _) = try typeOf(e, c)
            return (try typeOfGet(t, e, name, c), [])
        case .set(let elements):
            guard let first = elements.first else { throw TypeError("empty set literals are not allowed") }
            var result = try typeOf(first, c).0
            for element in elements.dropFirst() {
                let t = try typeOf(element, c).0
                guard let l = CedarType.lub(result, t) else {
                    throw TypeError("set elements have incompatible types \(result) and \(t)")
                }
                result = l
            }
            return (.set(result), [])
        case .record(let fields):
            var types: [String: CedarType.QualifiedType] = [:]
            for (name, value) in fields {
                types[name] = CedarType.QualifiedType(type: try typeOf(value, c).0, isRequired: true)
            }
            return (.record(types), [])
        case .call(let f, let args):
            var types: [CedarType] = []
            for a in args { types.append(try typeOf(a, c).0) }
            return (try typeOfCall(f, types, args), [])
        }
    }

    private func typeOfValue(_ v: CedarValue) throws(TypeError) -> CedarType {
        switch v {
        case .bool(let b): return .bool(b ? .tt : .ff)
        case .long: return .long
        case .string: return .string
        case .entity(let uid):
            guard schema.isValidEntity(uid) else { throw TypeError("unknown entity \(uid)") }
            return .entity(uid.type)
        default: throw TypeError("unexpected constant \(v)")
        }
    }

    private func typeOfBinary(_ op: BinaryOp, _ x1: Expr, _ x2: Expr, _ c: Capabilities) throws(TypeError)
        -> (CedarType, Capabilities)
    {
        switch op {
        case .notEqual:
            let (t, _) = try typeOfBinary(.equal, x1, x2, c)
            guard case .bool(let b) = t else { return (t, []) }
            return (.bool(b.negated), [])
        case .greater: return try typeOfBinary(.less, x2, x1, c)
        case .greaterEqual: return try typeOfBinary(.lessEqual, x2, x1, c)
        default: break
        }
        let (t1, _) = try typeOf(x1, c)
        let (t2, _) = try typeOf(x2, c)
        func bad() -> TypeError { TypeError("unexpected operand types \(t1) and \(t2) for `\(op.rawValue)`") }
        switch op {
        case .equal:
            if case .value(let p1) = x1, case .value(let p2) = x2 { return (.bool(p1 == p2 ? .tt : .ff), []) }
            if CedarType.lub(t1, t2) != nil { return (.bool(.anyBool), []) }
            if case .entity = t1, case .entity = t2 { return (.bool(.ff), []) }
            throw TypeError("`==` compares incompatible types \(t1) and \(t2)")
        case .in:
            guard case .entity(let e1) = t1 else { throw bad() }
            switch t2 {
            case .entity(let e2): return (.bool(typeOfIn(e1, e2, x1, x2)), [])
            case .set(.entity(let e2)): return (.bool(typeOfInSet(e1, e2, x1, x2)), [])
            default: throw bad()
            }
        case .hasTag:
            guard case .entity(let e) = t1, t2 == .string else { throw bad() }
            guard let info = schema.entityTypes[e] else {
                if schema.actionTypes.contains(e) { return (.bool(.ff), []) }
                throw TypeError("unknown entity type \(e)")
            }
            guard info.tags != nil else { return (.bool(.ff), []) }
            if contains(c, x1, .tag(x2)) { return (.bool(.tt), []) }
            return (.bool(.anyBool), [(x1, .tag(x2))])
        case .getTag:
            guard case .entity(let e) = t1, t2 == .string else { throw bad() }
            guard let info = schema.entityTypes[e] else { throw TypeError("unknown entity type \(e)") }
            guard let tagType = info.tags, contains(c, x1, .tag(x2)) else {
                throw TypeError("tag \(PolicyPrinter.print(x2)) may not exist on \(e); test it with `hasTag` first")
            }
            return (CedarType(tagType), [])
        case .less, .lessEqual:
            switch (t1, t2) {
            case (.long, .long), (.datetime, .datetime), (.duration, .duration): return (.bool(.anyBool), [])
            default: throw bad()
            }
        case .add, .subtract, .multiply:
            guard t1 == .long, t2 == .long else { throw bad() }
            return (.long, [])
        case .contains:
            guard case .set(let element) = t1 else { throw bad() }
            guard CedarType.lub(t2, element) != nil else { throw bad() }
            return (.bool(.anyBool), [])
        case .containsAll, .containsAny:
            guard case .set(let a) = t1, case .set(let b) = t2, CedarType.lub(a, b) != nil else { throw bad() }
            return (.bool(.anyBool), [])
        default: throw bad()
        }
    }

    private func actionLiteral(_ x: Expr) -> EntityUID? {
        if case .value(.entity(let uid)) = x, schema.actions[uid] != nil { return uid }
        return nil
    }

    private func typeOfIn(_ e1: EntityType, _ e2: EntityType, _ x1: Expr, _ x2: Expr) -> BoolType {
        if let a = actionLiteral(x1), case .value(.entity(let target)) = x2 {
            return schema.isAction(a, in: target) ? .tt : .ff
        }
        return schema.isDescendantType(e1, of: e2) ? .anyBool : .ff
    }

    private func typeOfInSet(_ e1: EntityType, _ e2: EntityType, _ x1: Expr, _ x2: Expr) -> BoolType {
        if let a = actionLiteral(x1), case .set(let items) = x2 {
            var targets: [EntityUID] = []
            for item in items {
                guard case .value(.entity(let uid)) = item else { targets = []; break }
                targets.append(uid)
            }
            if targets.count == items.count {
                return targets.contains { schema.isAction(a, in: $0) } ? .tt : .ff
            }
        }
        return schema.isDescendantType(e1, of: e2) ? .anyBool : .ff
    }

    private func attributes(of t: CedarType) throws(TypeError) -> (fields: [String: CedarType.QualifiedType], isRecord: Bool)? {
        switch t {
        case .record(let fields): return (fields, true)
        case .entity(let e):
            if let info = schema.entityTypes[e] { return (CedarType.fields(info.attributes), false) }
            if schema.actionTypes.contains(e) { return nil }
            throw TypeError("unknown entity type \(e)")
        default: throw TypeError("expected a record or entity, found \(t)")
        }
    }

    private func typeOfHas(_ t: CedarType, _ x: Expr, _ name: String, _ c: Capabilities) throws(TypeError)
        -> (CedarType, Capabilities)
    {
        // Actions have no attributes.
        guard let (fields, isRecord) = try attributes(of: t) else { return (.bool(.ff), []) }
        guard let q = fields[name] else { return (.bool(.ff), []) }
        if contains(c, x, .attribute(name)) || (q.isRequired && isRecord) { return (.bool(.tt), []) }
        return (.bool(.anyBool), [(x, .attribute(name))])
    }

    private func typeOfGet(_ t: CedarType, _ x: Expr, _ name: String, _ c: Capabilities) throws(TypeError) -> CedarType {
        if case .entity(let e) = t, schema.entityTypes[e] == nil {
            throw TypeError("unknown entity type \(e)")
        }
        guard let (fields, _) = try attributes(of: t), let q = fields[name] else {
            throw TypeError("attribute `\(name)` not found on \(t)")
        }
        if q.isRequired || contains(c, x, .attribute(name)) { return q.type }
        throw TypeError("attribute `\(name)` of \(t) is optional; test it with `has` first")
    }

    private func typeOfCall(_ f: ExtensionFunction, _ types: [CedarType], _ args: [Expr]) throws(TypeError) -> CedarType {
        func constructor(_ result: CedarType) throws(TypeError) -> CedarType {
            guard args.count == 1, case .value(.string(let s)) = args[0], (try? f.apply([.string(s)])) != nil else {
                throw TypeError("`\(f.rawValue)` must be applied to a valid string literal")
            }
            return result
        }
        switch (f, types) {
        case (.decimal, _): return try constructor(.decimal)
        case (.ip, _): return try constructor(.ipaddr)
        case (.datetime, _): return try constructor(.datetime)
        case (.duration, _): return try constructor(.duration)
        case (.lessThan, [.decimal, .decimal]), (.lessThanOrEqual, [.decimal, .decimal]),
            (.greaterThan, [.decimal, .decimal]), (.greaterThanOrEqual, [.decimal, .decimal]),
            (.isIpv4, [.ipaddr]), (.isIpv6, [.ipaddr]), (.isLoopback, [.ipaddr]), (.isMulticast, [.ipaddr]),
            (.isInRange, [.ipaddr, .ipaddr]):
            return .bool(.anyBool)
        case (.offset, [.datetime, .duration]): return .datetime
        case (.durationSince, [.datetime, .datetime]): return .duration
        case (.toDate, [.datetime]): return .datetime
        case (.toTime, [.datetime]): return .duration
        case (.toMilliseconds, [.duration]), (.toSeconds, [.duration]), (.toMinutes, [.duration]),
            (.toHours, [.duration]), (.toDays, [.duration]):
            return .long
        default:
            throw TypeError("`\(f.rawValue)` does not accept arguments of types \(types.map(\.description))")
        }
    }
}
