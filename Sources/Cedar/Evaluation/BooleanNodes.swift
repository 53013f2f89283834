// Nodes for the boolean connectives and conditionals. They short-circuit and insist on booleans
// exactly as Cedar does: `false && 1` is false, `true && 1` is an error.

final class NotNode: Node, @unchecked Sendable {
    let operand: Node
    init(_ operand: Node) { self.operand = operand }
    override var operands: [Node] { [operand] }

    override func evaluate(_ c: EvaluationContext) throws(EvaluationError) -> CedarValue {
        .bool(try evaluateBool(c))
    }

    override func evaluateBool(_ c: EvaluationContext) throws(EvaluationError) -> Bool {
        !(try operand.evaluateBool(c))
    }
}

final class AndNode: Node, @unchecked Sendable {
    let left: Node
    let right: Node
    init(_ left: Node, _ right: Node) {
        self.left = left
        self.right = right
    }

    override func evaluate(_ c: EvaluationContext) throws(EvaluationError) -> CedarValue {
        .bool(try evaluateBool(c))
    }

    override func evaluateBool(_ c: EvaluationContext) throws(EvaluationError) -> Bool {
        guard try left.evaluateBool(c) else { return false }
        return try right.evaluateBool(c)
    }
}

final class OrNode: Node, @unchecked Sendable {
    let left: Node
    let right: Node
    init(_ left: Node, _ right: Node) {
        self.left = left
        self.right = right
    }

    override func evaluate(_ c: EvaluationContext) throws(EvaluationError) -> CedarValue {
        .bool(try evaluateBool(c))
    }

    override func evaluateBool(_ c: EvaluationContext) throws(EvaluationError) -> Bool {
        if try left.evaluateBool(c) { return true }
        return try right.evaluateBool(c)
    }
}

final class IfNode: Node, @unchecked Sendable {
    let condition: Node
    let then: Node
    let otherwise: Node
    init(_ condition: Node, _ then: Node, _ otherwise: Node) {
        self.condition = condition
        self.then = then
        self.otherwise = otherwise
    }

    override func evaluate(_ c: EvaluationContext) throws(EvaluationError) -> CedarValue {
        try condition.evaluateBool(c) ? then.evaluate(c) : otherwise.evaluate(c)
    }

    override func evaluateBool(_ c: EvaluationContext) throws(EvaluationError) -> Bool {
        try condition.evaluateBool(c) ? then.evaluateBool(c) : otherwise.evaluateBool(c)
    }
}

/// `a == b` (or `a != b`): never an error itself.
final class EqualNode: Node, @unchecked Sendable {
    let left: Node
    let right: Node
    let negated: Bool
    init(_ left: Node, _ right: Node, negated: Bool) {
        self.left = left
        self.right = right
        self.negated = negated
    }
    override var operands: [Node] { [left, right] }

    override func evaluate(_ c: EvaluationContext) throws(EvaluationError) -> CedarValue {
        .bool(try evaluateBool(c))
    }

    override func evaluateBool(_ c: EvaluationContext) throws(EvaluationError) -> Bool {
        let a = try left.evaluate(c)
        let b = try right.evaluate(c)
        return (a == b) != negated
    }
}

final class CompareNode: Node, @unchecked Sendable {
    let op: BinaryOp
    let left: Node
    let right: Node
    init(_ op: BinaryOp, _ left: Node, _ right: Node) {
        self.op = op
        self.left = left
        self.right = right
    }
    override var operands: [Node] { [left, right] }

    override func evaluate(_ c: EvaluationContext) throws(EvaluationError) -> CedarValue {
        .bool(try evaluateBool(c))
    }

    override func evaluateBool(_ c: EvaluationContext) throws(EvaluationError) -> Bool {
        let a = try left.evaluate(c)
        let b = try right.evaluate(c)
        if case .long(let x) = a, case .long(let y) = b {
            switch op {
            case .less: return x < y
            case .lessEqual: return x <= y
            case .greater: return x > y
            default: return x >= y
            }
        }
        return try Operations.compare(op, a, b)
    }
}

/// `x in E` with a constant entity `E`.
final class InEntityNode: Node, @unchecked Sendable {
    let operand: Node
    let target: EntityUID
    init(_ operand: Node, _ target: EntityUID) {
        self.operand = operand
        self.target = target
    }

    override func evaluate(_ c: EvaluationContext) throws(EvaluationError) -> CedarValue {
        .bool(try evaluateBool(c))
    }

    override func evaluateBool(_ c: EvaluationContext) throws(EvaluationError) -> Bool {
        let v = try operand.evaluate(c)
        guard case .entity(let uid) = v else { throw .type(expected: "entity", got: v) }
        return c.isIn(uid, target)
    }
}

final class InNode: Node, @unchecked Sendable {
    let left: Node
    let right: Node
    init(_ left: Node, _ right: Node) {
        self.left = left
        self.right = right
    }

    override func evaluate(_ c: EvaluationContext) throws(EvaluationError) -> CedarValue {
        .bool(try evaluateBool(c))
    }

    override func evaluateBool(_ c: EvaluationContext) throws(EvaluationError) -> Bool {
        let a = try left.evaluate(c)
        let b = try right.evaluate(c)
        return try Operations.isIn(a, b, c)
    }
}
