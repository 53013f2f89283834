// Runs a compiled `Program` against one instance. Two modes share this code: the boolean path
// (`collect == false`) stops at the first failure and records nothing; the collecting path
// keeps going and records every failure with its locations. Location stacks are only touched
// while collecting, so a valid instance costs no allocation beyond what the schema requires.

struct Evaluator {
    let program: Program
    let nodes: [SchemaNode]
    var collect: Bool
    var errors: [ValidationError] = []
    /// Set when a limit stops the validation; reported even from the boolean path.
    var limitError: ValidationError?
    var steps = 0
    var depth = 0
    var instancePath: [PathToken] = []
    var keywordPath: [String] = []
    var dynamicScope: [Int32] = []
    /// Stack address at the start of the validation (0 until the first node).
    var stackBase: UInt = 0

    init(program: Program, collect: Bool) {
        self.program = program
        self.nodes = program.nodes
        self.collect = collect
    }

    /// The address of a local of the caller's frame: how deep the stack is right now.
    @inline(never)
    static func stackAddress() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }

    var aborted: Bool { limitError != nil }

    // MARK: nodes

    /// Evaluates node `index` against `instance`; `tracker` is the evaluated-positions record of
    /// an enclosing schema with `unevaluated*`, or `nil` (the common case).
    mutating func evaluate(_ index: Int32, _ instance: JSONValue, _ tracker: Evaluated?) -> Bool {
        steps &+= 1
        depth &+= 1
        defer { depth &-= 1 }
        if steps > program.limits.maxSteps {
            abort("maxSteps", "validation stopped after \(program.limits.maxSteps) evaluation steps (limits.maxSteps)")
            return false
        }
        if depth > program.limits.maxDepth {
            abort("maxDepth", "validation stopped: subschemas nested deeper than \(program.limits.maxDepth) levels (limits.maxDepth)")
            return false
        }
        // Every 16 levels, check the stack used so far (stacks grow down on supported platforms).
        if depth & 15 == 0 {
            let here = Self.stackAddress()
            if stackBase == 0 {
                stackBase = here
            } else if stackBase &- here > UInt(program.limits.maxStackBytes) {
                abort("maxDepth", "validation stopped: subschemas nested too deeply for the stack budget of \(program.limits.maxStackBytes) bytes (limits.maxStackBytes, limits.maxDepth)")
                return false
            }
        }
        let node = nodes[Int(index)]
        if node.isFalse {
            if collect { fail(node, "false", Messages.falseSchema(instance)) }
            return false
        }
        var own: Evaluated? = nil
        if node.tracksEvaluated {
            switch instance {
            case .object(let o): own = Evaluated(count: o.count)
            case .array(let a): own = Evaluated(count: a.count)
            default: break
            }
        }
        let local = own ?? tracker
        var pushedScope = false
        if program.usesDynamicScope, dynamicScope.last != node.resource {
            dynamicScope.append(node.resource)
            pushedScope = true
        }
        defer { if pushedScope { dynamicScope.removeLast() } }
        var valid = true
        // Borrow the keywords through a buffer: no copy (and no reference counting) per keyword.
        node.keywords.withUnsafeBufferPointer { keywords in
            for i in keywords.indices where !evaluate(keywords[i], node, instance, local) {
                valid = false
                if !collect || aborted { break }
            }
        }
        if valid, let own, let tracker { tracker.merge(own) }
        return valid
    }

    /// Applies `sub` to the same instance (an in-place applicator).
    @inline(__always)
    mutating func inPlace(_ sub: Sub, _ instance: JSONValue, _ tracker: Evaluated?) -> Bool {
        if collect { keywordPath.append(program.paths[Int(sub.path)]) }
        defer { if collect { keywordPath.removeLast() } }
        return evaluate(sub.node, instance, tracker)
    }

    /// Applies `sub` to a member or item of the instance.
    @inline(__always)
    mutating func child(_ sub: Sub, _ value: JSONValue, _ token: @autoclosure () -> PathToken) -> Bool {
        if collect {
            keywordPath.append(program.paths[Int(sub.path)])
            instancePath.append(token())
        }
        defer {
            if collect {
                keywordPath.removeLast()
                instancePath.removeLast()
            }
        }
        return evaluate(sub.node, value, nil)
    }

    /// Evaluates `sub` in boolean mode (for `anyOf`, `oneOf`, `not`, `if`, `contains`), whose
    /// subschema failures are not errors of their own.
    @inline(__always)
    mutating func probe(_ sub: Sub, _ instance: JSONValue, _ tracker: Evaluated?) -> Bool {
        let saved = collect
        collect = false
        defer { collect = saved }
        return evaluate(sub.node, instance, tracker)
    }

    // MARK: errors

    /// Records a failure when collecting; the message is only built then.
    mutating func fail(_ node: SchemaNode, _ keyword: StaticString, _ message: @autoclosure () -> String) {
        guard collect else { return }
        errors.append(makeError(node, "\(keyword)", message(), code: .keyword))
    }

    mutating func abort(_ limit: String, _ message: String) {
        guard limitError == nil else { return }
        limitError = ValidationError(
            code: .limitExceeded, instanceLocation: Self.pointer(instancePath), keywordLocation: keywordPath.joined(),
            absoluteKeywordLocation: nil, keyword: limit, message: message)
    }

    func makeError(_ node: SchemaNode, _ keyword: String, _ message: String, code: ValidationError.Code) -> ValidationError {
        let absolute: String? = node.location.hasPrefix("#") ? nil : node.location + "/" + keyword
        return ValidationError(
            code: code, instanceLocation: Self.pointer(instancePath),
            keywordLocation: keywordPath.joined() + (keyword == "false" ? "" : "/" + JSONPointer.escape(keyword)),
            absoluteKeywordLocation: keyword == "false" ? (node.location.hasPrefix("#") ? nil : node.location) : absolute,
            keyword: keyword, message: message)
    }

    static func pointer(_ tokens: [PathToken]) -> String {
        var out = ""
        for t in tokens {
            switch t {
            case .key(let k): out += "/" + JSONPointer.escape(k)
            case .index(let i): out += "/" + String(i)
            }
        }
        return out
    }

    /// Matches a pattern under the regex step limit; a match that runs out of steps stops the
    /// validation (fail closed) rather than guessing.
    mutating func matches(_ regex: ECMARegex, _ s: String) -> Bool {
        switch regex.matches(s, maxSteps: program.limits.maxRegexSteps) {
        case .some(let m): return m
        case .none:
            abort("maxRegexSteps", "validation stopped: pattern \(Messages.capped(regex.source)) needed more than \(program.limits.maxRegexSteps) steps (limits.maxRegexSteps)")
            return false
        }
    }
}
