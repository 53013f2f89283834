// RFC 3492 Punycode, decoding and encoding, for checking IDNA A-labels (`xn--…`).

enum Punycode {
    private static let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700, initialBias = 72, initialN = 128

    private static func adapt(_ delta: Int, _ numPoints: Int, _ first: Bool) -> Int {
        var delta = first ? delta / damp : delta / 2
        delta += delta / numPoints
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }

    /// Decodes the part after `xn--`; `nil` if it is not valid Punycode.
    static func decode(_ input: Substring) -> [UInt32]? {
        let u = Array(input.utf8)
        guard u.allSatisfy({ $0 < 0x80 }) else { return nil }
        var output: [UInt32] = []
        var i = 0
        var start = 0
        if let d = u.lastIndex(of: UInt8(ascii: "-")) {
            output = u[..<d].map(UInt32.init)
            start = d + 1
        }
        var n = initialN
        var bias = initialBias
        var pos = start
        while pos < u.count {
            let oldi = i
            var w = 1
            var k = base
            while true {
                guard pos < u.count else { return nil }
                let c = u[pos]
                pos += 1
                let digit: Int
                switch c {
                case 0x30...0x39: digit = Int(c) - 22
                case 0x41...0x5A: digit = Int(c) - 0x41
                case 0x61...0x7A: digit = Int(c) - 0x61
                default: return nil
                }
                let (m, o) = digit.multipliedReportingOverflow(by: w)
                guard !o else { return nil }
                i += m
                guard i <= 0x10FFFF * 1000 else { return nil }
                let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                if digit < t { break }
                w *= base - t
                k += base
            }
            bias = adapt(i - oldi, output.count + 1, oldi == 0)
            n += i / (output.count + 1)
            i %= output.count + 1
            guard n <= 0x10FFFF else { return nil }
            output.insert(UInt32(n), at: i)
            i += 1
        }
        return output
    }

    /// Encodes code points as Punycode (without `xn--`).
    static func encode(_ input: [UInt32]) -> String? {
        var output: [UInt8] = input.filter { $0 < 0x80 }.map { UInt8($0) }
        let b = output.count
        var h = b
        if b > 0 { output.append(UInt8(ascii: "-")) }
        var n = initialN
        var delta = 0
        var bias = initialBias
        while h < input.count {
            guard let m = input.filter({ Int($0) >= n }).min() else { return nil }
            delta += (Int(m) - n) * (h + 1)
            n = Int(m)
            for c in input {
                if Int(c) < n { delta += 1 }
                if Int(c) == n {
                    var q = delta
                    var k = base
                    while true {
                        let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                        if q < t { break }
                        let d = t + (q - t) % (base - t)
                        output.append(d < 26 ? UInt8(d + 0x61) : UInt8(d - 26 + 0x30))
                        q = (q - t) / (base - t)
                        k += base
                    }
                    output.append(q < 26 ? UInt8(q + 0x61) : UInt8(q - 26 + 0x30))
                    bias = adapt(delta, h + 1, h == b)
                    delta = 0
                    h += 1
                }
            }
            delta += 1
            n += 1
        }
        return String(decoding: output, as: UTF8.self)
    }
}
