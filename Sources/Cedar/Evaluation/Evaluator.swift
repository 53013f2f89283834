// Cedar's expression semantics (cedar-lean Spec/Evaluator.lean): operands left to right, the
// first error wins, `&&`/`||`/`if` short-circuit and demand booleans, arithmetic is checked, and
// there are no implicit conversions. The request's own entities are looked up once per request.

/// Evaluates expressions for one request against one entity store.
struct Evaluator {
    let request: Request
    let entities: Entities
    private let principalRecord: Entities.Record?
    private let resourceRecord: Entities.Record?

    init(request: Request, entities: Entities) {
        self.request = request
        self.entities = entities
        principalRecord = entities.records[request.principal]
        resourceRecord = entities.records[request.resource]
    }

    /// The store record for `uid`, reusing the lookups done for the request's variables.
    @inline(__always)
    func record(_ uid: EntityUID) -> Entities.Record? {
        if uid.storage === request.principal.storage { return principalRecord }
        if uid.storage === request.resource.storage { return resourceRecord }
        return entities.records[uid]
    }

    /// Evaluates `expr` to a boolean.
    func evaluateBool(_ expr: Expr) throws(EvaluationError) -> Bool {
        let v = try evaluate(expr)
        guard case .bool(let b) = v else { throw .type(expected: "bool", got: v) }
        return b
    }

    func evaluate(_ expr: Expr) throws(EvaluationError) -> CedarValue {
        switch expr {
        case .value(let v): return v
        case .variable(let v):
            switch v {
            case .principal: return .entity(request.principal)
            case .action: return .entity(request.action)
            case .resource: return .entity(request.resource)
            case .context: return .record(request.context)
            }
        case .slot(let s):
            throw EvaluationError("template slot \(s.rawValue) is not linked")
        case .not(let e): return .bool(!(try evaluateBool(e)))
        case .negate(let e):
            let v = try evaluate(e)
            guard case .long(let n) = v else { throw .type(expected: "long", got: v) }
            guard n != .min else { throw .overflow("negate", n) }
            return .long(-n)
        case .and(let a, let b):
            guard try evaluateBool(a) else { return .bool(false) }
            return .bool(try evaluateBool(b))
        case .or(let a, let b):
            if try evaluateBool(a) { return .bool(true) }
            return .bool(try evaluateBool(b))
        case .ifThenElse(let c, let t, let f):
            return try evaluateBool(c) ? evaluate(t) : evaluate(f)
        case .binary(let op, let a, let b):
            let left = try evaluate(a)
            let right = try evaluate(b)
            return try apply(op, left, right)
        case .getAttribute(let e, let name):
            return try attribute(of: try evaluate(e), name)
        case .hasAttribute(let e, let name):
            let v = try evaluate(e)
            switch v {
            case .record(let fields): return .bool(fields[name] != nil)
            case .entity(let uid): return .bool(record(uid)?.entity.attributes[name] != nil)
            default: throw .type(expected: "one of [record, entity]", got: v)
            }
        case .like(let e, let pattern):
            let v = try evaluate(e)
            guard case .string(let s) = v else { throw .type(expected: "string", got: v) }
            return .bool(pattern.matches(s))
        case .isType(let e, let type):
            let v = try evaluate(e)
            guard case .entity(let uid) = v else { throw .type(expected: "entity", got: v) }
            return .bool(uid.type == type)
        case .isEmpty(let e):
            let v = try evaluate(e)
            guard case .set(let s) = v else { throw .type(expected: "set", got: v) }
            return .bool(s.isEmpty)
        case .set(let elements):
            var result = Set<CedarValue>(minimumCapacity: elements.count)
            for element in elements { result.insert(try evaluate(element)) }
            return .set(result)
        case .record(let fields):
            var result = [String: CedarValue](minimumCapacity: fields.count)
            for (key, value) in fields { result[key] = try evaluate(value) }
            return .record(result)
        case .call(let f, let args):
            var values: [CedarValue] = []
            values.reserveCapacity(args.count)
            for arg in args { values.append(try evaluate(arg)) }
            return try f.apply(values)
        }
    }

