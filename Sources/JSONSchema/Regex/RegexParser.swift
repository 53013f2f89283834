// Parses ECMA-262 pattern syntax (with the `u` flag's semantics: code points, `\p{…}`) into a
// small syntax tree. In strict mode it applies the `u` flag's early errors (for
// `format: "regex"`); otherwise it also accepts the common Annex B leniencies that real-world
// `pattern`s rely on, such as `\-` or a literal `{`.

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

struct RegexParser {
    private let s: [UInt32]
    private var i = 0
    private let strict: Bool
    private(set) var groupCount = 0
    private var groupNames: [String: Int] = [:]
    private var namedReferences: [(String, Int)] = []
    private let totalGroups: Int
    private var depth = 0

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
    private static func countGroups(_ s: [UInt32]) -> Int {
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

    private func error(_ message: String) -> RegexSyntaxError {
        RegexSyntaxError(message: "\(message) at offset \(i)")
    }

    private func peek(_ offset: Int = 0) -> UInt32? { i + offset < s.count ? s[i + offset] : nil }

    private mutating func eat(_ c: Character) -> Bool {
        if peek() == c.unicodeScalars.first!.value {
            i += 1
            return true
        }
        return false
    }

    // MARK: structure

    private mutating func disjunction() throws(RegexSyntaxError) -> RegexNode {
        depth += 1
        defer { depth -= 1 }
        if depth > 200 { throw error("groups nested too deeply") }
        var alternatives = [try alternative()]
        while eat("|") { alternatives.append(try alternative()) }
        return alternatives.count == 1 ? alternatives[0] : .alternation(alternatives)
    }

    private mutating func alternative() throws(RegexSyntaxError) -> RegexNode {
        var terms: [RegexNode] = []
        while let c = peek(), c != 0x7C, c != 0x29 {  // | )
            terms.append(try term())
        }
        return terms.count == 1 ? terms[0] : (terms.isEmpty ? .empty : .sequence(terms))
    }

    private mutating func term() throws(RegexSyntaxError) -> RegexNode {
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

    private mutating func quantified(_ atom: RegexNode, allowQuantifier: Bool) throws(RegexSyntaxError) -> RegexNode {
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
    private mutating func braces() throws(RegexSyntaxError) -> (Int, Int?)? {
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

    private mutating func atom() throws(RegexSyntaxError) -> RegexNode {
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

    private mutating func peekBracesIsQuantifier() throws(RegexSyntaxError) -> Bool {
        let start = i
        defer { i = start }
        return try braces() != nil
    }

    private mutating func groupName() throws(RegexSyntaxError) -> String {
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

    // MARK: escapes

    private mutating func atomEscape() throws(RegexSyntaxError) -> RegexNode {
        i += 1  // backslash
        guard let c = peek() else { throw error("\\ at end of pattern") }
        // Backreferences: \1…\9… (a number no larger than the group count).
        if c >= 0x31, c <= 0x39 {
            let start = i
            var n = 0
            while let d = peek(), d >= 0x30, d <= 0x39 {
                n = Swift.min(n * 10 + Int(d - 0x30), 100_000)
                i += 1
            }
            if n <= totalGroups { return .backreference(n) }
            i = start
            throw error("reference to a group that does not exist")
        }
        if c == 0x6B {  // \k<name>
            i += 1
            guard eat("<") else {
                if strict || !groupNamesPresent { throw error("invalid named reference") }
                return .char(0x6B)
            }
            let name = try groupName()
            namedReferences.append((name, 0))
            return .backreference(-namedReferences.count)
        }
        if let set = try classEscape() { return .set(set) }
        return .char(try characterEscape(inClass: false))
    }

    private var groupNamesPresent: Bool { s.contains(0x3C) }

    /// Replaces named-reference placeholders (negative indices into `namedReferences`; a name
    /// may be defined after its use) by group numbers.
    func resolveNames(_ node: RegexNode) throws(RegexSyntaxError) -> RegexNode {
        switch node {
        case .backreference(let n) where n < 0:
            let name = namedReferences[-n - 1].0
            guard let g = groupNames[name] else { throw RegexSyntaxError(message: "reference to an undefined group name \(name)") }
            return .backreference(g)
        case .sequence(let xs):
            var out: [RegexNode] = []
            for x in xs { out.append(try resolveNames(x)) }
            return .sequence(out)
        case .alternation(let xs):
            var out: [RegexNode] = []
            for x in xs { out.append(try resolveNames(x)) }
            return .alternation(out)
        case .group(let x, let c): return .group(try resolveNames(x), capture: c)
        case .repetition(let x, let lo, let hi, let g): return .repetition(try resolveNames(x), min: lo, max: hi, greedy: g)
        case .look(let x, let b, let n): return .look(try resolveNames(x), behind: b, negated: n)
        default: return node
        }
    }

    /// `\d \D \w \W \s \S \p{…} \P{…}` (position just after the backslash), or `nil`.
    private mutating func classEscape() throws(RegexSyntaxError) -> CharSet? {
        let c = peek()!
        var set = CharSet()
        switch c {
        case 0x64: set.ranges = CharSet.digits
        case 0x44: set.ranges = CharSet.complement(CharSet.digits)
        case 0x77: set.ranges = CharSet.word
        case 0x57: set.ranges = CharSet.complement(CharSet.word)
        case 0x73: set.ranges = CharSet.space
        case 0x53: set.ranges = CharSet.complement(CharSet.space)
        case 0x70, 0x50:  // p P
            i += 1
            guard eat("{") else { throw error("\\p needs {…}") }
            var name = ""
            while let d = peek(), d != 0x7D, let u = Unicode.Scalar(d) {
                name.unicodeScalars.append(u)
                i += 1
            }
            guard eat("}") else { throw error("unterminated \\p{…}") }
            guard let p = UnicodeProperty.parse(name, negated: c == 0x50) else { throw error("unknown Unicode property \(name)") }
            set.properties = [p]
            set.finish()
            return set
        default:
            return nil
        }
        i += 1
        set.finish()
        return set
    }

    /// A single-character escape (position just after the backslash).
    private mutating func characterEscape(inClass: Bool) throws(RegexSyntaxError) -> UInt32 {
        let c = peek()!
        i += 1
        switch c {
        case 0x74: return 0x09  // t
        case 0x6E: return 0x0A  // n
        case 0x76: return 0x0B  // v
        case 0x66: return 0x0C  // f
        case 0x72: return 0x0D  // r
        case 0x63:  // c
            if let l = peek(), (l >= 0x41 && l <= 0x5A) || (l >= 0x61 && l <= 0x7A) {
                i += 1
                return l % 32
            }
            throw error("\\c must be followed by a letter")
        case 0x30:  // \0
            if let d = peek(), d >= 0x30, d <= 0x39 { throw error("octal escapes are not allowed") }
            return 0
        case 0x78:  // x
            guard let v = hex(2) else { throw error("\\x needs two hex digits") }
            return v
        case 0x75:  // u
            if eat("{") {
                var v: UInt32 = 0
                var any = false
                while let d = peek(), let h = Self.hexValue(d) {
                    v = v * 16 + h
                    any = true
                    i += 1
                    if v > 0x10FFFF { throw error("\\u{…} out of range") }
                }
                guard any, eat("}") else { throw error("invalid \\u{…} escape") }
                return v
            }
            guard let v = hex(4) else { throw error("\\u needs four hex digits") }
            // A surrogate pair written as two escapes is one code point.
            if (0xD800...0xDBFF).contains(v), peek() == 0x5C, peek(1) == 0x75 {
                let save = i
                i += 2
                if let lo = hex(4), (0xDC00...0xDFFF).contains(lo) { return 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00) }
                i = save
            }
            return v
        case 0x2D where inClass: return c  // \- inside a class
        default:
            // Identity escapes: syntax characters and `/` (strict); any non-alphanumeric (lenient).
            let syntax: Set<UInt32> = [0x5E, 0x24, 0x5C, 0x2E, 0x2A, 0x2B, 0x3F, 0x28, 0x29, 0x5B, 0x5D, 0x7B, 0x7D, 0x7C, 0x2F]
            if syntax.contains(c) { return c }
            let alnum = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
            if strict || alnum { throw error("invalid escape \\\(Character(Unicode.Scalar(c) ?? "?"))") }
            return c
        }
    }

    private mutating func hex(_ n: Int) -> UInt32? {
        guard i + n <= s.count else { return nil }
        var v: UInt32 = 0
        for k in 0..<n {
            guard let h = Self.hexValue(s[i + k]) else { return nil }
            v = v * 16 + h
        }
        i += n
        return v
    }

    private static func hexValue(_ c: UInt32) -> UInt32? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x41...0x46: c - 0x41 + 10
        case 0x61...0x66: c - 0x61 + 10
        default: nil
        }
    }

    // MARK: classes

    private mutating func characterClass() throws(RegexSyntaxError) -> CharSet {
        i += 1  // [
        var set = CharSet()
        if eat("^") { set.negated = true }
        while true {
            guard let c = peek() else { throw error("unterminated character class") }
            if c == 0x5D {
                i += 1
                break
            }
            let (lo, loSet) = try classAtom()
            if peek() == 0x2D, let next = peek(1), next != 0x5D {
                i += 1  // -
                let (hi, hiSet) = try classAtom()
                if let loSet {
                    // `[\d-z]`: an escape class cannot bound a range (an error with `u`).
                    if strict || hiSet != nil { throw error("invalid character class range") }
                    set.ranges += loSet.ranges
                    set.properties += loSet.properties
                    set.ranges.append(0x2D...0x2D)
                    if let hiSet { set.ranges += hiSet.ranges } else { set.ranges.append(hi...hi) }
                    continue
                }
                if let hiSet {
                    if strict { throw error("invalid character class range") }
                    set.ranges.append(lo...lo)
                    set.ranges.append(0x2D...0x2D)
                    set.ranges += hiSet.ranges
                    set.properties += hiSet.properties
                    continue
                }
                guard lo <= hi else { throw error("range out of order in character class") }
                set.ranges.append(lo...hi)
            } else if let loSet {
                set.ranges += loSet.ranges
                set.properties += loSet.properties
            } else {
                set.ranges.append(lo...lo)
            }
        }
        set.finish()
        return set
    }

    /// One class member: a code point, or an escape class (`\d`, `\p{…}`).
    private mutating func classAtom() throws(RegexSyntaxError) -> (UInt32, CharSet?) {
        let c = peek()!
        if c == 0x5C {
            i += 1
            guard let e = peek() else { throw error("\\ at end of pattern") }
            if e == 0x62 {  // \b is backspace in a class
                i += 1
                return (0x08, nil)
            }
            if let set = try classEscape() { return (0, set) }
            if !strict, e >= 0x30, e <= 0x39 {
                // Annex B: digits in a class are identity or octal escapes; keep the digit.
                i += 1
                return (e, nil)
            }
            return (try characterEscape(inClass: true), nil)
        }
        i += 1
        return (c, nil)
    }
}
