// Turns the three raw scope elements of a policy head into scope constraints, with the
// reference's rules: variables in order, `is` only on principal and resource and never with
// `==`, slots only where they match the variable, lists only for `action in`, and action scopes
// only over entities of an `Action` type.

extension PolicyParser {
    func scope(_ defs: [VariableDef], closeParen: SourcePosition) throws(ParseError)
        -> (ScopeConstraint, ActionConstraint, ScopeConstraint)
    {
        let names = ["principal", "action", "resource"]
        if defs.count < 3 {
            throw error(
                .invalidScope, "this policy is missing the `\(names[defs.count])` variable in the scope",
                at: closeParen)
        }
        if defs.count > 3 {
            throw error(
                .invalidScope, "this policy has an extra element in the scope: `\(defs[3].variable.text)`",
                at: defs[3].variable.location)
        }
        for (def, expected) in zip(defs, names) {
            let name = def.variable.text
            guard ["principal", "action", "resource"].contains(name) else {
                throw error(
                    .invalidScope, "expected `\(expected)` in the scope, found `\(name)`", at: def.variable.location)
            }
            guard name == expected else {
                throw error(
                    .invalidScope, "found the variable `\(name)` where the variable `\(expected)` must be used",
                    at: def.variable.location)
            }
            if let at = def.typeAnnotation {
                throw error(.invalidScope, "type constraints using `:` are not supported; use `is`", at: at)
            }
        }
        let principal = try principalOrResource(defs[0], slot: .principal)
        let action = try actionConstraint(defs[1])
        let resource = try principalOrResource(defs[2], slot: .resource)
        return (principal, action, resource)
    }

    private func principalOrResource(_ def: VariableDef, slot: SlotID) throws(ParseError) -> ScopeConstraint {
        let type = try def.isType.map { (op) throws(ParseError) in try entityType(op, target: def.variable.text) }
        guard let op = def.op, let rhs = def.rhs else {
            return type.map { .isType($0) } ?? .any
        }
        switch op.text {
        case "==":
            if type != nil {
                throw error(.invalidScope, "`is` cannot be used together with `==`", at: op.location)
            }
            return .equal(try scopeReference(rhs, slot: slot))
        case "in":
            if case .expr(let e, _) = rhs, e.isTypeTest {
                throw error(
                    .invalidScope, "when `is` and `in` are used together, `is` must come first", at: op.location)
            }
            let ref = try scopeReference(rhs, slot: slot)
            return type.map { .isTypeMemberOf($0, ref) } ?? .memberOf(ref)
        case "=":
            throw error(.invalidScope, "'=' is not a valid operator in Cedar; use '=='", at: op.location)
        default:
            throw error(
                .invalidScope, "`\(op.text)` is not a valid operator in a scope; expected `==` or `in`",
                at: op.location)
        }
    }

    private func actionConstraint(_ def: VariableDef) throws(ParseError) -> ActionConstraint {
        if def.isType != nil {
            throw error(.invalidScope, "`is` cannot appear in the action scope", at: def.variable.location)
        }
        guard let op = def.op, let rhs = def.rhs else { return .any }
        let constraint: ActionConstraint
        switch op.text {
        case "==":
            constraint = .equal(try scopeEntity(rhs, what: "a single entity uid"))
        case "in":
            if case .expr(let e, _) = rhs, e.isTypeTest {
                throw error(.invalidScope, "`is` cannot appear in the action scope", at: op.location)
            }
            if case .list(let items) = unwrapParens(rhs) {
                var uids: [EntityUID] = []
                for item in items { uids.append(try scopeEntity(item, what: "an entity uid")) }
                constraint = .memberOf(uids)
            } else {
                constraint = .memberOf([try scopeEntity(rhs, what: "an entity uid or set of entity uids")])
            }
        case "=":
            throw error(.invalidScope, "'=' is not a valid operator in Cedar; use '=='", at: op.location)
        default:
            throw error(
                .invalidScope, "`\(op.text)` is not a valid operator in the action scope; expected `==` or `in`",
                at: op.location)
        }
        let uids: [EntityUID] =
            switch constraint {
            case .any: []
            case .equal(let uid): [uid]
            case .memberOf(let list): list
            }
        if let bad = uids.first(where: { !$0.type.isActionType }) {
            throw error(
                .invalidScope, "expected an entity uid with type `Action` but got `\(bad)`", at: rhs.location)
        }
        return constraint
    }

    /// The primary under any number of parentheses, when the operand is a bare primary.
    private func unwrapParens(_ operand: Operand) -> PrimaryNode? {
        guard var primary = operand.bare else { return nil }
        while case .paren(let inner) = primary {
            guard let p = inner.bare else { return nil }
            primary = p
        }
        return primary
    }

    private func scopeReference(_ operand: Operand, slot: SlotID) throws(ParseError) -> EntityReference {
        let expected = "an entity uid or matching template slot"
        switch unwrapParens(operand) {
        case .entity(let uid): return .entity(uid)
        case .slot(let s, let text):
            guard s == slot else {
                throw error(.invalidScope, "expected \(expected), found \(text) instead of \(slot.rawValue)",
                    at: operand.location)
            }
            return .slot(slot)
        case .list:
            throw error(
                .invalidScope, "expected single entity uid or template slot, found set of entity uids",
                at: operand.location)
        default:
            throw error(.invalidScope, "expected \(expected), found \(describe(operand))", at: operand.location)
        }
    }

    private func scopeEntity(_ operand: Operand, what: String) throws(ParseError) -> EntityUID {
        switch unwrapParens(operand) {
        case .entity(let uid): return uid
        case .slot:
            throw error(.invalidScope, "expected \(what), found template slot", at: operand.location)
        case .list:
            throw error(.invalidScope, "expected \(what), found set of entity uids", at: operand.location)
        default:
            throw error(.invalidScope, "expected \(what), found \(describe(operand))", at: operand.location)
        }
    }

    private func describe(_ operand: Operand) -> String {
        switch operand {
        case .expr: return "an expression"
        case .raw(let m):
            if !m.accessors.isEmpty { return "a `.` expression" }
            switch m.primary {
            case .bool(let b): return "literal `\(b)`"
            case .number(let n): return "literal `\(n)`"
            case .string(let s): return "literal \"\(s)\" (include the entity type if this is an entity uid)"
            case .name(let path): return "name `\(path.joined(separator: "::"))`"
            case .variable(let v): return "variable `\(v.rawValue)`"
            case .record: return "a record"
            default: return "an expression"
            }
        }
    }
}

extension Expr {
    /// Whether this is an `is` test (`e is T` or `e is T in x`), for scope error messages.
    var isTypeTest: Bool {
        switch self {
        case .isType: true
        case .and(.isType, _): true
        default: false
        }
    }
}
