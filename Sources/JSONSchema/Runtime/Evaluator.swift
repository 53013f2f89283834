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
    /// The evaluation path while collecting: one entry per subschema entered, with the
    /// instance step it took (if any). Plain values: pushing and popping costs no reference
    /// counting beyond a member name.
    var path: [PathEntry] = []
    var dynamicScope: [Int32] = []
    /// Stack address at the start of the validation (0 until the first node).
    var stackBase: UInt = 0

    init(program: Program, collect: Bool) {
        self.program = program
        self.nodes = program.nodes
        self.collect = collect
        if collect {
            // One allocation each instead of regrowing through 1, 2, 4, 8 entries.
            path.reserveCapacity(16)
        }
    }

    /// The address of a local of the caller's frame: how deep the stack is right now.
    @inline(never)
    static func stackAddress() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }

    /// Whether a limit stopped the validation (a plain flag: testing the optional error
    /// itself would copy it into every recursive frame).
    var aborted = false

    // MARK: nodes

    /// Evaluates node `index` against `instance`; `tracker` is the evaluated-positions record of
    /// an enclosing schema with `unevaluated*`, or `nil` (the common case).
    ///
    /// This function, ``evaluateApplicator(_:_:_:_:)`` and the per-keyword applicators are the
    /// recursion path, so their frames are kept small: anything cold (limits, messages,
    /// location bookkeeping, trackers) is in separate, non-inlined functions.
    mutating func evaluate(_ index: Int32, _ instance: JSONValue, _ tracker: Evaluated?) -> Bool {
        steps &+= 1
        depth &+= 1
        defer { depth &-= 1 }
        if steps > program.limits.maxSteps || depth > program.limits.maxDepth || (depth & 15 == 0 && stackExhausted()) {
            stopAtLimit()
            return false
        }
        let node = nodes[Int(index)]
        if node.isFalse {
            if collect { reportFalse(node, instance) }
            return false
        }
        let own: Evaluated? = node.tracksEvaluated ? Self.tracker(for: instance) : nil
        let local = own ?? tracker
        let pushedScope = program.usesDynamicScope && enterResource(node.resource)
        var valid = true
        // Borrow the keywords through a buffer: no copy (and no reference counting) per keyword.
        node.keywords.withUnsafeBufferPointer { keywords in
            guard let base = keywords.baseAddress else { return }
            for i in keywords.indices {
                // By pointer: switching on `pointee` borrows the keyword in place instead of
                // copying the whole enum (and retaining every payload) per keyword.
                let keyword = base + i
                let passed = keyword.pointee.isApplicator
                    ? evaluateApplicator(keyword, node, instance, local)
                    : evaluateAssertion(keyword, node, instance)
                if passed { continue }
                valid = false
                if !collect || aborted { break }
            }
        }
        if pushedScope { dynamicScope.removeLast() }
        if valid, let own, let tracker { tracker.merge(own) }
        return valid
    }

    /// Whether this validation has used more stack than ``JSONSchema/Limits/maxStackBytes``
    /// (stacks grow down on every supported platform).
    @inline(never)
    mutating func stackExhausted() -> Bool {
        let here = Self.stackAddress()
        if stackBase == 0 { stackBase = here }
        return stackBase &- here > UInt(program.limits.maxStackBytes)
    }

    /// Records which limit stopped the validation.
    @inline(never)
    mutating func stopAtLimit() {
        let limits = program.limits
        if steps > limits.maxSteps {
            abort("maxSteps", "validation stopped after \(limits.maxSteps) evaluation steps (limits.maxSteps)")
        } else if depth > limits.maxDepth {
            abort("maxDepth", "validation stopped: subschemas nested deeper than \(limits.maxDepth) levels (limits.maxDepth)")
        } else {
            abort("maxDepth", "validation stopped: subschemas nested too deeply for the stack budget of \(limits.maxStackBytes) bytes (limits.maxStackBytes)")
        }
    }

    @inline(never)
    mutating func reportFalse(_ node: SchemaNode, _ instance: JSONValue) {
        fail(node, "false", Messages.falseSchema(instance))
    }

    @inline(never)
    static func tracker(for instance: JSONValue) -> Evaluated? {
        switch instance {
        case .object(let o): Evaluated(count: o.count)
        case .array(let a): Evaluated(count: a.count)
        default: nil
        }
    }

    /// Pushes `resource` on the dynamic scope when evaluation moves into it.
    @inline(never)
    mutating func enterResource(_ resource: Int32) -> Bool {
        guard dynamicScope.last != resource else { return false }
        dynamicScope.append(resource)
        return true
    }

    /// Applies `sub` to the same instance (an in-place applicator).
    @inline(__always)
    mutating func inPlace(_ sub: Sub, _ instance: JSONValue, _ tracker: Evaluated?) -> Bool {
        if collect { pushKeyword(sub) }
        let ok = evaluate(sub.node, instance, tracker)
        if collect { path.removeLast() }
        return ok
    }

    /// Applies `sub` to the member `key` of the instance.
    @inline(__always)
    mutating func child(_ sub: Sub, _ value: JSONValue, key: String) -> Bool {
        if collect { push(sub, .key(key)) }
        let ok = evaluate(sub.node, value, nil)
        if collect { pop() }
        return ok
    }

    /// Applies `sub` to the item `index` of the instance.
    @inline(__always)
    mutating func child(_ sub: Sub, _ value: JSONValue, index: Int) -> Bool {
        if collect { push(sub, .index(index)) }
        let ok = evaluate(sub.node, value, nil)
        if collect { pop() }
        return ok
    }

    @inline(never)
    mutating func pushKeyword(_ sub: Sub) {
        path.append(PathEntry(keyword: sub.path, token: .none))
    }

    @inline(never)
    mutating func push(_ sub: Sub, _ token: PathToken) {
        path.append(PathEntry(keyword: sub.path, token: token))
    }

    @inline(never)
    mutating func pop() {
        path.removeLast()
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

    @inline(never)
    mutating func abort(_ limit: String, _ message: String) {
        guard !aborted else { return }
        aborted = true
        limitError = ValidationError(
            code: .limitExceeded, instanceLocation: Self.pointer(path), keywordLocation: keywordLocation(),
            absoluteKeywordLocation: nil, keyword: limit, message: message)
    }

    func makeError(_ node: SchemaNode, _ keyword: String, _ message: String, code: ValidationError.Code) -> ValidationError {
        let isFalse = keyword == "false"
        var keywordLocation = keywordLocation(extra: keyword.utf8.count + 1)
        if !isFalse {
            keywordLocation += "/"
            keywordLocation += keyword
        }
        let hasBase = !node.location.hasPrefix("#")
        let absolute: String? = hasBase ? (isFalse ? node.location : node.location + "/" + keyword) : nil
        return ValidationError(
            code: code, instanceLocation: Self.pointer(path), keywordLocation: keywordLocation,
            absoluteKeywordLocation: absolute, keyword: keyword, message: message)
    }

    /// The keyword location of the current path (room reserved for `extra` more bytes).
    func keywordLocation(extra: Int = 0) -> String {
        var length = extra
        for entry in path { length += program.paths[Int(entry.keyword)].utf8.count }
        var out = ""
        if length > 15 { out.reserveCapacity(length) }
        for entry in path { out += program.paths[Int(entry.keyword)] }
        return out
    }

    /// The instance location (JSON Pointer) of the current path.
    static func pointer(_ path: [PathEntry]) -> String {
        var out = ""
        for entry in path {
            switch entry.token {
            case .none: continue
            case .key(let k): out += "/" + JSONPointer.escape(k)
            case .index(let i): out += "/" + String(i)
            }
        }
        return out
    }

    /// Matches a pattern under the regex step limit; a match that runs out of steps stops the
    /// validation (fail closed) rather than guessing. Regex steps also count against
    /// ``JSONSchema/Limits/maxSteps``, so many strings cannot multiply the per-match bound.
    mutating func matches(_ regex: ECMARegex, _ s: String) -> Bool {
        let limits = program.limits
        let budget = min(limits.maxRegexSteps, max(0, limits.maxSteps - steps))
        var used = 0
        let result = regex.matches(s, maxSteps: budget, stepsUsed: &used)
        steps &+= used
        if let result { return result }
        if steps > limits.maxSteps {
            stopAtLimit()
        } else {
            abort("maxRegexSteps", "validation stopped: pattern \(Messages.capped(regex.source)) needed more than \(limits.maxRegexSteps) steps (limits.maxRegexSteps)")
        }
        return false
    }
}
