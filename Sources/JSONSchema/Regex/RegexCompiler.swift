// Compiles a regex syntax tree into `RegexProgram` instructions: counted repetition unrolled
// (within a size limit), single-character repetition as one `run` instruction, and progress
// checks on loops whose body can match empty (ECMA-262 RepeatMatcher).

struct RegexCompiler {
    static let maxInstructions = 20_000

    let captures: Bool
    let groupCount: Int
    var program = RegexProgram()
    var nextRegister: Int

    init(groupCount: Int, captures: Bool) {
        self.groupCount = groupCount
        self.captures = captures
        // Capture slots only when a backreference can read them, so most patterns need no
        // registers and matching allocates nothing.
        nextRegister = captures ? 2 * (groupCount + 1) : 0
    }

    static func compile(_ node: RegexNode, groupCount: Int, captures: Bool) throws(RegexSyntaxError) -> RegexProgram {
        var c = RegexCompiler(groupCount: groupCount, captures: captures)
        try c.emit(node)
        c.program.insts.append(.match)
        c.program.registerCount = c.nextRegister
        return c.program
    }

    private mutating func append(_ inst: RegexInst) throws(RegexSyntaxError) {
        guard program.insts.count < Self.maxInstructions else {
            throw RegexSyntaxError(message: "the pattern is too large once repetitions are expanded")
        }
        program.insts.append(inst)
    }

    private var here: Int { program.insts.count }

    private mutating func addSet(_ s: CharSet) -> Int {
        program.sets.append(s)
        return program.sets.count - 1
    }

    private mutating func emit(_ node: RegexNode) throws(RegexSyntaxError) {
        switch node {
        case .empty: break
        case .char(let c): try append(.char(c))
        case .set(let s): try append(.set(addSet(s)))
        case .sequence(let xs): for x in xs { try emit(x) }
        case .alternation(let xs):
            var jumps: [Int] = []
            for (k, x) in xs.enumerated() {
                if k < xs.count - 1 {
                    let split = here
                    try append(.split(split + 1, -1))
                    try emit(x)
                    jumps.append(here)
                    try append(.jump(-1))
                    program.insts[split] = .split(split + 1, here)
                } else {
                    try emit(x)
                }
            }
            for j in jumps { program.insts[j] = .jump(here) }
        case .group(let x, let capture):
            if captures, let g = capture {
                try append(.save(2 * g))
                try emit(x)
                try append(.save(2 * g + 1))
            } else {
                try emit(x)
            }
        case .repetition(let x, let min, let max, let greedy):
            try repetition(x, min: min, max: max, greedy: greedy)
        case .start: try append(.start)
        case .end: try append(.end)
        case .wordBoundary(let n): try append(.wordBoundary(negated: n))
        case .look(let x, let behind, let negated):
            var sub = RegexCompiler(groupCount: groupCount, captures: captures)
            sub.nextRegister = nextRegister
            try sub.emit(x)
            sub.program.insts.append(.match)
            nextRegister = sub.nextRegister
            sub.program.registerCount = nextRegister
            program.lookarounds.append(sub.program)
            try append(.look(program: program.lookarounds.count - 1, behind: behind, negated: negated))
        case .backreference(let n): try append(.backreference(n))
        }
    }

    private mutating func repetition(_ x: RegexNode, min: Int, max: Int?, greedy: Bool) throws(RegexSyntaxError) {
        if let single = Self.singleCharacter(x) {
            try append(.run(set: addSet(single), min: min, max: max ?? Int.max, greedy: greedy))
            return
        }
        guard min <= Self.maxInstructions, (max ?? 0) <= Self.maxInstructions else {
            throw RegexSyntaxError(message: "the pattern is too large once repetitions are expanded")
        }
        for _ in 0..<min { try emit(x) }
        let nullable = Self.nullable(x)
        if let max {
            // Nested optionals: x(x(x)?)? — each further copy is tried only after the previous.
            var splits: [Int] = []
            for _ in 0..<(max - min) {
                splits.append(here)
                try append(.split(-1, -1))
                let body = here
                try loopBody(x, nullable: nullable)
                _ = body
            }
            let end = here
            for s in splits { program.insts[s] = greedy ? .split(s + 1, end) : .split(end, s + 1) }
        } else {
            let loop = here
            try append(.split(-1, -1))
            try loopBody(x, nullable: nullable)
            try append(.jump(loop))
            program.insts[loop] = greedy ? .split(loop + 1, here) : .split(here, loop + 1)
        }
    }

    private mutating func loopBody(_ x: RegexNode, nullable: Bool) throws(RegexSyntaxError) {
        guard nullable else { return try emit(x) }
        let r = nextRegister
        nextRegister += 1
        try append(.save(r))
        try emit(x)
        try append(.check(r))
    }

    static func singleCharacter(_ x: RegexNode) -> CharSet? {
        switch x {
        case .char(let c):
            var s = CharSet(ranges: [c...c])
            s.finish()
            return s
        case .set(let s): return s
        case .group(let inner, nil): return singleCharacter(inner)
        default: return nil
        }
    }

    static func nullable(_ x: RegexNode) -> Bool {
        switch x {
        case .empty, .start, .end, .wordBoundary, .look, .backreference: return true
        case .char, .set: return false
        case .sequence(let xs): return xs.allSatisfy(nullable)
        case .alternation(let xs): return xs.contains(where: nullable)
        case .group(let inner, _): return nullable(inner)
        case .repetition(let inner, let min, _, _): return min == 0 || nullable(inner)
        }
    }
}
