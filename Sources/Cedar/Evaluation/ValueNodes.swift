// Nodes that compute non-boolean values or read attributes: arithmetic, attribute access (with a
// direct path for `principal.x`, `resource.x`, `context.x`), sets, records, extension calls.

final class NegateNode: Node, @unchecked Sendable {
    let operand: Node
    init(_ operand: Node) { self.operand = operand }
    override var operands: [Node] { [operand] }

    override func evaluate(_ c: EvaluationContext) throws(EvaluationError) -> CedarValue {
        let v = try operand.evaluate(c)
        guard case .long(let n) = v else { throw .type(expected: "long", got: v) }
        guard n != .min else { throw .overflow("negate", n) }
        return .long(-n)
    }
}

/// Any other binary operator, applied after evaluating both operands in order.
final class BinaryNode: Node, @unchecked Sendable {
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
        let a = try left.evaluate(c)
        let b = try right.evaluate(c)
        return try Operations.apply(op, a, b, c)
    }
}

/// `principal.a`, `resource.a`, `action.a` or `context.a`, without building the variable's value.
final class VariableAttributeNode: Node, @unchecked Sendable {
    let variable: Variable
    let name: AttributeKey
    init(_ variable: Variable, _ name: String) {
        self.variable = variable
        self.name = AttributeKey(name)
    }

    override func evaluate(_ c: EvaluationContext) throws(EvaluationError) -> CedarValue {
        switch variable {
        case .principal: return try Operations.entityAttribute(c.request.principal, c.principal, name)
        case .resource: return try Operations.entityAttribute(c.request.resource, c.resource, name)
        case .action: return try Operations.entityAttribute(c.request.action, c.action, name)
        case .context:
            guard let value = c.request.context.value(name) else {
                throw EvaluationError("record does not have the attribute `\(name.name)`")
            }
            return value
        }
    }
}

final class VariableHasAttributeNode: Node, @unchecked Sendable {
    let variable: Variable
    let name: AttributeKey
    init(_ variable: Variable, _ name: String) {
        self.variable = variable
        self.name = AttributeKey(name)
    }

    override func evaluate(_ c: EvaluationContext) throws(EvaluationError) -> CedarValue {
        .bool(try evaluateBool(c))
    }

    override func evaluateBool(_ c: EvaluationContext) throws(EvaluationError) -> Bool {
        switch variable {
        case .principal: c.principal?.entity.attributes.value(name) != nil
        case .resource: c.resource?.entity.attributes.value(name) != nil
        case .action: c.action?.entity.attributes.value(name) != nil
        case .context: c.request.context.value(name) != nil
        }
    }
}

final class AttributeNode: Node, @unchecked Sendable {
    let operand: Node
    let name: AttributeKey
    init(_ operand: Node, _ name: String) {
        self.operand = operand
        self.name = AttributeKey(name)
    }

    override func evaluate(_ c: EvaluationContext) throws(EvaluationError) -> CedarValue {
        try Operations.attribute(of: try operand.evaluate(c), name, c)
    }
}

final class HasAttributeNode: Node, @unchecked Sendable {
    let operand: Node
    let name: AttributeKey
    init(_ operand: Node, _ name: String) {
        self.operand = operand
        self.name = AttributeKey(name)
    }

    override func evaluate(_ c: EvaluationContext) throws(EvaluationError) -> CedarValue {
        .bool(try evaluateBool(c))
    }

    override func evaluateBool(_ c: EvaluationContext) throws(EvaluationError) -> Bool {
        try Operations.hasAttribute(try operand.evaluate(c), name, c)
    }
}

final class LikeNode: Node, @unchecked Sendable {
    let operand: Node
    let pattern: Pattern
    init(_ operand: Node, _ pattern: Pattern) {
        self.operand = operand
        self.pattern = pattern
    }
    override var operands: [Node] { [operand] }

    override func evaluate(_ c: EvaluationContext) throws(EvaluationError) -> CedarValue {
        .bool(try evaluateBool(c))
    }

    override func evaluateBool(_ c: EvaluationContext) throws(EvaluationError) -> Bool {
        let v = try operand.evaluate(c)
        guard case .string(let s) = v else { throw .type(expected: "string", got: v) }
        return pattern.matches(s)
    }
}

final class IsTypeNode: Node, @unchecked Sendable {
    let operand: Node
    let type: EntityType
    init(_ operand: Node, _ type: EntityType) {
        self.operand = operand
        self.type = type
    }

    override func evaluate(_ c: EvaluationContext) throws(EvaluationError) -> CedarValue {
        .bool(try evaluateBool(c))
    }

    override func evaluateBool(_ c: EvaluationContext) throws(EvaluationError) -> Bool {
        let v = try operand.evaluate(c)
        guard case .entity(let uid) = v else { throw .type(expected: "entity", got: v) }
        return uid.type == type
    }
}

final class IsEmptyNode: Node, @unchecked Sendable {
    let operand: Node
    init(_ operand: Node) { self.operand = operand }
    override var operands: [Node] { [operand] }

    override func evaluate(_ c: EvaluationContext) throws(EvaluationError) -> CedarValue {
        let v = try operand.evaluate(c)
        guard case .set(let s) = v else { throw .type(expected: "set", got: v) }
        return .bool(s.isEmpty)
    }
}

final class SetNode: Node, @unchecked Sendable {
    let elements: [Node]
    init(_ elements: [Node]) { self.elements = elements }
    override var operands: [Node] { elements }

    override func evaluate(_ c: EvaluationContext) throws(EvaluationError) -> CedarValue {
        var result = Set<CedarValue>(minimumCapacity: elements.count)
        for e in elements { result.insert(try e.evaluate(c)) }
        return .set(result)
    }
}

final class RecordNode: Node, @unchecked Sendable {
    let keys: [String]
    let nodes: [Node]
    init(_ fields: [(String, Node)]) {
        keys = fields.map(\.0)
        nodes = fields.map(\.1)
    }
    override var operands: [Node] { nodes }

    override func evaluate(_ c: EvaluationContext) throws(EvaluationError) -> CedarValue {
        var values: [CedarValue] = []
        values.reserveCapacity(nodes.count)
        for node in nodes { values.append(try node.evaluate(c)) }
        return .record(CedarRecord(uniqueKeys: keys, values: values))
    }
}

final class Call1Node: Node, @unchecked Sendable {
    let function: ExtensionFunction
    let argument: Node
    init(_ function: ExtensionFunction, _ argument: Node) {
        self.function = function
        self.argument = argument
    }
    override var operands: [Node] { [argument] }

    override func evaluate(_ c: EvaluationContext) throws(EvaluationError) -> CedarValue {
        try function.apply(try argument.evaluate(c))
    }
}

final class Call2Node: Node, @unchecked Sendable {
    let function: ExtensionFunction
    let first: Node
    let second: Node
    init(_ function: ExtensionFunction, _ first: Node, _ second: Node) {
        self.function = function
        self.first = first
        self.second = second
    }
    override var operands: [Node] { [first, second] }

    override func evaluate(_ c: EvaluationContext) throws(EvaluationError) -> CedarValue {
        let a = try first.evaluate(c)
        let b = try second.evaluate(c)
        return try function.apply(a, b)
    }
}
