// The semantics of Cedar's operators on evaluated values (cedar-lean Spec/Evaluator.lean:
// apply₁, apply₂, getAttr, hasAttr). No implicit conversions: any other operand type is an
// error, and integer arithmetic is checked.

enum Operations {
    static func attribute(of v: CedarValue, _ name: AttributeKey, _ c: EvaluationContext) throws(EvaluationError)
        -> CedarValue
    {
        switch v {
        case .record(let fields):
            guard let value = fields.value(name) else {
                throw EvaluationError("record does not have the attribute `\(name.name)`")
            }
            return value
        case .entity(let uid):
            return try entityAttribute(uid, c.record(uid), name)
        default:
            throw .type(expected: "one of [record, entity]", got: v)
        }
    }

    @inline(__always)
    static func entityAttribute(_ uid: EntityUID, _ record: Entities.Record?, _ name: AttributeKey)
        throws(EvaluationError) -> CedarValue
    {
        guard let record else { throw EvaluationError("entity `\(uid)` does not exist") }
        guard let value = record.entity.attributes.value(name) else {
            throw EvaluationError("`\(uid)` does not have the attribute `\(name.name)`")
        }
        return value
    }

    static func hasAttribute(_ v: CedarValue, _ name: AttributeKey, _ c: EvaluationContext) throws(EvaluationError)
        -> Bool
    {
        switch v {
        case .record(let fields): return fields.value(name) != nil
        case .entity(let uid): return c.record(uid)?.entity.attributes.value(name) != nil
        default: throw .type(expected: "one of [record, entity]", got: v)
        }
    }

    static func compare(_ op: BinaryOp, _ a: CedarValue, _ b: CedarValue) throws(EvaluationError) -> Bool {
        let (l, r): (Int64, Int64)
        switch (a, b) {
        case (.long(let x), .long(let y)): (l, r) = (x, y)
        case (.datetime(let x), .datetime(let y)): (l, r) = (x.millisecondsSinceEpoch, y.millisecondsSinceEpoch)
        case (.duration(let x), .duration(let y)): (l, r) = (x.milliseconds, y.milliseconds)
        case (.long, _), (.datetime, _), (.duration, _): throw .type(expected: a.typeName, got: b)
        default: throw .type(expected: "one of [long, datetime, duration]", got: a)
        }
        switch op {
        case .less: return l < r
        case .lessEqual: return l <= r
        case .greater: return l > r
        default: return l >= r
        }
    }

    static func arithmetic(_ op: BinaryOp, _ a: CedarValue, _ b: CedarValue) throws(EvaluationError) -> CedarValue {
        guard case .long(let x) = a else { throw .type(expected: "long", got: a) }
        guard case .long(let y) = b else { throw .type(expected: "long", got: b) }
        let (r, o): (Int64, Bool)
        let name: String
        switch op {
        case .add: ((r, o), name) = (x.addingReportingOverflow(y), "add")
        case .subtract: ((r, o), name) = (x.subtractingReportingOverflow(y), "subtract")
        default: ((r, o), name) = (x.multipliedReportingOverflow(by: y), "multiply")
        }
        if o { throw .overflow(name, x, y) }
        return .long(r)
    }

    static func isIn(_ a: CedarValue, _ b: CedarValue, _ c: EvaluationContext) throws(EvaluationError) -> Bool {
        guard case .entity(let uid) = a else { throw .type(expected: "entity", got: a) }
        switch b {
        case .entity(let target): return c.isIn(uid, target)
        case .set(let targets):
            // Every element must be an entity, even after a match is found.
            var found = false
            for t in targets {
                guard case .entity(let target) = t else { throw .type(expected: "entity", got: t) }
                if !found && c.isIn(uid, target) { found = true }
            }
            return found
        default: throw .type(expected: "one of [set, entity]", got: b)
        }
    }

    static func apply(_ op: BinaryOp, _ a: CedarValue, _ b: CedarValue, _ c: EvaluationContext) throws(EvaluationError)
        -> CedarValue
    {
        switch op {
        case .equal: return .bool(a == b)
        case .notEqual: return .bool(a != b)
        case .less, .lessEqual, .greater, .greaterEqual: return .bool(try compare(op, a, b))
        case .add, .subtract, .multiply: return try arithmetic(op, a, b)
        case .in: return .bool(try isIn(a, b, c))
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
            let record = c.record(uid)
            if op == .hasTag { return .bool(record?.entity.tags[tag] != nil) }
            guard let record else { throw EvaluationError("entity `\(uid)` does not exist") }
            guard let value = record.entity.tags[tag] else {
                throw EvaluationError("`\(uid)` does not have the tag `\(tag)`")
            }
            return value
        }
    }
}
