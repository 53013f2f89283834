// Character classes for the ECMA-262 regex engine: code-point ranges plus Unicode property
// tests (`\p{…}`), with a bitmap for ASCII so the common case is one lookup.

/// A character class: `[…]`, `\d`, `\w`, `\s`, `.`, or a `\p{…}`.
struct CharSet: Sendable {
    /// Sorted, non-overlapping ranges.
    var ranges: [ClosedRange<UInt32>] = []
    var properties: [UnicodeProperty] = []
    var negated = false
    /// Membership of code points 0–127, precomputed (negation included).
    private(set) var asciiLow: UInt64 = 0
    private(set) var asciiHigh: UInt64 = 0

    static let digits: [ClosedRange<UInt32>] = [0x30...0x39]
    static let word: [ClosedRange<UInt32>] = [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A]
    static let space: [ClosedRange<UInt32>] = [
        0x09...0x0D, 0x20...0x20, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A, 0x2028...0x2029,
        0x202F...0x202F, 0x205F...0x205F, 0x3000...0x3000, 0xFEFF...0xFEFF,
    ]
    static let lineTerminators: [ClosedRange<UInt32>] = [0x0A...0x0A, 0x0D...0x0D, 0x2028...0x2029]

    /// The complement of sorted ranges within 0…0x10FFFF.
    static func complement(_ r: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        var out: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for x in r {
            if x.lowerBound > next { out.append(next...(x.lowerBound - 1)) }
            next = x.upperBound + 1
        }
        if next <= 0x10FFFF { out.append(next...0x10FFFF) }
        return out
    }

    /// Sorts and merges the ranges and fills the ASCII bitmap; call once after building.
    mutating func finish() {
        ranges.sort { $0.lowerBound < $1.lowerBound }
        var merged: [ClosedRange<UInt32>] = []
        for r in ranges {
            if let last = merged.last, r.lowerBound <= last.upperBound &+ 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, r.upperBound)
            } else {
                merged.append(r)
            }
        }
        ranges = merged
        asciiLow = 0
        asciiHigh = 0
        for c in UInt32(0)..<128 where slowContains(c) {
            if c < 64 { asciiLow |= 1 << UInt64(c) } else { asciiHigh |= 1 << UInt64(c - 64) }
        }
    }

    @inline(__always)
    func contains(_ c: UInt32) -> Bool {
        if c < 64 { return asciiLow & (1 << UInt64(c)) != 0 }
        if c < 128 { return asciiHigh & (1 << UInt64(c - 64)) != 0 }
        return slowContains(c)
    }

    private func slowContains(_ c: UInt32) -> Bool {
        var lo = 0
        var hi = ranges.count
        var found = false
        while lo < hi {
            let mid = (lo + hi) / 2
            if ranges[mid].upperBound < c {
                lo = mid + 1
            } else if ranges[mid].lowerBound > c {
                hi = mid
            } else {
                found = true
                break
            }
        }
        if !found { found = properties.contains { $0.matches(c) } }
        return found != negated
    }
}
