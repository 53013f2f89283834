// Type-directed expression generation, policy scopes, schemas and whole cases.

extension Generator {
    mutating func uidText(_ kind: String) -> String {
        // Now and then an entity the store does not have (or, for actions, one the schema lacks).
        if rng.chance(0.05) { return kind == "Action" ? "Action::\"nope\"" : "Missing::\"m\"" }
        let (t, id) = uid(kind)
        return "\(t)::\(GenExpr.quote(id))"
    }

    mutating func entityExpr(_ depth: Int) -> GenExpr {
        switch rng.int(0...6) {
        case 0: return .atom("principal")
        case 1: return .atom("resource")
        case 2: return .atom("action")
        case 3: return .atom(uidText(rng.pick(["User", "Group", "Doc", "Folder", "Action"])))
        case 4: return .attribute(baseExpr(depth), "owner", bracket: rng.chance(0.3))
        case 5: return .attribute(.atom("context"), "owner", bracket: false)
        default: return depth > 0 ? .ifThenElse(bool(depth - 1), entityExpr(depth - 1), entityExpr(depth - 1)) : .atom("principal")
        }
    }

    /// Something attributes are read from: a variable, an entity, a record.
    mutating func baseExpr(_ depth: Int) -> GenExpr {
        switch rng.int(0...5) {
        case 0, 1: return .atom("principal")
        case 2: return .atom("resource")
        case 3: return .atom("context")
        case 4: return .atom(uidText(rng.pick(["User", "Doc", "Group"])))
        default: return depth > 0 ? record(depth - 1) : .atom("context")
        }
    }

    mutating func attributeRead(_ type: String, _ depth: Int) -> GenExpr {
        let candidates = Self.attributes.filter { $0.1 == type }.map(\.0)
        let name = candidates.isEmpty || rng.chance(0.1) ? rng.pick(Self.attributes).0 : rng.pick(candidates)
        let bracket = name.contains(" ") || rng.chance(0.25)
        return .attribute(baseExpr(depth), name, bracket: bracket)
    }

    mutating func long(_ depth: Int) -> GenExpr {
        if depth <= 0 || rng.chance(0.3) {
            return rng.chance(0.6) ? .atom(String(rng.pick(Self.longs))) : attributeRead("long", max(depth, 0))
        }
        switch rng.int(0...6) {
        case 0: return .binary(rng.pick(["+", "-", "*"]), long(depth - 1), long(depth - 1))
        case 1: return .unary("-", long(depth - 1))
        case 2: return .method(ext("duration", depth - 1), rng.pick(["toMilliseconds", "toSeconds", "toMinutes", "toHours", "toDays"]), [])
        case 3: return .ifThenElse(bool(depth - 1), long(depth - 1), long(depth - 1))
        case 4: return .attribute(record(depth - 1), "a", bracket: false)
        case 5: return .method(entityExpr(depth - 1), "getTag", [.atom("\"t2\"")])
        default: return attributeRead("long", depth - 1)
        }
    }

    mutating func string(_ depth: Int) -> GenExpr {
        switch rng.int(0...4) {
        case 0, 1: return .atom(GenExpr.quote(rng.pick(Self.strings)))
        case 2: return attributeRead("string", max(depth - 1, 0))
        case 3: return .method(entityExpr(max(depth - 1, 0)), "getTag", [.atom(GenExpr.quote(rng.pick(["t1", "t2", "t3"])))])
        default: return depth > 0 ? .ifThenElse(bool(depth - 1), string(depth - 1), string(depth - 1)) : .atom("\"a\"")
        }
    }

    mutating func set(_ depth: Int) -> GenExpr {
        switch rng.int(0...4) {
        case 0: return .set((0..<rng.int(0...3)).map { _ in any(depth - 1) })
        case 1: return .set((0..<rng.int(1...3)).map { _ in long(depth - 1) })
        case 2: return .set((0..<rng.int(1...3)).map { _ in entityExpr(depth - 1) })
        case 3: return attributeRead(rng.pick(["strings", "longs"]), max(depth - 1, 0))
        default: return .set((0..<rng.int(0...2)).map { _ in string(depth - 1) })
        }
    }

