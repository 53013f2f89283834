// The instruction set of the regex VM and a compiled program (instructions, character sets,
// lookaround bodies).

enum RegexInst: Sendable {
    case char(UInt32)
    case set(Int)
    /// Repeats set `set` between `min` and `max` times.
    case run(set: Int, min: Int, max: Int, greedy: Bool)
    /// Tries `first`, and on failure `second`.
    case split(Int, Int)
    case jump(Int)
    /// Stores the position in register `n` (captures and loop-progress marks).
    case save(Int)
    /// Fails if the position equals register `n` (an empty loop iteration).
    case check(Int)
    case start, end
    case wordBoundary(negated: Bool)
    case look(program: Int, behind: Bool, negated: Bool)
    case backreference(Int)
    case match
}

/// A compiled pattern (or lookaround body).
struct RegexProgram: Sendable {
    var insts: [RegexInst] = []
    var sets: [CharSet] = []
    var lookarounds: [RegexProgram] = []
    /// Registers: two per capture group when captures are kept (0 is the whole match), then
    /// loop marks.
    var registerCount = 0
}
