// A `like` pattern: literal characters and `*` wildcards, matched against a whole string one
// Unicode scalar at a time. Common shapes (no star, `a*`, `*a`, `*a*`) are recognised when the
// pattern is built so that matching them is a plain prefix/suffix/substring test.

/// A compiled `like` pattern.
struct Pattern: Sendable, Hashable {
    let elements: [CedarString.PatternElement]
    private let shape: Shape

    private enum Shape: Hashable, Sendable {
        case exact([UInt8])
        case prefix([UInt8])
        case suffix([UInt8])
        case infix([UInt8])
        case general
    }

    init(_ elements: [CedarString.PatternElement]) {
        self.elements = elements
        // Literal runs between stars, as UTF-8; consecutive stars match what one star matches.
        var parts: [[UInt8]] = [[]]
        var previousWasStar = false
        for e in elements {
            switch e {
            case .wildcard:
                if !previousWasStar { parts.append([]) }
                previousWasStar = true
            case .character(let c):
                parts[parts.count - 1].append(contentsOf: Array(String(Character(c)).utf8))
                previousWasStar = false
            }
        }
        switch parts.count {
        case 1: shape = .exact(parts[0])
        case 2 where parts[1].isEmpty: shape = .prefix(parts[0])
        case 2 where parts[0].isEmpty: shape = .suffix(parts[1])
        case 3 where parts[0].isEmpty && parts[2].isEmpty: shape = .infix(parts[1])
        default: shape = .general
        }
        segments = parts
    }

    /// The literal runs between stars (first and last may be empty), as UTF-8.
    private let segments: [[UInt8]]

    /// Whether the whole of `text` matches the pattern.
    ///
    /// Matching works on UTF-8 bytes. That is equivalent to matching Unicode scalars: a literal
    /// run starts with a lead byte, so it can only match where a scalar starts.
    func matches(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { s in
            switch shape {
            case .exact(let lit): return s.elementsEqual(lit)
            case .prefix(let lit): return s.count >= lit.count && s.prefix(lit.count).elementsEqual(lit)
            case .suffix(let lit): return s.count >= lit.count && s.suffix(lit.count).elementsEqual(lit)
            case .infix(let lit): return Self.find(lit, in: s, from: 0) != nil
            case .general: return Self.matchSegments(segments, s)
            }
        }
    }

    /// The end of the first occurrence of `needle` in `s` at or after `start`.
    private static func find(_ needle: [UInt8], in s: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        if needle.isEmpty { return start }
        guard s.count - start >= needle.count else { return nil }
        let first = needle[0]
        var i = start
        while i <= s.count - needle.count {
            if s[i] == first {
                var j = 1
                while j < needle.count && s[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i + needle.count }
            }
            i += 1
        }
        return nil
    }

    /// `seg0 * seg1 * ... * segN`: the first run anchors the start, the last the end, and each
    /// middle run is matched at its leftmost position, which is optimal for stars.
    private static func matchSegments(_ segments: [[UInt8]], _ s: UnsafeBufferPointer<UInt8>) -> Bool {
        let first = segments[0]
        let last = segments[segments.count - 1]
        guard s.count >= first.count + last.count, s.prefix(first.count).elementsEqual(first),
            s.suffix(last.count).elementsEqual(last)
        else { return false }
        var position = first.count
        let limit = s.count - last.count
        for segment in segments[1..<(segments.count - 1)] {
            guard let end = find(segment, in: UnsafeBufferPointer(rebasing: s[..<limit]), from: position) else {
                return false
            }
            position = end
        }
        return true
    }

    static func == (lhs: Pattern, rhs: Pattern) -> Bool { lhs.elements == rhs.elements }
    func hash(into hasher: inout Hasher) { hasher.combine(elements) }
}
