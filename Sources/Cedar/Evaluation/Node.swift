// Policies are compiled once into trees of node objects that evaluate themselves. Compared with
// walking the syntax tree, this avoids re-matching enum payloads (and their reference counting)
// on every request, folds constants such as `ip("10.0.0.0/8")` or `[Action::"a", Action::"b"]`
// at load time, and lets hot shapes (`principal.attr`, `x in Group::"g"`) take a direct path.

/// A compiled expression. Subclasses implement `evaluate`; boolean operators also implement
/// `evaluateBool` so conditions never box their intermediate results.
class Node: @unchecked Sendable {
    func evaluate(_ c: EvaluationContext) throws(EvaluationError) -> CedarValue {
        fatalError("Node.evaluate must be overridden")
    }

    func evaluateBool(_ c: EvaluationContext) throws(EvaluationError) -> Bool {
        let v = try evaluate(c)
        guard case .bool(let b) = v else { throw .type(expected: "bool", got: v) }
        return b
    }

    /// The value when this node is a constant.
    var constant: CedarValue? { nil }

    /// Compiles an expression, folding what can be computed without a request.
    static func compile(_ e: Expr) -> Node {
        switch e {
        case .value(let v): return ConstantNode(v)
        case .variable(let v): return VariableNode(v)
        case .slot(let s): return FailNode("template slot \(s.rawValue) is not linked")
        case .not(let x): return NotNode(compile(x))
        case .negate(let x): return fold(NegateNode(compile(x)))
        case .and(let a, let b): return AndNode(compile(a), compile(b))
        case .or(let a, let b): return OrNode(compile(a), compile(b))
        case .ifThenElse(let c, let t, let f): return IfNode(compile(c), compile(t), compile(f))
        case .binary(let op, let a, let b): return binary(op, compile(a), compile(b))
        case .getAttribute(.variable(let v), let name): return VariableAttributeNode(v, name)
        case .getAttribute(let x, let name): return AttributeNode(compile(x), name)
        case .hasAttribute(.variable(let v), let name): return VariableHasAttributeNode(v, name)
        case .hasAttribute(let x, let name): return HasAttributeNode(compile(x), name)
        case .like(let x, let pattern): return fold(LikeNode(compile(x), pattern))
        case .isType(let x, let type): return IsTypeNode(compile(x), type)
        case .isEmpty(let x): return fold(IsEmptyNode(compile(x)))
        case .set(let items): return fold(SetNode(items.map(compile)))
        case .record(let fields): return fold(RecordNode(fields.map { ($0.0, compile($0.1)) }))
        case .call(let f, let args):
            let nodes = args.map(compile)
            guard nodes.count == f.arity else {
                return FailNode(f.arityError(nodes.count).message, evaluating: nodes)
            }
            return nodes.count == 1 ? fold(Call1Node(f, nodes[0])) : fold(Call2Node(f, nodes[0], nodes[1]))
        }
    }

    private static func binary(_ op: BinaryOp, _ a: Node, _ b: Node) -> Node {
        switch op {
        case .equal: return fold(EqualNode(a, b, negated: false))
        case .notEqual: return fold(EqualNode(a, b, negated: true))
        case .in:
            if case .entity(let target)? = b.constant { return InEntityNode(a, target) }
            return InNode(a, b)
        case .less, .lessEqual, .greater, .greaterEqual: return fold(CompareNode(op, a, b))
        default:
            // Operators that read the entity store (`getTag`, `hasTag`) are not folded.
            let node = BinaryNode(op, a, b)
            return op == .getTag || op == .hasTag ? node : fold(node)
        }
    }

    /// Replaces a node whose operands are all constants by its value, when evaluating it
    /// succeeds; a node that would fail keeps failing at run time, as it must.
    private static func fold(_ node: Node) -> Node {
        guard node.operands.allSatisfy({ $0.constant != nil }) else { return node }
        guard let value = try? node.evaluate(foldingContext) else { return node }
        return ConstantNode(value)
    }

    /// A request and store for evaluating constant expressions (which read neither).
    private static let foldingContext: EvaluationContext = {
        let nobody = EntityUID(type: "__folding", id: "")
        return EvaluationContext(request: Request(principal: nobody, action: nobody, resource: nobody), entities: Entities())
    }()

    /// The direct operands, for constant folding.
    var operands: [Node] { [] }
}

/// A node that always fails (an unlinked slot, or an extension call with the wrong arity),
/// after evaluating its operands as the reference does.
final class FailNode: Node, @unchecked Sendable {
    let message: String
    let arguments: [Node]

    init(_ message: String, evaluating arguments: [Node] = []) {
        self.message = message
        self.arguments = arguments
    }

    override func evaluate(_ c: EvaluationContext) throws(EvaluationError) -> CedarValue {
        for a in arguments { _ = try a.evaluate(c) }
        throw EvaluationError(message)
    }
}

final class ConstantNode: Node, @unchecked Sendable {
    let value: CedarValue
    init(_ value: CedarValue) { self.value = value }
    override var constant: CedarValue? { value }
    override func evaluate(_ c: EvaluationContext) throws(EvaluationError) -> CedarValue { value }
}

final class VariableNode: Node, @unchecked Sendable {
    let variable: Variable
    init(_ variable: Variable) { self.variable = variable }

    override func evaluate(_ c: EvaluationContext) throws(EvaluationError) -> CedarValue {
        switch variable {
        case .principal: .entity(c.request.principal)
        case .action: .entity(c.request.action)
        case .resource: .entity(c.request.resource)
        case .context: .record(c.request.context)
        }
    }
}
