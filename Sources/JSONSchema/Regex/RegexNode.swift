// The regex syntax tree, and the error for patterns that do not parse.

/// A pattern that is not a valid regular expression.
struct RegexSyntaxError: Error, Sendable {
    let message: String
}

/// The syntax tree of a pattern.
indirect enum RegexNode: Sendable {
    case empty
    case char(UInt32)
    case set(CharSet)
    case sequence([RegexNode])
    case alternation([RegexNode])
    case group(RegexNode, capture: Int?)
    case repetition(RegexNode, min: Int, max: Int?, greedy: Bool)
    case start, end
    case wordBoundary(negated: Bool)
    case look(RegexNode, behind: Bool, negated: Bool)
    case backreference(Int)
}