    func attribute(of v: CedarValue, _ name: String) throws(EvaluationError) -> CedarValue {
        switch v {
        case .record(let fields):
            guard let value = fields[name] else {
                throw EvaluationError("record does not have the attribute `\(name)`")
            }
            return value
        case .entity(let uid):
            guard let rec = record(uid) else { throw EvaluationError("entity `\(uid)` does not exist") }
            guard let value = rec.entity.attributes[name] else {
                throw EvaluationError("`\(uid)` does not have the attribute `\(name)`")
            }
            return value
        default:
            throw .type(expected: "one of [record, entity]", got: v)
        }
    }

    /// Whether `uid` is `target` or one of its descendants.
    @inline(__always)
    func isIn(_ uid: EntityUID, _ target: EntityUID) -> Bool {
        uid == target || (record(uid)?.ancestors.contains(target) ?? false)
    }

    func apply(_ op: BinaryOp, _ a: CedarValue, _ b: CedarValue) throws(EvaluationError) -> CedarValue {
        switch op {
        case .equal: return .bool(a == b)
        case .notEqual: return .bool(a != b)
        case .less, .lessEqual, .greater, .greaterEqual:
            let (l, r): (Int64, Int64)
            switch (a, b) {
            case (.long(let x), .long(let y)): (l, r) = (x, y)
            case (.datetime(let x), .datetime(let y)): (l, r) = (x.millisecondsSinceEpoch, y.millisecondsSinceEpoch)
            case (.duration(let x), .duration(let y)): (l, r) = (x.milliseconds, y.milliseconds)
            case (.long, _), (.datetime, _), (.duration, _):
                throw .type(expected: a.typeName, got: b)
            default:
                throw .type(expected: "one of [long, datetime, duration]", got: a)
            }
            switch op {
            case .less: return .bool(l < r)
            case .lessEqual: return .bool(l <= r)
            case .greater: return .bool(l > r)
            default: return .bool(l >= r)
            }
        case .add, .subtract, .multiply:
            guard case .long(let x) = a else { throw .type(expected: "long", got: a) }
            guard case .long(let y) = b else { throw .type(expected: "long", got: b) }
            switch op {
            case .add:
                let (r, o) = x.addingReportingOverflow(y)
                if o { throw .overflow("add", x, y) }
                return .long(r)
            case .subtract:
                let (r, o) = x.subtractingReportingOverflow(y)
                if o { throw .overflow("subtract", x, y) }
                return .long(r)
            default:
                let (r, o) = x.multipliedReportingOverflow(by: y)
                if o { throw .overflow("multiply", x, y) }
                return .long(r)
            }
        case .in:
            guard case .entity(let uid) = a else { throw .type(expected: "entity", got: a) }
            switch b {
            case .entity(let target): return .bool(isIn(uid, target))
            case .set(let targets):
                // Every element must be an entity, even after a match is found.
                var found = false
                for t in targets {
                    guard case .entity(let target) = t else { throw .type(expected: "entity", got: t) }
                    if !found && isIn(uid, target) { found = true }
                }
                return .bool(found)
            default: throw .type(expected: "one of [set, entity]", got: b)
            }
        case .contains:
            guard case .set(let s) = a else { throw .type(expected: "set", got: a) }
            return .bool(s.contains(b))
        case .containsAll, .containsAny:
            guard case .set(let s) = a else { throw .type(expected: "set", got: a) }
            guard case .set(let t) = b else { throw .type(expected: "set", got: b) }
            return .bool(op == .containsAll ? t.isSubset(of: s) : !s.isDisjoint(with: t))
        case .hasTag, .getTag:
            guard case .entity(let uid) = a else { throw .type(expected: "entity", got: a) }
            guard case .string(let tag) = b else { throw .type(expected: "string", got: b) }
            let rec = record(uid)
            if op == .hasTag { return .bool(rec?.entity.tags[tag] != nil) }
            guard let rec else { throw EvaluationError("entity `\(uid)` does not exist") }
            guard let value = rec.entity.tags[tag] else {
                throw EvaluationError("`\(uid)` does not have the tag `\(tag)`")
            }
            return value
        }
    }
}
