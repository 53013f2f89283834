// The applicator keywords: those that apply subschemas to the instance or to its members and
// items, and the `unevaluated*` keywords that read what the others evaluated.

extension Evaluator {
    mutating func evaluateApplicator(_ keyword: Keyword, _ node: SchemaNode, _ instance: JSONValue, _ tracker: Evaluated?) -> Bool {
        switch keyword {
        case .object(let app):
            guard case .object(let o) = instance else { return true }
            return evaluateObject(app, node, o, tracker)
        case .propertyNames(let sub):
            guard case .object(let o) = instance else { return true }
            var ok = true
            for key in o.keys where !inPlace(sub, .string(key), nil) {
                ok = false
                if !collect || aborted { return false }
            }
            return ok
        case .dependentSchemas(let deps, _):
            guard case .object(let o) = instance else { return true }
            var ok = true
            for (trigger, sub) in deps where o.position(of: trigger) != nil {
                if !inPlace(sub, instance, tracker) {
                    ok = false
                    if !collect || aborted { return false }
                }
            }
            return ok
        case .prefixItems(let subs, _):
            guard case .array(let a) = instance else { return true }
            var ok = true
            for i in 0..<min(subs.count, a.count) {
                if child(subs[i], a[i], .index(i)) {
                    tracker?.mark(i)
                } else {
                    ok = false
                    if !collect || aborted { return false }
                }
            }
            return ok
        case .items(let sub, let start, _):
            guard case .array(let a) = instance, start < a.count else { return true }
            var ok = true
            for i in start..<a.count {
                if child(sub, a[i], .index(i)) {
                    tracker?.mark(i)
                } else {
                    ok = false
                    if !collect || aborted { return false }
                }
            }
            return ok
        case .contains(let sub, let minimum, let maximum):
            guard case .array(let a) = instance else { return true }
            var found = 0
            for i in a.indices {
                if probe(sub, a[i], nil) {
                    found += 1
                    tracker?.mark(i)
                    // Without annotations to collect or a maximum to check, one match is enough.
                    if tracker == nil, maximum == nil, found >= minimum { return true }
                }
                if aborted { return false }
            }
            if found >= minimum, maximum.map({ found <= $0 }) ?? true { return true }
            if found < minimum {
                let name: StaticString = minimum == 1 && found == 0 ? "contains" : "minContains"
                fail(node, name, found == 0 && minimum == 1
                     ? "the array has no item matching the \"contains\" schema"
                     : "the array has \(Messages.count(found, "item")) matching the \"contains\" schema; at least \(minimum) required")
            } else {
                fail(node, "maxContains", "the array has \(Messages.count(found, "item")) matching the \"contains\" schema; at most \(maximum!) allowed")
            }
            return false
        case .allOf(let subs):
            var ok = true
            for sub in subs where !inPlace(sub, instance, tracker) {
                ok = false
                if !collect || aborted { return false }
            }
            return ok
        case .anyOf(let subs):
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
            fail(node, "anyOf", "\(Messages.brief(instance)) does not match any of the \(subs.count) \"anyOf\" schemas")
            return false
        case .oneOf(let subs):
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
            fail(node, "oneOf", passing.isEmpty
                 ? "\(Messages.brief(instance)) does not match any of the \(subs.count) \"oneOf\" schemas"
                 : "\(Messages.brief(instance)) matches more than one \"oneOf\" schema (\(passing.map(String.init).joined(separator: ", "))); exactly one must match")
            return false
        case .not(let sub):
            if !probe(sub, instance, nil) { return !aborted }
            fail(node, "not", "\(Messages.brief(instance)) must not match the \"not\" schema")
            return false
        case .conditional(let ifSub, let thenSub, let elseSub):
            if thenSub == nil, elseSub == nil, tracker == nil { return true }
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
        case .ref(let sub, _):
            return inPlace(sub, instance, tracker)
        case .dynamicRef(let anchor, let fallback):
            var target = fallback.node
            // The outermost resource in the dynamic scope that declares the anchor wins.
            for r in dynamicScope {
                if let n = program.resources[Int(r)].dynamicAnchors[anchor] {
                    target = n
                    break
                }
            }
            return inPlace(Sub(node: target, path: fallback.path), instance, tracker)
        case .unevaluatedProperties(let sub):
            guard case .object(let o) = instance, let tracker else { return true }
            return evaluateUnevaluated(sub, node, "unevaluatedProperties", tracker, count: o.count,
                                       value: { o.values[$0] }, token: { .key(o.keys[$0]) }, name: { Messages.quoted(o.keys[$0]) })
        case .unevaluatedItems(let sub):
            guard case .array(let a) = instance, let tracker else { return true }
            return evaluateUnevaluated(sub, node, "unevaluatedItems", tracker, count: a.count,
                                       value: { a[$0] }, token: { .index($0) }, name: { String($0) })
        default:
            return true
        }
    }

    /// `properties`, `patternProperties` and `additionalProperties` in one pass over the members.
    mutating func evaluateObject(_ app: ObjectApplicator, _ node: SchemaNode, _ o: JSONObject, _ tracker: Evaluated?) -> Bool {
        var ok = true
        var extras: [String] = []
        for i in 0..<o.count {
            let key = o.keys[i]
            var evaluated = false
            if let sub = app.property(named: key) {
                evaluated = true
                if !child(sub, o.values[i], .key(key)) {
                    ok = false
                    if !collect || aborted { return false }
                }
            }
            for p in app.patterns where matches(p.regex, key) {
                evaluated = true
                if !child(p.sub, o.values[i], .key(key)) {
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
                } else if !child(additional, o.values[i], .key(key)) {
                    ok = false
                    if !collect || aborted { return false }
                }
            }
            if evaluated { tracker?.mark(i) }
        }
        if !extras.isEmpty {
            fail(node, "additionalProperties", Messages.notAllowed(extras, "property", "properties"))
        }
        return ok
    }

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
            } else if !child(sub, value(i), token(i)) {
                ok = false
                if !collect || aborted { return false }
            }
        }
        if !extras.isEmpty {
            let what = "\(keyword)" == "unevaluatedItems" ? ("item", "items") : ("property", "properties")
            fail(node, keyword, "unevaluated " + Messages.notAllowed(extras, what.0, what.1))
        }
        if ok { tracker.markAll() }
        return ok
    }
}