    mutating func record(_ depth: Int) -> GenExpr {
        switch rng.int(0...2) {
        case 0: return .atom("context")
        case 1: return attributeRead("record", max(depth - 1, 0))
        default:
            let keys = Array(["a", "b", "sp ace", "", "\u{e9}", "e\u{301}"].filter { _ in rng.chance(0.5) })
            return .record(keys, keys.map { _ in depth > 0 ? any(depth - 1) : long(0) })
        }
    }

    mutating func ext(_ type: String, _ depth: Int) -> GenExpr {
        let good: [String], bad: [String], fn: String
        switch type {
        case "ipaddr": (good, bad, fn) = (Self.ips, Self.badIPs, "ip")
        case "decimal": (good, bad, fn) = (Self.decimals, Self.badDecimals, "decimal")
        case "datetime": (good, bad, fn) = (Self.datetimes, Self.badDatetimes, "datetime")
        default: (good, bad, fn) = (Self.durations, Self.badDurations, "duration")
        }
        if depth > 0 && rng.chance(0.3) {
            switch type {
            case "datetime":
                return rng.chance(0.5)
                    ? .method(ext("datetime", depth - 1), "offset", [ext("duration", depth - 1)])
                    : .method(ext("datetime", depth - 1), "toDate", [])
            case "duration":
                return rng.chance(0.5)
                    ? .method(ext("datetime", depth - 1), "durationSince", [ext("datetime", depth - 1)])
                    : .method(ext("datetime", depth - 1), "toTime", [])
            default: break
            }
        }
        if rng.chance(0.3) { return attributeRead(type, max(depth - 1, 0)) }
        let arg = rng.chance(0.12) ? rng.pick(bad) : rng.pick(good)
        return .call(fn, [rng.chance(0.05) ? long(0) : .atom(GenExpr.quote(arg))])
    }

    mutating func any(_ depth: Int) -> GenExpr {
        switch rng.int(0...8) {
        case 0: return bool(depth)
        case 1, 2: return long(depth)
        case 3: return string(depth)
        case 4: return entityExpr(depth)
        case 5: return depth > 0 ? set(depth) : .atom("[]")
        case 6: return depth > 0 ? record(depth) : .atom("{}")
        default: return ext(rng.pick(["ipaddr", "decimal", "datetime", "duration"]), depth)
        }
    }

    mutating func bool(_ depth: Int) -> GenExpr {
        if depth <= 0 {
            return rng.chance(0.5) ? .atom(rng.pick(["true", "false"])) : attributeRead("bool", 0)
        }
        let d = depth - 1
        // A small share of operands have the wrong type on purpose.
        switch rng.int(0...22) {
        case 0: return .binary(rng.pick(["&&", "||"]), bool(d), rng.chance(0.08) ? long(d) : bool(d))
        case 1: return .unary("!", rng.chance(0.08) ? long(d) : bool(d))
        case 2: return .binary(rng.pick(["<", "<=", ">", ">="]), long(d), rng.chance(0.08) ? string(d) : long(d))
        case 3: return .binary(rng.pick(["==", "!="]), any(d), any(d))
        case 4:
            let type = rng.pick(["long", "string", "entity"])
            let a = type == "long" ? long(d) : type == "string" ? string(d) : entityExpr(d)
            let b = type == "long" ? long(d) : type == "string" ? string(d) : entityExpr(d)
            return .binary("==", a, b)
        case 5:
            if rng.chance(0.2) { return .has(baseExpr(d), ["rec", "a"], quoted: false) }
            let name = rng.pick(Self.attributes.map(\.0) + ["missing"])
            return .has(baseExpr(d), [name], quoted: name.contains(" ") || rng.chance(0.2))
        case 6: return .like(rng.chance(0.9) ? string(d) : long(d), rng.pick(Self.patterns))
        case 7:
            let type = rng.pick(["User", "Group", "Doc", "NS::Folder", "Action", "principal"])
            return .isType(entityExpr(d), type, rng.chance(0.3) ? entityExpr(d) : nil)
        case 8: return .binary("in", entityExpr(d), rng.chance(0.7) ? entityExpr(d) : set(d))
        case 9: return .method(set(d), "contains", [any(d)])
        case 10: return .method(set(d), rng.pick(["containsAll", "containsAny"]), [set(d)])
        case 11: return .method(rng.chance(0.9) ? set(d) : string(d), "isEmpty", [])
        case 12: return .method(entityExpr(d), "hasTag", [string(d)])
        case 13: return .method(ext("ipaddr", d), rng.pick(["isIpv4", "isIpv6", "isLoopback", "isMulticast"]), [])
        case 14: return .method(ext("ipaddr", d), "isInRange", [ext("ipaddr", d)])
        case 15:
            return .method(ext("decimal", d), rng.pick(["lessThan", "lessThanOrEqual", "greaterThan", "greaterThanOrEqual"]),
                [rng.chance(0.9) ? ext("decimal", d) : long(d)])
        case 16:
            let type = rng.pick(["datetime", "duration"])
            return .binary(rng.pick(["<", "<=", ">", ">=", "=="]), ext(type, d), ext(type, d))
        case 17: return .ifThenElse(rng.chance(0.9) ? bool(d) : long(d), bool(d), bool(d))
        case 18: return attributeRead("bool", d)
        case 19: return .paren(bool(d))
        case 20: return .binary(rng.pick(["==", "!="]), ext(rng.pick(["ipaddr", "decimal"]), d), ext(rng.pick(["ipaddr", "decimal"]), d))
        case 21: return .method(ext("ipaddr", d), rng.pick(["isIpv4", "isLoopback"]), [long(0)])
        default: return .binary("&&", .has(.atom("principal"), ["age"], quoted: false), .binary(">", .attribute(.atom("principal"), "age", bracket: false), long(d)))
        }
    }

