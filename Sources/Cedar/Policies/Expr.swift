// The abstract syntax of Cedar expressions, shared by the text parser, the JSON (EST) reader,
// the evaluator and the validator. Sugar is kept where it carries meaning for printing or
// typing (`!=`, `>`, `>=`), and removed where the reference removes it (`has a.b`, `is T in e`).

/// The four request variables.
public enum Variable: String, Hashable, Sendable, CaseIterable {
    case principal, action, resource, context
}

/// A template slot.
public enum SlotID: String, Hashable, Sendable {
    /// `?principal`
    case principal = "?principal"
    /// `?resource`
    case resource = "?resource"
}

/// Binary operators, including the built-in methods that take one argument.
enum BinaryOp: String, Hashable, Sendable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessEqual = "<="
    case greater = ">"
    case greaterEqual = ">="
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case `in` = "in"
    case contains, containsAll, containsAny, getTag, hasTag

    /// Whether the operator is written as a method call (`a.contains(b)`).
    var isMethod: Bool {
        switch self {
        case .contains, .containsAll, .containsAny, .getTag, .hasTag: true
        default: false
        }
    }
}

/// A Cedar expression.
indirect enum Expr: Sendable {
    /// A constant: a literal, or a constant folded at parse time.
    case value(CedarValue)
    case variable(Variable)
    case slot(SlotID)
    case not(Expr)
    case negate(Expr)
    case and(Expr, Expr)
    case or(Expr, Expr)
    case ifThenElse(Expr, Expr, Expr)
    case binary(BinaryOp, Expr, Expr)
    case getAttribute(Expr, String)
    case hasAttribute(Expr, String)
    case like(Expr, Pattern)
    case isType(Expr, EntityType)
    case isEmpty(Expr)
    case set([Expr])
    case record([(String, Expr)])
    case call(ExtensionFunction, [Expr])

    /// Whether a template slot occurs anywhere in the expression.
    var containsSlot: Bool {
        var found = false
        visit { if case .slot = $0 { found = true } }
        return found
    }

    /// Calls `body` on this expression and every subexpression, parents first.
    func visit(_ body: (Expr) -> Void) {
        body(self)
        switch self {
        case .value, .variable, .slot: break
        case .not(let e), .negate(let e), .getAttribute(let e, _), .hasAttribute(let e, _), .like(let e, _),
            .isType(let e, _), .isEmpty(let e):
            e.visit(body)
        case .and(let a, let b), .or(let a, let b), .binary(_, let a, let b):
            a.visit(body)
            b.visit(body)
        case .ifThenElse(let a, let b, let c):
            a.visit(body)
            b.visit(body)
            c.visit(body)
        case .set(let es), .call(_, let es):
            for e in es { e.visit(body) }
        case .record(let fields):
            for (_, e) in fields { e.visit(body) }
        }
    }

    /// The expression with every slot replaced by the linked entity.
    func substituting(_ slots: [SlotID: EntityUID]) -> Expr {
        switch self {
        case .slot(let s): return slots[s].map { .value(.entity($0)) } ?? self
        case .value, .variable: return self
        case .not(let e): return .not(e.substituting(slots))
        case .negate(let e): return .negate(e.substituting(slots))
        case .and(let a, let b): return .and(a.substituting(slots), b.substituting(slots))
        case .or(let a, let b): return .or(a.substituting(slots), b.substituting(slots))
        case .ifThenElse(let a, let b, let c):
            return .ifThenElse(a.substituting(slots), b.substituting(slots), c.substituting(slots))
        case .binary(let op, let a, let b): return .binary(op, a.substituting(slots), b.substituting(slots))
        case .getAttribute(let e, let a): return .getAttribute(e.substituting(slots), a)
        case .hasAttribute(let e, let a): return .hasAttribute(e.substituting(slots), a)
        case .like(let e, let p): return .like(e.substituting(slots), p)
        case .isType(let e, let t): return .isType(e.substituting(slots), t)
        case .isEmpty(let e): return .isEmpty(e.substituting(slots))
        case .set(let es): return .set(es.map { $0.substituting(slots) })
        case .record(let fs): return .record(fs.map { ($0.0, $0.1.substituting(slots)) })
        case .call(let f, let es): return .call(f, es.map { $0.substituting(slots) })
        }
    }
}

extension Expr: Equatable {
    /// Structural equality, used by the validator to match `has` guards with later accesses.
    static func == (lhs: Expr, rhs: Expr) -> Bool {
        switch (lhs, rhs) {
        case (.value(let a), .value(let b)): a == b
        case (.variable(let a), .variable(let b)): a == b
        case (.slot(let a), .slot(let b)): a == b
        case (.not(let a), .not(let b)), (.negate(let a), .negate(let b)), (.isEmpty(let a), .isEmpty(let b)): a == b
        case (.and(let a1, let a2), .and(let b1, let b2)), (.or(let a1, let a2), .or(let b1, let b2)):
            a1 == b1 && a2 == b2
        case (.ifThenElse(let a1, let a2, let a3), .ifThenElse(let b1, let b2, let b3)):
            a1 == b1 && a2 == b2 && a3 == b3
        case (.binary(let o1, let a1, let a2), .binary(let o2, let b1, let b2)): o1 == o2 && a1 == b1 && a2 == b2
        case (.getAttribute(let a, let x), .getAttribute(let b, let y)),
            (.hasAttribute(let a, let x), .hasAttribute(let b, let y)):
            cedarStringsEqual(x, y) && a == b
        case (.like(let a, let p), .like(let b, let q)): p == q && a == b
        case (.isType(let a, let s), .isType(let b, let t)): s == t && a == b
        case (.set(let a), .set(let b)): a == b
        case (.record(let a), .record(let b)):
            a.count == b.count && zip(a, b).allSatisfy { cedarStringsEqual($0.0, $1.0) && $0.1 == $1.1 }
        case (.call(let f, let a), .call(let g, let b)): f == g && a == b
        default: false
        }
    }
}
