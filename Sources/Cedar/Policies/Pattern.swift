// A `like` pattern: literal characters and `*` wildcards, matched against a whole string one
// Unicode scalar at a time. Common shapes (no star, `a*`, `*a`, `*a*`) are recognised when the
// pattern is built so that matching them is a plain prefix/suffix/substring test.

/// A compiled `like` pattern.
struct Pattern: Sendable, Hashable {
    let elements: [CedarString.PatternElement]
    private let shape: Shape

    private enum Shape: Hashable, Sendable {
        case exact([Unicode.Scalar])
        case prefix([Unicode.Scalar])
        case suffix([Unicode.Scalar])
        case infix([Unicode.Scalar])
        case general
    }

    init(_ elements: [CedarString.PatternElement]) {
        self.elements = elements
        // Literal runs between stars; consecutive stars match what one star matches.
        var parts: [[Unicode.Scalar]] = [[]]
        var previousWasStar = false
        for e in elements {
            switch e {
            case .wildcard:
                if !previousWasStar { parts.append([]) }
                previousWasStar = true
            case .character(let c):
                parts[parts.count - 1].append(c)
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
    }

    /// Whether the whole of `text` matches the pattern.
    func matches(_ text: String) -> Bool {
        switch shape {
        case .exact(let lit): return text.unicodeScalars.elementsEqual(lit)
        case .prefix(let lit): return text.unicodeScalars.starts(with: lit)
        case .suffix(let lit): return text.unicodeScalars.reversed().starts(with: lit.reversed())
        case .infix(let lit):
            if lit.isEmpty { return true }
            let s = Array(text.unicodeScalars)
            guard s.count >= lit.count else { return false }
            for start in 0...(s.count - lit.count) where s[start] == lit[0] {
                if s[start..<(start + lit.count)].elementsEqual(lit) { return true }
            }
            return false
        case .general: return Self.wildcardMatch(Array(text.unicodeScalars), elements)
        }
    }

    /// Greedy matching with backtracking to the last star: linear in practice, O(n·m) at worst.
    private static func wildcardMatch(_ s: [Unicode.Scalar], _ p: [CedarString.PatternElement]) -> Bool {
        var i = 0, j = 0
        var starJ = -1, starI = 0
        while i < s.count {
            if j < p.count, case .character(let c) = p[j], c == s[i] {
                i += 1
                j += 1
            } else if j < p.count, p[j] == .wildcard {
                starJ = j
                starI = i
                j += 1
            } else if starJ >= 0 {
                j = starJ + 1
                starI += 1
                i = starI
            } else {
                return false
            }
        }
        while j < p.count, p[j] == .wildcard { j += 1 }
        return j == p.count
    }

    static func == (lhs: Pattern, rhs: Pattern) -> Bool { lhs.elements == rhs.elements }
    func hash(into hasher: inout Hasher) { hasher.combine(elements) }
}
