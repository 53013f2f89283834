// The applicator keywords: those that apply subschemas to the instance or to its members and
// items, and the `unevaluated*` keywords that read what the others evaluated. Each keyword is
// its own non-inlined function, so the recursion path only ever holds small frames.

extension Evaluator {
    mutating func evaluateApplicator(_ keyword: UnsafePointer<Keyword>, _ node: SchemaNode, _ instance: JSONValue, _ tracker: Evaluated?) -> Bool {
        switch keyword.pointee {
        case .ref(let sub, _):
            return inPlace(sub, instance, tracker)
        case .object(let app):
            guard case .object(let o) = instance else { return true }
            return evaluateObject(app, node, o, tracker)
        case .propertyNames(let sub):
            guard case .object(let o) = instance else { return true }
            return applyPropertyNames(sub, o)
        case .dependentSchemas(let deps, _):
            guard case .object(let o) = instance else { return true }
            return applyDependentSchemas(deps, o, instance, tracker)
        case .prefixItems(let subs, _):
            guard case .array(let a) = instance else { return true }
            return applyPrefixItems(subs, a, tracker)
        case .items(let sub, let start, _):
            guard case .array(let a) = instance, start < a.count else { return true }
            return applyItems(sub, start, a, tracker)
        case .contains(let sub, let minimum, let maximum):
            guard case .array(let a) = instance else { return true }
            return applyContains(sub, minimum, maximum, node, a, tracker)
        case .allOf(let subs):
            return applyAllOf(subs, instance, tracker)
        case .anyOf(let subs):
            return applyAnyOf(subs, node, instance, tracker)
        case .oneOf(let subs):
            return applyOneOf(subs, node, instance, tracker)
        case .not(let sub):
            return applyNot(sub, node, instance)
        case .conditional(let ifSub, let thenSub, let elseSub):
            if thenSub == nil, elseSub == nil, tracker == nil { return true }
            return applyConditional(ifSub, thenSub, elseSub, instance, tracker)
        case .dynamicRef(let anchor, let fallback):
            return applyDynamicRef(anchor, fallback, instance, tracker)
        case .unevaluatedProperties(let sub):
            guard let tracker else { return true }
            return applyUnevaluatedProperties(sub, node, instance, tracker)
        case .unevaluatedItems(let sub):
            guard let tracker else { return true }
            return applyUnevaluatedItems(sub, node, instance, tracker)
        default:
            return true
        }
    }

    @inline(never)
    mutating func applyNot(_ sub: Sub, _ node: SchemaNode, _ instance: JSONValue) -> Bool {
        if !probe(sub, instance, nil) { return !aborted }
        if collect { report(node, "not", instance, "must not match the \"not\" schema") }
        return false
    }

    @inline(never)
    mutating func applyUnevaluatedProperties(_ sub: Sub, _ node: SchemaNode, _ instance: JSONValue, _ tracker: Evaluated) -> Bool {
        guard case .object(let o) = instance else { return true }
        return evaluateUnevaluated(sub, node, "unevaluatedProperties", tracker, count: o.count,
                                   value: { o.values[$0] }, token: { .key(o.keys[$0]) }, name: { Messages.quoted(o.keys[$0]) })
    }

    @inline(never)
    mutating func applyUnevaluatedItems(_ sub: Sub, _ node: SchemaNode, _ instance: JSONValue, _ tracker: Evaluated) -> Bool {
        guard case .array(let a) = instance else { return true }
        return evaluateUnevaluated(sub, node, "unevaluatedItems", tracker, count: a.count,
                                   value: { a[$0] }, token: { .index($0) }, name: { String($0) })
    }

    @inline(never)
    mutating func applyPropertyNames(_ sub: Sub, _ o: JSONObject) -> Bool {
        var ok = true
        for key in o.keys where !inPlace(sub, .string(key), nil) {
            ok = false
            if !collect || aborted { return false }
        }
        return ok
    }

    @inline(never)
    mutating func applyDependentSchemas(_ deps: [(String, Sub)], _ o: JSONObject, _ instance: JSONValue, _ tracker: Evaluated?) -> Bool {
        var ok = true
        for (trigger, sub) in deps where o.position(of: trigger) != nil {
            if !inPlace(sub, instance, tracker) {
                ok = false
                if !collect || aborted { return false }
            }
        }
        return ok
    }

