// What the expression parser returns before it knows the context. The reference grammar is loose
// (`x has <Add>`, `x is <Add>`, `{<Expr>: ...}`) and decides afterwards whether a name, variable
// or string literal is acceptable where it stands; an `Operand` keeps that raw shape until then.

/// The primary of a member expression, not yet converted.
enum PrimaryNode {
    case bool(Bool)
    /// Digits of a non-negative integer literal (range-checked on conversion, because `-` folds in).
    case number(UInt64)
    /// Raw string contents, escapes undecoded.
    case string(String)
    case entity(EntityUID)
    /// A validated, non-variable name such as `ip` or `NS::Thing`.
    case name([String])
    case variable(Variable)
    case slot(SlotID?, String)
    /// A parenthesised expression; kept raw because a scope accepts `(User::"a")`.
    case paren(Operand)
    case list([Operand])
    case record([(String, Expr)])
}

/// One `.field`, `(args)` or `["key"]` after a primary.
enum Accessor {
    case field(String, SourcePosition)
    case call([Expr], SourcePosition)
    case index(String, SourcePosition)
}

/// A member expression: a primary and its accessors, nothing else.
struct RawMember {
    let primary: PrimaryNode
    let accessors: [Accessor]
    let location: SourcePosition
}

/// An expression that may still be a bare member (`raw`), or a finished expression.
indirect enum Operand {
    case raw(RawMember)
    case expr(Expr, SourcePosition)

    var location: SourcePosition {
        switch self {
        case .raw(let m): m.location
        case .expr(_, let l): l
        }
    }

    /// A string literal, a name or a variable with no accessors, as the reference's "special"
    /// expression kinds; nil for anything else.
    var bare: PrimaryNode? {
        if case .raw(let m) = self, m.accessors.isEmpty { return m.primary }
        return nil
    }
}
