// Reads Cedar's JSON policy format (the EST): one object per policy with `effect`, scope
// objects (`{"op": "All" | "==" | "in" | "is", ...}`), `conditions` and `annotations`, and
// expressions as single-key objects (`{"==": {"left", "right"}}`, `{"Var": "principal"}`,
// `{"ip": [args]}`, ...). A policy set adds `templates` and `templateLinks`.

enum ESTDecoder {
    private static func fail(_ path: String, _ message: String) -> ParseError {
        ParseError(.invalidPolicy, "\(path): \(message)")
    }

    /// Decodes `{"staticPolicies": {...}, "templates": {...}, "templateLinks": [...]}`.
    static func policySet(_ json: JSONValue) throws(ParseError) -> (policies: [Policy], links: [JSONObject]) {
        guard case .object(let root) = json else { throw fail("policy set", "expected an object") }
        var policies: [Policy] = []
        for key in ["staticPolicies", "templates"] {
            guard let section = root[key] else { continue }
            guard case .object(let entries) = section else { throw fail(key, "expected an object of policies") }
            for (id, body) in entries.entries {
                let policy = try decodePolicy(body, id: PolicyID(id), at: "\(key).\(id)")
                if key == "staticPolicies" && policy.isTemplate {
                    throw fail("\(key).\(id)", "a static policy cannot contain template slots")
                }
                policies.append(policy)
            }
        }
        let links = (root["templateLinks"]?.arrayValue ?? []).compactMap(\.objectValue)
        return (policies, links)
    }

    static func decodePolicy(_ json: JSONValue, id: PolicyID, at path: String) throws(ParseError) -> Policy {
        guard case .object(let o) = json else { throw fail(path, "expected a policy object") }
        guard let effect = o["effect"]?.stringValue.flatMap(Effect.init(rawValue:)) else {
            throw fail(path, "`effect` must be \"permit\" or \"forbid\"")
        }
        let principal = try scope(o["principal"], slot: .principal, at: "\(path).principal")
        let action = try actionScope(o["action"], at: "\(path).action")
        let resource = try scope(o["resource"], slot: .resource, at: "\(path).resource")
        var conditions: [Condition] = []
        for (i, c) in (o["conditions"]?.arrayValue ?? []).enumerated() {
            let cpath = "\(path).conditions[\(i)]"
            guard case .object(let co) = c, let kind = co["kind"]?.stringValue.flatMap(Condition.Kind.init(rawValue:)),
                let body = co["body"]
            else { throw fail(cpath, "expected {\"kind\": \"when\" | \"unless\", \"body\": ...}") }
            let expr = try expression(body, at: "\(cpath).body")
            if expr.containsSlot { throw fail(cpath, "template slots may appear only in the scope") }
            conditions.append(Condition(kind: kind, body: expr))
        }
        var annotations: [(key: String, value: String)] = []
        if case .object(let a)? = o["annotations"] {
            for (k, v) in a.entries { annotations.append((k, v.stringValue ?? "")) }
        }
        return Policy(
            id: id, effect: effect, principal: principal, action: action, resource: resource, conditions: conditions,
            annotations: annotations, location: nil)
    }

    private static func entity(_ json: JSONValue?, at path: String) throws(ParseError) -> EntityUID {
        guard let json else { throw fail(path, "missing entity") }
        return try EntityUID.decode(json, at: path)
    }

    private static func reference(_ o: JSONObject, slot: SlotID, at path: String) throws(ParseError) -> EntityReference {
        if let s = o["slot"] {
            guard s.stringValue == slot.rawValue else { throw fail(path, "expected the slot \(slot.rawValue)") }
            return .slot(slot)
        }
        return .entity(try entity(o["entity"], at: path))
    }

    private static func scope(_ json: JSONValue?, slot: SlotID, at path: String) throws(ParseError) -> ScopeConstraint {
        guard case .object(let o)? = json, let op = o["op"]?.stringValue else { throw fail(path, "expected a scope object") }
        switch op {
        case "All": return .any
        case "==": return .equal(try reference(o, slot: slot, at: path))
        case "in": return .memberOf(try reference(o, slot: slot, at: path))
        case "is":
            guard let typeName = o["entity_type"]?.stringValue else { throw fail(path, "`is` needs `entity_type`") }
            let type = try CedarValue.entityType(typeName, at: path)
            guard case .object(let inner)? = o["in"] else { return .isType(type) }
            return .isTypeMemberOf(type, try reference(inner, slot: slot, at: "\(path).in"))
        default: throw fail(path, "unknown scope operator `\(op)`")
        }
    }

    private static func actionScope(_ json: JSONValue?, at path: String) throws(ParseError) -> ActionConstraint {
        guard case .object(let o)? = json, let op = o["op"]?.stringValue else { throw fail(path, "expected a scope object") }
        let constraint: ActionConstraint
        switch op {
        case "All": return .any
        case "==": constraint = .equal(try entity(o["entity"], at: path))
        case "in":
            if case .array(let list)? = o["entities"] {
                var uids: [EntityUID] = []
                for (i, e) in list.enumerated() { uids.append(try entity(e, at: "\(path).entities[\(i)]")) }
                constraint = .memberOf(uids)
            } else {
                constraint = .memberOf([try entity(o["entity"], at: path)])
            }
        default: throw fail(path, "unknown action scope operator `\(op)`")
        }
        let uids: [EntityUID] =
            switch constraint {
            case .equal(let uid): [uid]
            case .memberOf(let list): list
            case .any: []
            }
        if let bad = uids.first(where: { !$0.type.isActionType }) {
            throw fail(path, "expected an entity uid with type `Action` but got \(bad)")
        }
        return constraint
    }

