// The `duration` extension type: a signed number of milliseconds, parsed from Cedar's
// `-?(Nd)?(Nh)?(Nm)?(Ns)?(Nms)?` syntax with every step checked for Int64 overflow.

/// A Cedar `duration` value: a signed span of time in milliseconds.
public struct CedarDuration: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The span in milliseconds.
    public let milliseconds: Int64

    /// Creates a duration of the given number of milliseconds.
    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    /// Parses quantity-unit pairs in the order `d h m s ms`, each unit at most once, with an
    /// optional leading `-` that negates the whole duration (`-1d12h` is −36 hours).
    ///
    /// Returns nil for an empty string, units out of order or repeated, a sign anywhere but the
    /// front, or a value that does not fit in 64 bits.
    public init?(parsing text: String) {
        let s = Array(text.utf8)
        let negative = s.first == UInt8(ascii: "-")
        var i = negative ? 1 : 0
        guard i < s.count else { return nil }
        // Units in the only order allowed; `m` must not swallow the `m` of `ms`.
        let units: [(name: [UInt8], factor: Int64)] = [
            (Array("d".utf8), 86_400_000), (Array("h".utf8), 3_600_000), (Array("m".utf8), 60_000),
            (Array("s".utf8), 1000), (Array("ms".utf8), 1),
        ]
        var amounts = [UInt64?](repeating: nil, count: 5)
        var next = 0
        while i < s.count {
            let start = i
            while i < s.count, s[i] >= UInt8(ascii: "0"), s[i] <= UInt8(ascii: "9") { i += 1 }
            guard i > start else { return nil }
            let numberBytes = s[start..<i]
            var unitEnd = i
            while unitEnd < s.count, s[unitEnd] >= UInt8(ascii: "a"), s[unitEnd] <= UInt8(ascii: "z") { unitEnd += 1 }
            let unit = Array(s[i..<unitEnd])
            guard let u = units.indices.first(where: { units[$0].name == unit }), u >= next else { return nil }
            // A number too large for u64 is an overflow; larger than i64 is caught below.
            var n: UInt64 = 0
            for d in numberBytes {
                let (m, o1) = n.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(UInt64(d - UInt8(ascii: "0")))
                if o1 || o2 { return nil }
                n = a
            }
            amounts[u] = n
            next = u + 1
            i = unitEnd
        }
        // Accumulate from the smallest unit up, as the reference does, so overflow is detected
        // identically.
        var total: Int64 = 0
        for u in stride(from: 4, through: 0, by: -1) {
            guard let n = amounts[u] else { continue }
            // The milliseconds term is negated in 128 bits by the reference, so exactly 2^63 ms
            // is still representable when negative.
            if u == 4 && negative && n == UInt64(Int64.max) + 1 {
                total = .min
                continue
            }
            guard n <= UInt64(Int64.max) else { return nil }
            let (part, o1) = Int64(n).multipliedReportingOverflow(by: units[u].factor)
            if o1 { return nil }
            let (sum, o2) = negative ? total.subtractingReportingOverflow(part) : total.addingReportingOverflow(part)
            if o2 { return nil }
            total = sum
        }
        milliseconds = total
    }

    public static func < (lhs: CedarDuration, rhs: CedarDuration) -> Bool {
        lhs.milliseconds < rhs.milliseconds
    }

    /// Whole seconds, truncated toward zero.
    public var seconds: Int64 { milliseconds / 1000 }
    /// Whole minutes, truncated toward zero.
    public var minutes: Int64 { seconds / 60 }
    /// Whole hours, truncated toward zero.
    public var hours: Int64 { minutes / 60 }
    /// Whole days, truncated toward zero.
    public var days: Int64 { hours / 24 }

    /// The duration in Cedar syntax, in milliseconds: `1500ms` or `-1500ms`.
    public var description: String { "\(milliseconds)ms" }
}
