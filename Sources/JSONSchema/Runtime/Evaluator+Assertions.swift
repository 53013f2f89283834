// The assertion keywords: checks on one value that need no subschema.

extension Evaluator {
    /// Evaluates one assertion keyword; returns whether it passed. Not inlined: assertions
    /// never recurse, so keeping their (large) frame off the recursion path lets deep
    /// instances nest further within the stack budget.
    @inline(never)
    mutating func evaluateAssertion(_ keyword: UnsafePointer<Keyword>, _ node: SchemaNode, _ instance: JSONValue) -> Bool {
        switch keyword.pointee {
        case .type(let types):
            if Self.typeMatches(types, instance) { return true }
            fail(node, "type", Messages.type(instance, types))
            return false
        case .constant(let value):
            if instance == value { return true }
            fail(node, "const", Messages.const(instance, value))
            return false
        case .enumeration(let values):
            if values.contains(instance) { return true }
            fail(node, "enum", "\(Messages.brief(instance)) is not one of \(values.rendered)")
            return false
        case .multipleOf(let divisor):
            guard instance.isNumber else { return true }
            if NumberMath.isMultiple(instance, of: divisor) { return true }
            fail(node, "multipleOf", "\(Messages.brief(instance)) is not a multiple of \(Messages.brief(divisor))")
            return false
        case .maximum(let limit):
            guard instance.isNumber, NumberMath.compare(instance, limit.value) > 0 else { return true }
            fail(node, "maximum", "\(Messages.brief(instance)) is greater than the maximum \(Messages.brief(limit.value))")
            return false
        case .exclusiveMaximum(let limit):
            guard instance.isNumber, NumberMath.compare(instance, limit.value) >= 0 else { return true }
            fail(node, "exclusiveMaximum", "\(Messages.brief(instance)) is not less than the exclusive maximum \(Messages.brief(limit.value))")
            return false
        case .minimum(let limit):
            guard instance.isNumber, NumberMath.compare(instance, limit.value) < 0 else { return true }
            fail(node, "minimum", "\(Messages.brief(instance)) is less than the minimum \(Messages.brief(limit.value))")
            return false
        case .exclusiveMinimum(let limit):
            guard instance.isNumber, NumberMath.compare(instance, limit.value) <= 0 else { return true }
            fail(node, "exclusiveMinimum", "\(Messages.brief(instance)) is not greater than the exclusive minimum \(Messages.brief(limit.value))")
            return false
        case .maxLength(let max):
            guard case .string(let s) = instance else { return true }
            if s.utf8.count <= max { return true }
            let n = s.unicodeScalars.count
            if n <= max { return true }
            fail(node, "maxLength", "\(Messages.brief(instance)) is longer than \(Messages.count(max, "character")) (\(n))")
            return false
        case .minLength(let min):
            guard case .string(let s) = instance else { return true }
            let bytes = s.utf8.count
            if bytes >= 4 * min { return true }
            let n = bytes < min ? bytes : s.unicodeScalars.count
            if n >= min { return true }
            fail(node, "minLength", "\(Messages.brief(instance)) is shorter than \(Messages.count(min, "character")) (\(n))")
            return false
        case .pattern(let regex):
            guard case .string(let s) = instance else { return true }
            if matches(regex, s) { return true }
            if !aborted { fail(node, "pattern", "\(Messages.brief(instance)) does not match the pattern \(Messages.capped(regex.source))") }
            return false
        case .format(let checker):
            if checker.check(instance) { return true }
            fail(node, "format", "\(Messages.brief(instance)) is not a valid \(checker.name)")
            return false
        case .content(let checker):
            if checker.check(instance) { return true }
            let name: StaticString = checker.json ? "contentMediaType" : "contentEncoding"
            fail(node, name,
                 "\(Messages.brief(instance)) is not valid \(checker.base64 ? "base64" : "")\(checker.base64 && checker.json ? "-encoded " : "")\(checker.json ? "JSON" : "")")
            return false
        case .maxItems(let max):
            guard case .array(let a) = instance, a.count > max else { return true }
            fail(node, "maxItems", "the array has \(Messages.count(a.count, "item")); at most \(max) allowed")
            return false
        case .minItems(let min):
            guard case .array(let a) = instance, a.count < min else { return true }
            fail(node, "minItems", "the array has \(Messages.count(a.count, "item")); at least \(min) required")
            return false
        case .uniqueItems:
            guard case .array(let a) = instance, let (i, j) = Self.firstDuplicate(a) else { return true }
            fail(node, "uniqueItems", "the array has equal items at \(i) and \(j); items must be unique")
            return false
        case .maxProperties(let max):
            guard case .object(let o) = instance, o.count > max else { return true }
            fail(node, "maxProperties", "the object has \(Messages.count(o.count, "property", "properties")); at most \(max) allowed")
            return false
        case .minProperties(let min):
            guard case .object(let o) = instance, o.count < min else { return true }
            fail(node, "minProperties", "the object has \(Messages.count(o.count, "property", "properties")); at least \(min) required")
            return false
        case .required(let names):
            guard case .object(let o) = instance else { return true }
            var ok = true
            for name in names where o.position(of: name) == nil {
                ok = false
                guard collect else { return false }
                fail(node, "required", "missing required property \(Messages.quoted(name))")
            }
            return ok
        case .dependentRequired(let deps, let keyword):
            guard case .object(let o) = instance else { return true }
            var ok = true
            for (trigger, names) in deps where o.position(of: trigger) != nil {
                for name in names where o.position(of: name) == nil {
                    ok = false
                    guard collect else { return false }
                    fail(node, keyword,
                         "property \(Messages.quoted(name)) is required when \(Messages.quoted(trigger)) is present")
                }
            }
            return ok
        default:
            return true
        }
    }

    static func typeMatches(_ types: TypeSet, _ v: JSONValue) -> Bool {
        switch v {
        case .null: return types.contains(.null)
        case .bool: return types.contains(.boolean)
        case .int: return !types.isDisjoint(with: [.number, .integer])
        case .double(let d):
            return types.contains(.number) || (types.contains(.integer) && d.isFinite && d.rounded(.towardZero) == d)
        case .string: return types.contains(.string)
        case .array: return types.contains(.array)
        case .object: return types.contains(.object)
        }
    }

    /// The first pair of equal items, by JSON equality; hashing for longer arrays.
    static func firstDuplicate(_ a: [JSONValue]) -> (Int, Int)? {
        if a.count < 2 { return nil }
        if a.count <= 16 {
            for i in 0..<a.count {
                for j in (i + 1)..<a.count where a[i] == a[j] { return (i, j) }
            }
            return nil
        }
        var seen: [JSONValue: Int] = [:]
        seen.reserveCapacity(a.count)
        for (j, v) in a.enumerated() {
            if let i = seen[v] { return (i, j) }
            seen[v] = j
        }
        return nil
    }
}

extension JSONValue {
    var isNumber: Bool {
        switch self {
        case .int, .double: true
        default: false
        }
    }
}
