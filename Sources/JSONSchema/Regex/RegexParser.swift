// Parses ECMA-262 pattern syntax (with the `u` flag's semantics: code points, `\p{…}`) into a
// small syntax tree. In strict mode it applies the `u` flag's early errors (for
// `format: "regex"`); otherwise it also accepts the common Annex B leniencies that real-world
// `pattern`s rely on, such as `\-` or a literal `{`.

struct RegexParser {
    let s: [UInt32]
    var i = 0
    let strict: Bool
    private(set) var groupCount = 0
    var groupNames: [String: Int] = [:]
    /// Whether the pattern reads a capture (so matching must record them).
    var hasBackreference = false
    var namedReferences: [(String, Int)] = []
    let totalGroups: Int
    var depth = 0

    init(_ pattern: String, strict: Bool) {
        s = pattern.unicodeScalars.map(\.value)
        self.strict = strict
        totalGroups = Self.countGroups(s)
    }

    /// Parses the whole pattern.
    mutating func parse() throws(RegexSyntaxError) -> RegexNode {
        let node = try disjunction()
        if i < s.count { throw error(s[i] == 0x29 ? "unmatched ')'" : "unexpected character") }
        return node
    }

    /// Capturing groups, counted ahead so `\N` can be told from an escape.
    static func countGroups(_ s: [UInt32]) -> Int {
        var n = 0
        var k = 0
        var inClass = false
        while k < s.count {
            let c = s[k]
            if c == 0x5C { k += 2; continue }
            if inClass {
                if c == 0x5D { inClass = false }
            } else if c == 0x5B {
                inClass = true
            } else if c == 0x28 {
                if k + 1 < s.count, s[k + 1] == 0x3F {
                    // `(?<name>` captures; `(?<=` and `(?<!` do not.
                    if k + 3 < s.count, s[k + 2] == 0x3C, s[k + 3] != 0x3D, s[k + 3] != 0x21 { n += 1 }
                } else {
                    n += 1
                }
            }
            k += 1
        }
        return n
    }

    func error(_ message: String) -> RegexSyntaxError {
        RegexSyntaxError(message: "\(message) at offset \(i)")
    }

    func peek(_ offset: Int = 0) -> UInt32? { i + offset < s.count ? s[i + offset] : nil }

    mutating func eat(_ c: Character) -> Bool {
        if peek() == c.unicodeScalars.first!.value {
            i += 1
            return true
        }
        return false
    }

    // MARK: structure

    mutating func disjunction() throws(RegexSyntaxError) -> RegexNode {
        depth += 1
        defer { depth -= 1 }
        if depth > 200 { throw error("groups nested too deeply") }
        var alternatives = [try alternative()]
        while eat("|") { alternatives.append(try alternative()) }
        return alternatives.count == 1 ? alternatives[0] : .alternation(alternatives)
    }

    mutating func alternative() throws(RegexSyntaxError) -> RegexNode {
        var terms: [RegexNode] = []
        while let c = peek(), c != 0x7C, c != 0x29 {  // | )
            terms.append(try term())
        }
        return terms.count == 1 ? terms[0] : (terms.isEmpty ? .empty : .sequence(terms))
    }

    mutating func term() throws(RegexSyntaxError) -> RegexNode {
        let c = peek()!
        switch c {
        case 0x5E:  // ^
            i += 1
            return .start
        case 0x24:  // $
            i += 1
            return .end
        case 0x5C where peek(1) == 0x62 || peek(1) == 0x42:  // \b \B
            i += 2
            return .wordBoundary(negated: s[i - 1] == 0x42)
        case 0x28 where peek(1) == 0x3F && (peek(2) == 0x3D || peek(2) == 0x21):  // (?= (?!
            let negated = peek(2) == 0x21
            i += 3
            let body = try disjunction()
            guard eat(")") else { throw error("missing ')'") }
            // Annex B allows quantifying a lookahead; the `u` flag does not.
            return try quantified(.look(body, behind: false, negated: negated), allowQuantifier: !strict)
        case 0x28 where peek(1) == 0x3F && peek(2) == 0x3C && (peek(3) == 0x3D || peek(3) == 0x21):  // (?<= (?<!
            let negated = peek(3) == 0x21
            i += 4
            let body = try disjunction()
            guard eat(")") else { throw error("missing ')'") }
            return .look(body, behind: true, negated: negated)
        default:
            let atom = try atom()
            return try quantified(atom, allowQuantifier: true)
        }
    }