    // MARK: Policies and cases

    mutating func scope(_ variable: String) -> String {
        let kinds = variable == "principal" ? ["User", "Group"] : ["Doc", "Folder"]
        let type = variable == "principal" ? "User" : rng.pick(["Doc", "NS::Folder"])
        switch rng.int(0...6) {
        case 0, 1: return variable
        case 2: return "\(variable) == \(uidText(kinds[0]))"
        case 3: return "\(variable) in \(uidText(rng.pick(kinds)))"
        case 4: return "\(variable) is \(type)"
        case 5: return "\(variable) is \(type) in \(uidText(kinds[1]))"
        default: return "\(variable) in \(uidText(kinds[1]))"
        }
    }

    mutating func actionScope() -> String {
        switch rng.int(0...4) {
        case 0, 1: return "action"
        case 2: return "action == \(uidText("Action"))"
        case 3: return "action in [" + (0..<rng.int(0...2)).map { _ in uidText("Action") }.joined(separator: ", ") + "]"
        default: return "action in Action::\"admin\""
        }
    }

    mutating func policy() -> GenPolicy {
        let conditions = (0..<rng.int(0...2)).map { _ in (rng.chance(0.75) ? "when" : "unless", bool(rng.int(1...3))) }
        return GenPolicy(
            effect: rng.chance(0.6) ? "permit" : "forbid", principal: scope("principal"), action: actionScope(),
            resource: scope("resource"), conditions: conditions)
    }

    static let malformed = [
        "permit(principal, action, resource) when { 1 < 2 < 3 };",
        "forbid(principal, action, resource) when { foo(1) };",
        "permit(principal in [Group::\"g1\"], action, resource);",
        "permit(principal, action, resource) when { principal.if };",
        "permit(principal, action, resource) when { \"\\q\" == \"q\" };",
        "permit(principal, action, resource) when { 9223372036854775808 == 1 };",
        "permit(principal, action is Action, resource);",
        "permit(principal, action, resource) when { {a: 1, a: 2} == {a: 1} };",
        "permit(principal, action, resource) when { !!!!!true };",
        "permit(principal, action, resource) when { ip(\"1.1.1.1\").ip() };",
        "@a(\"x\") @a(\"y\") permit(principal, action, resource);",
        "permit(principal, action == User::\"alice\", resource);",
    ]

