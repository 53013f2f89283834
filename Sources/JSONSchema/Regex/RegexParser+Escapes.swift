// Escapes and character classes of ECMA-262 patterns: `\d`-style class escapes, `\p{…}`,
// control and hex escapes, backreferences, and `[…]` classes with ranges.

extension RegexParser {
    // MARK: escapes

    mutating func atomEscape() throws(RegexSyntaxError) -> RegexNode {
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
            if n <= totalGroups {
                hasBackreference = true
                return .backreference(n)
            }
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
            hasBackreference = true
            return .backreference(-namedReferences.count)
        }
        if let set = try classEscape() { return .set(set) }
        return .char(try characterEscape(inClass: false))
    }

    var groupNamesPresent: Bool { s.contains(0x3C) }

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
    mutating func classEscape() throws(RegexSyntaxError) -> CharSet? {
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
    mutating func characterEscape(inClass: Bool) throws(RegexSyntaxError) -> UInt32 {
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

    mutating func hex(_ n: Int) -> UInt32? {
        guard i + n <= s.count else { return nil }
        var v: UInt32 = 0
        for k in 0..<n {
            guard let h = Self.hexValue(s[i + k]) else { return nil }
            v = v * 16 + h
        }
        i += n
        return v
    }

    static func hexValue(_ c: UInt32) -> UInt32? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x41...0x46: c - 0x41 + 10
        case 0x61...0x66: c - 0x61 + 10
        default: nil
        }
    }

    // MARK: classes

    mutating func characterClass() throws(RegexSyntaxError) -> CharSet {
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
    mutating func classAtom() throws(RegexSyntaxError) -> (UInt32, CharSet?) {
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