    private static let binaryOps: [String: BinaryOp] = [
        "==": .equal, "!=": .notEqual, "<": .less, "<=": .lessEqual, ">": .greater, ">=": .greaterEqual,
        "+": .add, "-": .subtract, "*": .multiply, "in": .in, "contains": .contains, "containsAll": .containsAll,
        "containsAny": .containsAny, "getTag": .getTag, "hasTag": .hasTag,
    ]

    static func expression(_ json: JSONValue, at path: String) throws(ParseError) -> Expr {
        guard case .object(let o) = json, o.count == 1, let (key, body) = o.entries.first else {
            throw fail(path, "expected an expression object with exactly one key")
        }
        func operand(_ name: String) throws(ParseError) -> Expr {
            guard case .object(let b) = body, let v = b[name] else { throw fail(path, "`\(key)` needs `\(name)`") }
            return try expression(v, at: "\(path).\(name)")
        }
        func attr() throws(ParseError) -> String {
            guard case .object(let b) = body, let a = b["attr"]?.stringValue else { throw fail(path, "`\(key)` needs `attr`") }
            return a
        }
        switch key {
        case "Value": return try value(body, at: "\(path).Value")
        case "Var":
            guard let v = body.stringValue.flatMap(Variable.init(rawValue:)) else { throw fail(path, "unknown variable") }
            return .variable(v)
        case "Slot":
            guard let s = body.stringValue.flatMap(SlotID.init(rawValue:)) else { throw fail(path, "unknown slot") }
            return .slot(s)
        case "!": return .not(try operand("arg"))
        case "neg": return .negate(try operand("arg"))
        case "isEmpty": return .isEmpty(try operand("arg"))
        case "&&": return .and(try operand("left"), try operand("right"))
        case "||": return .or(try operand("left"), try operand("right"))
        case ".": return .getAttribute(try operand("left"), try attr())
        case "has": return .hasAttribute(try operand("left"), try attr())
        case "like":
            guard case .object(let b) = body, case .array(let parts)? = b["pattern"] else {
                throw fail(path, "`like` needs a `pattern` array")
            }
            var elements: [CedarString.PatternElement] = []
            for part in parts {
                if part.stringValue == "Wildcard" {
                    elements.append(.wildcard)
                } else if case .string(let s)? = part.objectValue?["Literal"] {
                    elements += s.unicodeScalars.map { .character($0) }
                } else {
                    throw fail(path, "a pattern element must be \"Wildcard\" or {\"Literal\": ...}")
                }
            }
            return .like(try operand("left"), Pattern(elements))
        case "is":
            guard case .object(let b) = body, let typeName = b["entity_type"]?.stringValue else {
                throw fail(path, "`is` needs `entity_type`")
            }
            let target = try operand("left")
            let type = try CedarValue.entityType(typeName, at: path)
            guard let container = b["in"] else { return .isType(target, type) }
            return .and(.isType(target, type), .binary(.in, target, try expression(container, at: "\(path).in")))
        case "if-then-else":
            return .ifThenElse(try operand("if"), try operand("then"), try operand("else"))
        case "Set":
            guard case .array(let items) = body else { throw fail(path, "`Set` needs an array") }
            var elements: [Expr] = []
            for (i, item) in items.enumerated() { elements.append(try expression(item, at: "\(path)[\(i)]")) }
            return .set(elements)
        case "Record":
            guard case .object(let fields) = body else { throw fail(path, "`Record` needs an object") }
            var result: [(String, Expr)] = []
            for (k, v) in fields.entries { result.append((k, try expression(v, at: "\(path).\(k)"))) }
            return .record(result)
        default:
            if let op = binaryOps[key] { return .binary(op, try operand("left"), try operand("right")) }
            guard let f = ExtensionFunction(name: key) else { throw fail(path, "unknown operator or function `\(key)`") }
            guard case .array(let args) = body else { throw fail(path, "`\(key)` needs an array of arguments") }
            var exprs: [Expr] = []
            for (i, a) in args.enumerated() { exprs.append(try expression(a, at: "\(path)[\(i)]")) }
            return .call(f, exprs)
        }
    }

    /// A `Value`: a JSON value in the entities format, as a literal expression.
    private static func value(_ json: JSONValue, at path: String) throws(ParseError) -> Expr {
        switch json {
        case .array(let items):
            var elements: [Expr] = []
            for (i, item) in items.enumerated() { elements.append(try value(item, at: "\(path)[\(i)]")) }
            return .set(elements)
        case .object(let o):
            if o.count == 1, case .object(let inner)? = o["__extn"], case .string(let name)? = inner["fn"],
                let f = ExtensionFunction(name: name)
            {
                let args = inner["arg"].map { [$0] } ?? inner["args"]?.arrayValue ?? []
                var exprs: [Expr] = []
                for (i, a) in args.enumerated() { exprs.append(try value(a, at: "\(path).args[\(i)]")) }
                return .call(f, exprs)
            }
            if let escaped = try CedarValue.decodeEscape(o, at: path) { return .value(escaped) }
            var fields: [(String, Expr)] = []
            for (k, v) in o.entries { fields.append((k, try value(v, at: "\(path).\(k)"))) }
            return .record(fields)
        default:
            return .value(try CedarValue.decode(json, at: path))
        }
    }
}