    mutating func quantified(_ atom: RegexNode, allowQuantifier: Bool) throws(RegexSyntaxError) -> RegexNode {
        guard let c = peek() else { return atom }
        var min = 0
        var max: Int? = nil
        switch c {
        case 0x2A: i += 1  // *
        case 0x2B:  // +
            i += 1
            min = 1
        case 0x3F:  // ?
            i += 1
            max = 1
        case 0x7B:  // {
            guard let (lo, hi) = try braces() else { return atom }
            min = lo
            max = hi
        default:
            return atom
        }
        guard allowQuantifier else { throw error("a lookahead cannot be quantified") }
        if case .start = atom { throw error("nothing to repeat") }
        if case .end = atom { throw error("nothing to repeat") }
        if case .wordBoundary = atom { throw error("nothing to repeat") }
        if let max, max < min { throw error("numbers out of order in {} quantifier") }
        let greedy = !eat("?")
        return .repetition(atom, min: min, max: max, greedy: greedy)
    }

    /// `{n}`, `{n,}`, `{n,m}`; `nil` (nothing consumed) when the brace is not a quantifier,
    /// which strict mode rejects.
    mutating func braces() throws(RegexSyntaxError) -> (Int, Int?)? {
        let start = i
        i += 1
        func number() -> Int? {
            var v = 0
            var any = false
            while let d = peek(), d >= 0x30, d <= 0x39 {
                v = Swift.min(v * 10 + Int(d - 0x30), 1_000_000)
                any = true
                i += 1
            }
            return any ? v : nil
        }
        if let lo = number() {
            var hi: Int? = lo
            if eat(",") { hi = number() }
            if eat("}") { return (lo, hi) }
        }
        i = start
        if strict { throw error("incomplete quantifier") }
        return nil
    }

    mutating func atom() throws(RegexSyntaxError) -> RegexNode {
        let c = peek()!
        switch c {
        case 0x2E:  // .
            i += 1
            var set = CharSet(ranges: CharSet.lineTerminators, negated: true)
            set.finish()
            return .set(set)
        case 0x28:  // (
            i += 1
            var capture: Int? = nil
            if eat("?") {
                if eat(":") {
                    // non-capturing
                } else if eat("<") {
                    let name = try groupName()
                    groupCount += 1
                    capture = groupCount
                    if groupNames[name] != nil { throw error("duplicate group name \(name)") }
                    groupNames[name] = groupCount
                } else {
                    throw error("invalid group")
                }
            } else {
                groupCount += 1
                capture = groupCount
            }
            let body = try disjunction()
            guard eat(")") else { throw error("missing ')'") }
            return .group(body, capture: capture)
        case 0x29: throw error("unmatched ')'")
        case 0x5B: return .set(try characterClass())
        case 0x5C: return try atomEscape()
        case 0x2A, 0x2B, 0x3F: throw error("nothing to repeat")
        case 0x7B:
            if strict { throw error("lone '{'") }
            if (try? peekBracesIsQuantifier()) == true { throw error("nothing to repeat") }
            i += 1
            return .char(c)
        case 0x7D, 0x5D:
            if strict { throw error("lone '\(Character(Unicode.Scalar(c)!))'") }
            i += 1
            return .char(c)
        default:
            i += 1
            return .char(c)
        }
    }

    mutating func peekBracesIsQuantifier() throws(RegexSyntaxError) -> Bool {
        let start = i
        defer { i = start }
        return try braces() != nil
    }

    mutating func groupName() throws(RegexSyntaxError) -> String {
        var name = ""
        while let c = peek(), c != 0x3E {
            guard let u = Unicode.Scalar(c), u.properties.isIDContinue || c == 0x24 else { throw error("invalid group name") }
            if name.isEmpty, !(u.properties.isIDStart || c == 0x24 || c == 0x5F) { throw error("invalid group name") }
            name.unicodeScalars.append(u)
            i += 1
        }
        guard eat(">"), !name.isEmpty else { throw error("invalid group name") }
        return name
    }
}
