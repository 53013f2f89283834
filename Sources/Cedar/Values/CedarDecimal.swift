// The `decimal` extension type: a fixed-point number with four fractional digits, stored as an
// Int64 scaled by 10^4 so that equality is by value (`decimal("1.0") == decimal("1.0000")`).

/// A Cedar `decimal` value: up to four digits after the point, range
/// ±922337203685477.5807.
public struct CedarDecimal: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The value multiplied by 10,000.
    public let scaledValue: Int64

    /// Creates a decimal from its value multiplied by 10,000.
    public init(scaledValue: Int64) {
        self.scaledValue = scaledValue
    }

    /// Parses Cedar's decimal syntax, `-?[0-9]+\.[0-9]{1,4}`.
    ///
    /// Returns nil for anything else: no `+`, no exponent, at least one digit on each side of
    /// the point, at most four after it, and the value must fit the range.
    public init?(parsing text: String) {
        let utf8 = Array(text.utf8)
        guard let point = utf8.firstIndex(of: UInt8(ascii: ".")) else { return nil }
        let negative = utf8.first == UInt8(ascii: "-")
        let intStart = negative ? 1 : 0
        let intDigits = utf8[intStart..<point]
        let fracDigits = utf8[(point + 1)...]
        guard !intDigits.isEmpty, !fracDigits.isEmpty,
            intDigits.allSatisfy(Self.isDigit), fracDigits.allSatisfy(Self.isDigit),
            fracDigits.count <= 4
        else { return nil }
        // The integer part is read as a signed 64-bit value first, as the reference does, then
        // scaled; every step is checked for overflow.
        var whole: Int64 = 0
        for digit in intDigits {
            let (m, o1) = whole.multipliedReportingOverflow(by: 10)
            let d = Int64(digit - UInt8(ascii: "0"))
            let (s, o2) = negative ? m.subtractingReportingOverflow(d) : m.addingReportingOverflow(d)
            if o1 || o2 { return nil }
            whole = s
        }
        var fraction: Int64 = 0
        for digit in fracDigits { fraction = fraction * 10 + Int64(digit - UInt8(ascii: "0")) }
        for _ in fracDigits.count..<4 { fraction *= 10 }
        let (scaled, o1) = whole.multipliedReportingOverflow(by: 10_000)
        let (value, o2) =
            negative ? scaled.subtractingReportingOverflow(fraction) : scaled.addingReportingOverflow(fraction)
        if o1 || o2 { return nil }
        scaledValue = value
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    public static func < (lhs: CedarDecimal, rhs: CedarDecimal) -> Bool {
        lhs.scaledValue < rhs.scaledValue
    }

    /// The value with exactly four fractional digits, e.g. `-1.5000`.
    public var description: String {
        let magnitude = scaledValue.magnitude
        let whole = magnitude / 10_000
        let fraction = String(magnitude % 10_000)
        let padded = String(repeating: "0", count: 4 - fraction.count) + fraction
        return (scaledValue < 0 ? "-" : "") + "\(whole).\(padded)"
    }
}
