// Prints policies and expressions back as Cedar text that parses to the same meaning. Parentheses
// are added only where precedence needs them, so printed repros stay readable.

enum PolicyPrinter {
    static func print(_ policy: Policy) -> String {
        var out = ""
        for (key, value) in policy.annotations {
            out += "@\(key)(\(CedarString.quoted(value)))\n"
        }
        out += "\(policy.effect.rawValue) (\n"
        out += "  " + scope(policy.principal, "principal") + ",\n"
        out += "  " + actionScope(policy.action) + ",\n"
        out += "  " + scope(policy.resource, "resource") + "\n)"
        for c in policy.conditions {
            out += "\n\(c.kind.rawValue) { \(print(c.body)) }"
        }
        return out + ";"
    }

    private static func scope(_ s: ScopeConstraint, _ variable: String) -> String {
        switch s {
        case .any: variable
        case .equal(let r): "\(variable) == \(r)"
        case .memberOf(let r): "\(variable) in \(r)"
        case .isType(let t): "\(variable) is \(t)"
        case .isTypeMemberOf(let t, let r): "\(variable) is \(t) in \(r)"
        }
    }

    private static func actionScope(_ a: ActionConstraint) -> String {
        switch a {
        case .any: "action"
        case .equal(let uid): "action == \(uid)"
        case .memberOf(let uids) where uids.count == 1: "action in \(uids[0])"
        case .memberOf(let uids): "action in [" + uids.map(\.description).joined(separator: ", ") + "]"
        }
    }

    /// Precedence levels, loosest first.
    private enum Level: Int, Comparable {
        case expr, or, and, relation, add, mult, unary, member
        static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    static func print(_ e: Expr) -> String { print(e, at: .expr) }

    private static func print(_ e: Expr, at context: Level) -> String {
        let (text, level) = render(e)
        return level < context ? "(\(text))" : text
    }

    private static func render(_ e: Expr) -> (String, Level) {
        switch e {
        case .value(let v):
            if case .long(let n) = v, n < 0 { return (String(n), .unary) }
            if case .datetime = v { return (v.description, .member) }
            return (v.description, .member)
        case .variable(let v): return (v.rawValue, .member)
        case .slot(let s): return (s.rawValue, .member)
        case .not(let x): return ("!" + print(x, at: .member), .unary)
        case .negate(let x): return ("-" + print(x, at: .member), .unary)
        case .and(let a, let b): return (print(a, at: .and) + " && " + print(b, at: .relation), .and)
        case .or(let a, let b): return (print(a, at: .or) + " || " + print(b, at: .and), .or)
        case .ifThenElse(let c, let t, let f):
            return ("if \(print(c)) then \(print(t)) else \(print(f))", .expr)
        case .binary(let op, let a, let b):
            switch op {
            case .add, .subtract:
                return (print(a, at: .add) + " \(op.rawValue) " + print(b, at: .mult), .add)
            case .multiply:
                return (print(a, at: .mult) + " * " + print(b, at: .unary), .mult)
            case .contains, .containsAll, .containsAny, .getTag, .hasTag:
                return (print(a, at: .member) + ".\(op.rawValue)(\(print(b)))", .member)
            default:
                return (print(a, at: .add) + " \(op.rawValue) " + print(b, at: .add), .relation)
            }
        case .getAttribute(let x, let a):
            let access = isPlainAttribute(a) ? ".\(a)" : "[\(CedarString.quoted(a))]"
            return (print(x, at: .member) + access, .member)
        case .hasAttribute(let x, let a):
            return (print(x, at: .add) + " has " + CedarString.quoted(a), .relation)
        case .like(let x, let p):
            return (print(x, at: .add) + " like " + patternLiteral(p), .relation)
        case .isType(let x, let t): return (print(x, at: .add) + " is \(t)", .relation)
        case .isEmpty(let x): return (print(x, at: .member) + ".isEmpty()", .member)
        case .set(let es): return ("[" + es.map { print($0) }.joined(separator: ", ") + "]", .member)
        case .record(let fs):
            return ("{" + fs.map { "\(CedarString.quoted($0.0)): \(print($0.1))" }.joined(separator: ", ") + "}", .member)
        case .call(let f, let args):
            if f.isConstructor {
                return ("\(f.rawValue)(" + args.map { print($0) }.joined(separator: ", ") + ")", .member)
            }
            guard let receiver = args.first else { return ("\(f.rawValue)()", .member) }
            let rest = args.dropFirst().map { print($0) }.joined(separator: ", ")
            return (print(receiver, at: .member) + ".\(f.rawValue)(\(rest))", .member)
        }
    }

    private static func isPlainAttribute(_ a: String) -> Bool {
        Lexer.isIdentifier(a) && !Lexer.reservedWords.contains(a)
    }

    private static func patternLiteral(_ p: Pattern) -> String {
        var out = "\""
        for element in p.elements {
            switch element {
            case .wildcard: out += "*"
            case .character("*"): out += "\\*"
            case .character(let c): out += String(CedarString.quoted(String(Character(c))).dropFirst().dropLast())
            }
        }
        return out + "\""
    }
}