    @inline(never)
    mutating func applyPrefixItems(_ subs: [Sub], _ a: [JSONValue], _ tracker: Evaluated?) -> Bool {
        var ok = true
        for i in 0..<min(subs.count, a.count) {
            if child(subs[i], a[i], index: i) {
                tracker?.mark(i)
            } else {
                ok = false
                if !collect || aborted { return false }
            }
        }
        return ok
    }

    @inline(never)
    mutating func applyItems(_ sub: Sub, _ start: Int, _ a: [JSONValue], _ tracker: Evaluated?) -> Bool {
        var ok = true
        for i in start..<a.count {
            if child(sub, a[i], index: i) {
                tracker?.mark(i)
            } else {
                ok = false
                if !collect || aborted { return false }
            }
        }
        return ok
    }

    @inline(never)
    mutating func applyContains(_ sub: Sub, _ minimum: Int, _ maximum: Int?, _ node: SchemaNode, _ a: [JSONValue], _ tracker: Evaluated?) -> Bool {
        var found = 0
        for i in a.indices {
            if probe(sub, a[i], nil) {
                found += 1
                tracker?.mark(i)
                // Without annotations to collect or a maximum to check, enough matches end it.
                if tracker == nil, maximum == nil, found >= minimum { return true }
            }
            if aborted { return false }
        }
        if found >= minimum, maximum.map({ found <= $0 }) ?? true { return true }
        if collect { reportContains(node, found: found, minimum: minimum, maximum: maximum) }
        return false
    }

    @inline(never)
    mutating func applyAllOf(_ subs: [Sub], _ instance: JSONValue, _ tracker: Evaluated?) -> Bool {
        var ok = true
        for sub in subs where !inPlace(sub, instance, tracker) {
            ok = false
            if !collect || aborted { return false }
        }
        return ok
    }

    @inline(never)
    mutating func applyAnyOf(_ subs: [Sub], _ node: SchemaNode, _ instance: JSONValue, _ tracker: Evaluated?) -> Bool {
        var any = false
        for sub in subs {
            if let tracker {
                // Every passing branch contributes annotations, so all are evaluated.
                let branch = Evaluated(count: tracker.count)
                if probe(sub, instance, branch) {
                    any = true
                    tracker.merge(branch)
                }
            } else if probe(sub, instance, nil) {
                return true
            }
            if aborted { return false }
        }
        if any { return true }
        if collect { report(node, "anyOf", instance, "does not match any of the \(subs.count) \"anyOf\" schemas") }
        return false
    }

    @inline(never)
    mutating func applyOneOf(_ subs: [Sub], _ node: SchemaNode, _ instance: JSONValue, _ tracker: Evaluated?) -> Bool {
        var passing: [Int] = []
        var passed: Evaluated? = nil
        for (i, sub) in subs.enumerated() {
            let branch = tracker.map { Evaluated(count: $0.count) }
            if probe(sub, instance, branch) {
                passing.append(i)
                passed = branch
                if passing.count > 1, !collect { return false }
            }
            if aborted { return false }
        }
        if passing.count == 1 {
            if let tracker, let passed { tracker.merge(passed) }
            return true
        }
        if collect { reportOneOf(node, instance, passing: passing, count: subs.count) }
        return false
    }

    @inline(never)
    mutating func applyConditional(_ ifSub: Sub, _ thenSub: Sub?, _ elseSub: Sub?, _ instance: JSONValue, _ tracker: Evaluated?) -> Bool {
        let branch = tracker.map { Evaluated(count: $0.count) }
        let matched = probe(ifSub, instance, branch)
        if aborted { return false }
        if matched {
            if let tracker, let branch { tracker.merge(branch) }
            guard let thenSub else { return true }
            return inPlace(thenSub, instance, tracker)
        }
        guard let elseSub else { return true }
        return inPlace(elseSub, instance, tracker)
    }

    @inline(never)
    mutating func applyDynamicRef(_ anchor: String, _ fallback: Sub, _ instance: JSONValue, _ tracker: Evaluated?) -> Bool {
        var target = fallback.node
        // The outermost resource in the dynamic scope that declares the anchor wins.
        for r in dynamicScope {
            if let n = program.resources[Int(r)].dynamicAnchors[anchor] {
                target = n
                break
            }
        }
        return inPlace(Sub(node: target, path: fallback.path), instance, tracker)
    }

