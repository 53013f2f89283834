// A backtracking matcher for `RegexProgram`, with an explicit backtrack stack (no recursion per
// character, so long inputs cannot exhaust the thread's stack) and a step budget, so a
// catastrophic pattern stops with "too many steps" instead of hanging the caller.

struct RegexVM<Input: RegexInput> {
    private typealias Frame = RegexFrame

    let input: Input
    var steps: Int
    let maxSteps: Int
    var exhausted = false

    init(input: Input, steps: Int, maxSteps: Int) {
        self.input = input
        self.steps = steps
        self.maxSteps = maxSteps
    }

    /// Whether `program` matches starting at `start` (ending at `end` when given).
    mutating func run(_ program: RegexProgram, at start: Int, end target: Int?, registers: inout [Int]) -> Bool {
        withUnsafeTemporaryAllocation(of: RegexFrame.self, capacity: 32) { scratch in
            var stack = FrameStack(scratch)
            defer { stack.release() }
            return run(program, at: start, end: target, registers: &registers, stack: &stack)
        }
    }

    private mutating func run(
        _ program: RegexProgram, at start: Int, end target: Int?, registers: inout [Int], stack: inout FrameStack
    ) -> Bool {
        // Instructions and sets are read through buffers: no copy (or retain) per step.
        program.insts.withUnsafeBufferPointer { insts in
            program.sets.withUnsafeBufferPointer { sets in
                run(program, insts, sets, at: start, end: target, registers: &registers, stack: &stack)
            }
        }
    }

    private mutating func run(
        _ program: RegexProgram, _ insts: UnsafeBufferPointer<RegexInst>, _ sets: UnsafeBufferPointer<CharSet>,
        at start: Int, end target: Int?, registers: inout [Int], stack: inout FrameStack
    ) -> Bool {
        let n = input.count
        var pc = 0
        var pos = start
        while true {
            steps &+= 1
            if steps > maxSteps {
                exhausted = true
                return false
            }
            var ok = true
            switch insts[pc] {
            case .char(let c):
                if pos < n, input[pos] == c {
                    pos += 1
                    pc += 1
                } else {
                    ok = false
                }
            case .set(let k):
                if pos < n, (sets.baseAddress! + k).pointee.contains(input[pos]) {
                    pos += 1
                    pc += 1
                } else {
                    ok = false
                }
            case .run(let k, let min, let max, let greedy):
                let set = sets.baseAddress! + k
                if greedy {
                    var count = 0
                    while count < max, pos + count < n, set.pointee.contains(input[pos + count]) { count += 1 }
                    steps &+= count
                    if count < min {
                        ok = false
                    } else {
                        if count > min { stack.append(Frame(kind: .greedyRun, a: Int32(pc), pos: pos + count, extra: pos + min)) }
                        pos += count
                        pc += 1
                    }
                } else {
                    var count = 0
                    while count < min, pos + count < n, set.pointee.contains(input[pos + count]) { count += 1 }
                    steps &+= count
                    if count < min {
                        ok = false
                    } else {
                        pos += count
                        let limit = max == Int.max ? n : Swift.min(n, pos - min + max)
                        if pos < limit { stack.append(Frame(kind: .lazyRun, a: Int32(pc), pos: pos, extra: limit)) }
                        pc += 1
                    }
                }
            case .split(let first, let second):
                stack.append(Frame(kind: .branch, a: Int32(second), pos: pos, extra: 0))
                pc = first
            case .jump(let to):
                pc = to
            case .save(let r):
                stack.append(Frame(kind: .restore, a: Int32(r), pos: registers[r], extra: 0))
                registers[r] = pos
                pc += 1
            case .check(let r):
                if registers[r] == pos { ok = false } else { pc += 1 }
            case .start:
                if pos == 0 { pc += 1 } else { ok = false }
            case .end:
                if pos == n { pc += 1 } else { ok = false }
            case .wordBoundary(let negated):
                let before = pos > 0 && Self.isWord(input[pos - 1])
                let after = pos < n && Self.isWord(input[pos])
                if (before != after) != negated { pc += 1 } else { ok = false }
            case .look(let k, let behind, let negated):
                let sub = program.lookarounds[k]
                var regs = registers
                var matched = false
                if behind {
                    var j = pos
                    while j >= 0, !matched, !exhausted {
                        matched = run(sub, at: j, end: pos, registers: &regs)
                        j -= 1
                    }
                } else {
                    matched = run(sub, at: pos, end: nil, registers: &regs)
                }
                if exhausted { return false }
                if matched != negated {
                    // A positive lookaround's captures remain visible to backreferences.
                    if matched { registers = regs }
                    pc += 1
                } else {
                    ok = false
                }
            case .backreference(let g):
                let s = registers[2 * g]
                let e = registers[2 * g + 1]
                if s < 0 || e < s {
                    pc += 1
                } else {
                    let len = e - s
                    if pos + len <= n, (0..<len).allSatisfy({ input[s + $0] == input[pos + $0] }) {
                        pos += len
                        pc += 1
                    } else {
                        ok = false
                    }
                }
            case .match:
                if target == nil || pos == target! { return true }
                ok = false
            }
            if ok { continue }
            // Backtrack to the most recent alternative.
            var resumed = false
            while !resumed, let f = stack.popLast() {
                switch f.kind {
                case .restore:
                    registers[Int(f.a)] = f.pos
                case .branch:
                    pc = Int(f.a)
                    pos = f.pos
                    resumed = true
                case .greedyRun:
                    let shorter = f.pos - 1
                    if shorter > f.extra { stack.append(Frame(kind: .greedyRun, a: f.a, pos: shorter, extra: f.extra)) }
                    pos = shorter
                    pc = Int(f.a) + 1
                    resumed = true
                case .lazyRun:
                    guard case .run(let k, _, _, _) = insts[Int(f.a)], f.pos < f.extra, (sets.baseAddress! + k).pointee.contains(input[f.pos]) else { continue }
                    let longer = f.pos + 1
                    if longer < f.extra { stack.append(Frame(kind: .lazyRun, a: f.a, pos: longer, extra: f.extra)) }
                    pos = longer
                    pc = Int(f.a) + 1
                    resumed = true
                }
                steps &+= 1
            }
            if !resumed { return false }
        }
    }

    @inline(__always)
    static func isWord(_ c: UInt32) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
    }
}