    /// A schema for the generated vocabulary, varied: optional or required attributes, a
    /// sometimes-wrong attribute type, common types, tags or none, an enumerated group type,
    /// and different action hierarchies and `appliesTo` lists.
    mutating func schema() -> String {
        let useCommon = rng.chance(0.4)
        // Sometimes every attribute is required, so that more policies validate.
        let optionalShare = rng.chance(0.35) ? 0.0 : 0.7
        func type(of kind: String) -> String {
            if rng.chance(0.03) { return rng.pick(["String", "Long", "Bool", "User", "Set<Long>"]) }
            switch kind {
            case "long": return rng.chance(0.2) ? "__cedar::Long" : "Long"
            case "string": return "String"
            case "bool": return "Bool"
            case "entity": return rng.pick(["User", "User", "Doc"])
            case "strings": return "Set<String>"
            case "longs": return "Set<Long>"
            case "record": return useCommon ? "Rec" : "{ a: Long, b?: String }"
            default: return kind
            }
        }
        func attrs() -> String {
            Self.attributes.filter { _ in rng.chance(0.9) }.map { name, kind in
                "\(GenExpr.quote(name))\(rng.chance(optionalShare) ? "?" : ""): \(type(of: kind))"
            }.joined(separator: ", ")
        }
        func tags() -> String { rng.pick(["", " tags String", " tags Long", " tags String"]) }
        let enumGroups = rng.chance(0.15)
        var lines: [String] = []
        if useCommon { lines.append("type Rec = { a: Long, b?: String };") }
        lines.append(enumGroups ? "entity Group enum [\"g0\", \"g1\"];" : "entity Group in [Group] { \(attrs()) };")
        lines.append("entity User in [Group] { \(attrs()) }\(tags());")
        lines.append("entity Doc in [NS::Folder] { \(attrs()) }\(tags());")
        lines.append("namespace NS { entity Folder { \(attrs()) }; }")
        let principals = rng.pick(["[User]", "[User]", "[User, Group]", "User"])
        let resources = rng.pick(["[Doc, NS::Folder]", "[Doc, NS::Folder]", "[Doc]", "[NS::Folder, User]"])
        let context = useCommon && rng.chance(0.5) ? "Ctx" : "{ \(attrs()) }"
        if context == "Ctx" { lines.append("type Ctx = { \(attrs()) };") }
        let group = rng.chance(0.8) ? " in [admin]" : ""
        lines.append("action view, edit\(group) appliesTo { principal: \(principals), resource: \(resources), context: \(context) };")
        lines.append(rng.chance(0.8) ? "action admin;" : "action admin appliesTo { principal: [User], resource: [Doc] };")
        return lines.joined(separator: "\n")
    }

    mutating func diffCase() -> DiffCase {
        var policies = (0..<rng.int(1...4)).map { _ in policy() }
        var extra = ""
        if rng.chance(0.03) {
            extra = "\n" + rng.pick(Self.malformed)
        } else if rng.chance(0.02), let victim = policies.indices.randomElement(using: &rng) {
            // Damage one character of a policy; usually a parse error, sometimes another policy.
            var scalars = Array(policies[victim].text.unicodeScalars)
            scalars.remove(at: rng.int(0...(scalars.count - 1)))
            extra = "\n" + String(String.UnicodeScalarView(scalars))
            policies.remove(at: victim)
        }
        var c = DiffCase(
            policies: policies, extraText: extra, entities: entities(), requests: (0..<3).map { _ in request() },
            schema: rng.chance(0.5) ? schema() : nil, wantsJSON: rng.chance(0.3))
        if rng.chance(0.2) { addTemplate(to: &c) }
        return c
    }

    /// A template with one or two slots, linked once or twice.
    mutating func addTemplate(to c: inout DiffCase) {
        let principalSlot = rng.chance(0.7)
        let resourceSlot = !principalSlot || rng.chance(0.4)
        var template = policy()
        if principalSlot {
            template.principal = rng.pick(["principal == ?principal", "principal in ?principal", "principal is User in ?principal"])
        }
        if resourceSlot {
            template.resource = rng.pick(["resource == ?resource", "resource in ?resource", "resource is Doc in ?resource"])
        }
        c.templates.append(template)
        for n in 0..<rng.int(1...2) {
            c.links.append(
                GenLink(
                    template: 0, id: "link\(n)",
                    principal: principalSlot ? uid(rng.pick(["User", "Group"])) : nil,
                    resource: resourceSlot ? uid(rng.pick(["Doc", "Folder"])) : nil))
        }
    }
}
