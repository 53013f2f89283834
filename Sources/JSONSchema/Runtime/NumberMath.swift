// Exact numeric comparisons and `multipleOf` on decimals. Doubles are read back as their
// shortest decimal form (what the JSON text said), so 19.99 is a multiple of 0.01 and 1e308
// of 0.5, which binary floating-point division gets wrong.

enum NumberMath {
    /// -1, 0 or 1 as `a` is less than, equal to or greater than `b` (both numbers).
    static func compare(_ a: JSONValue, _ b: JSONValue) -> Int {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y ? -1 : (x > y ? 1 : 0)
        case (.int(let x), .double(let y)): return compare(x, y)
        case (.double(let x), .int(let y)): return -compare(y, x)
        case (.double(let x), .double(let y)): return x < y ? -1 : (x > y ? 1 : 0)
        default: return 0
        }
    }

    /// Integer against double without the rounding of `Double(x)`.
    static func compare(_ x: Int64, _ y: Double) -> Int {
        if y.isNaN { return 0 }
        if y >= 9.223372036854775808e18 { return -1 }
        if y < -9.223372036854775808e18 { return 1 }
        let t = y.rounded(.down)
        let ti = Int64(t)
        if x < ti { return -1 }
        if x > ti { return 1 }
        return t == y ? 0 : -1
    }

    /// A finite number as `significand × 10^exponent` with an integer significand.
    struct Decimal {
        var significand: UInt64
        var exponent: Int
    }

    static func decimal(_ v: JSONValue) -> Decimal? {
        switch v {
        case .int(let i): return Decimal(significand: i.magnitude, exponent: 0)
        case .double(let d):
            guard d.isFinite else { return nil }
            return decimal(text: d.magnitude.description)
        default: return nil
        }
    }

    /// Parses Swift's shortest description (`1.5`, `1e-05`, `2.5e+20`).
    static func decimal(text: String) -> Decimal? {
        var sig: UInt64 = 0
        var exp = 0
        var seenDot = false
        var digits = 0
        var chars = Substring(text)
        var expPart = 0
        if let e = chars.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            var digits = chars[chars.index(after: e)...]
            if digits.first == "+" { digits = digits.dropFirst() }
            guard let x = Int(digits) else { return nil }
            expPart = x
            chars = chars[..<e]
        }
        for c in chars {
            if c == "." {
                seenDot = true
                continue
            }
            guard let d = c.wholeNumberValue else { return nil }
            if sig == 0 && d == 0 {
                if seenDot { exp -= 1 }
                continue
            }
            digits += 1
            guard digits <= 19 else { return nil }
            sig = sig * 10 + UInt64(d)
            if seenDot { exp -= 1 }
        }
        // Normalise trailing zeros into the exponent so significands stay small.
        while sig != 0 && sig % 10 == 0 {
            sig /= 10
            exp += 1
        }
        return Decimal(significand: sig, exponent: exp + expPart)
    }

    /// Whether `value / divisor` is an integer, computed exactly on the decimal forms.
    static func isMultiple(_ value: JSONValue, of divisor: JSONValue) -> Bool {
        if case .int(let v) = value, case .int(let d) = divisor, d != 0 { return v % d == 0 }
        guard let a = decimal(value), let b = decimal(divisor), b.significand != 0 else {
            return fallbackIsMultiple(value, divisor)
        }
        if a.significand == 0 { return true }
        // a = m1·10^e1, b = m2·10^e2. a/b is an integer iff m2 divides m1·10^(e1−e2) (e1 ≥ e2),
        // or m2·10^(e2−e1) divides m1 (e1 < e2).
        if a.exponent >= b.exponent {
            let k = a.exponent - b.exponent
            return mulMod(a.significand % b.significand, powMod(10, k, b.significand), b.significand) == 0
        }
        let k = b.exponent - a.exponent
        guard k <= 19 else { return false }
        var m2 = b.significand
        for _ in 0..<k {
            let (r, o) = m2.multipliedReportingOverflow(by: 10)
            if o { return false }
            m2 = r
        }
        return a.significand % m2 == 0
    }

    static func mulMod(_ a: UInt64, _ b: UInt64, _ m: UInt64) -> UInt64 {
        let (hi, lo) = a.multipliedFullWidth(by: b)
        return m.dividingFullWidth((hi % m, lo)).remainder
    }

    static func powMod(_ base: UInt64, _ exp: Int, _ m: UInt64) -> UInt64 {
        if m == 1 { return 0 }
        var result: UInt64 = 1
        var b = base % m
        var e = exp
        while e > 0 {
            if e & 1 == 1 { result = mulMod(result, b, m) }
            b = mulMod(b, b, m)
            e >>= 1
        }
        return result
    }

    static func fallbackIsMultiple(_ value: JSONValue, _ divisor: JSONValue) -> Bool {
        guard let v = value.doubleValue, let d = divisor.doubleValue, d != 0 else { return false }
        let q = v / d
        return q.isFinite && q.rounded() == q
    }
}