    // Failure reports live outside the recursive functions (and are only reached when
    // collecting), so their string building does not enlarge every recursive frame.

    @inline(never)
    mutating func report(_ node: SchemaNode, _ keyword: StaticString, _ instance: JSONValue, _ text: String) {
        fail(node, keyword, "\(Messages.brief(instance)) \(text)")
    }

    @inline(never)
    mutating func reportContains(_ node: SchemaNode, found: Int, minimum: Int, maximum: Int?) {
        if found < minimum {
            let name: StaticString = minimum == 1 && found == 0 ? "contains" : "minContains"
            fail(node, name, found == 0 && minimum == 1
                 ? "the array has no item matching the \"contains\" schema"
                 : "the array has \(Messages.count(found, "item")) matching the \"contains\" schema; at least \(minimum) required")
        } else {
            fail(node, "maxContains", "the array has \(Messages.count(found, "item")) matching the \"contains\" schema; at most \(maximum ?? 0) allowed")
        }
    }

    @inline(never)
    mutating func reportOneOf(_ node: SchemaNode, _ instance: JSONValue, passing: [Int], count: Int) {
        fail(node, "oneOf", passing.isEmpty
             ? "\(Messages.brief(instance)) does not match any of the \(count) \"oneOf\" schemas"
             : "\(Messages.brief(instance)) matches more than one \"oneOf\" schema (\(passing.map(String.init).joined(separator: ", "))); exactly one must match")
    }

    @inline(never)
    mutating func reportNotAllowed(_ node: SchemaNode, _ keyword: StaticString, _ names: [String], prefix: String = "") {
        let what = "\(keyword)" == "unevaluatedItems" ? ("item", "items") : ("property", "properties")
        fail(node, keyword, prefix + Messages.notAllowed(names, what.0, what.1))
    }

    /// `properties`, `patternProperties` and `additionalProperties` in one pass over the members.
    @inline(never)
    mutating func evaluateObject(_ app: ObjectApplicator, _ node: SchemaNode, _ o: JSONObject, _ tracker: Evaluated?) -> Bool {
        var ok = true
        var extras: [String] = []
        for i in 0..<o.count {
            let key = o.keys[i]
            var evaluated = false
            if let sub = app.property(named: key) {
                evaluated = true
                if !child(sub, o.values[i], key: key) {
                    ok = false
                    if !collect || aborted { return false }
                }
            }
            for p in app.patterns where matches(p.regex, key) {
                evaluated = true
                if !child(p.sub, o.values[i], key: key) {
                    ok = false
                    if !collect || aborted { return false }
                }
            }
            if aborted { return false }
            if !evaluated, let additional = app.additional {
                evaluated = true
                if app.additionalIsFalse {
                    ok = false
                    guard collect else { return false }
                    extras.append(Messages.quoted(key))
                } else if !child(additional, o.values[i], key: key) {
                    ok = false
                    if !collect || aborted { return false }
                }
            }
            if evaluated { tracker?.mark(i) }
        }
        if !extras.isEmpty { reportNotAllowed(node, "additionalProperties", extras) }
        return ok
    }

    @inline(never)
    mutating func evaluateUnevaluated(
        _ sub: Sub, _ node: SchemaNode, _ keyword: StaticString, _ tracker: Evaluated, count: Int,
        value: (Int) -> JSONValue, token: (Int) -> PathToken, name: (Int) -> String
    ) -> Bool {
        var ok = true
        var extras: [String] = []
        let isFalse = nodes[Int(sub.node)].isFalse
        for i in 0..<count where !tracker.isMarked(i) {
            if isFalse {
                ok = false
                guard collect else { return false }
                extras.append(name(i))
            } else if !unevaluatedChild(sub, value(i), token(i)) {
                ok = false
                if !collect || aborted { return false }
            }
        }
        if !extras.isEmpty { reportNotAllowed(node, keyword, extras, prefix: "unevaluated ") }
        if ok { tracker.markAll() }
        return ok
    }

    private mutating func unevaluatedChild(_ sub: Sub, _ value: JSONValue, _ token: PathToken) -> Bool {
        if collect { push(sub, token) }
        let ok = evaluate(sub.node, value, nil)
        if collect { pop() }
        return ok
    }
}
