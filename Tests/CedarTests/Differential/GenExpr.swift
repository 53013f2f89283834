// The differential test's own small syntax tree for generated Cedar expressions. It is kept apart
// from the library's AST on purpose: the generator must be able to write any spelling of the
// grammar (`.a` or `["a"]`, `has a.b`, `-5`, extra parentheses), and shrinking works on it.

/// A generated expression, printed as Cedar text.
indirect enum GenExpr: Hashable {
    /// Text printed as is: a literal, a variable, an entity uid.
    case atom(String)
    case unary(String, GenExpr)
    case binary(String, GenExpr, GenExpr)
    case method(GenExpr, String, [GenExpr])
    case call(String, [GenExpr])
    case attribute(GenExpr, String, bracket: Bool)
    case has(GenExpr, [String], quoted: Bool)
    case like(GenExpr, String)
    case isType(GenExpr, String, GenExpr?)
    case ifThenElse(GenExpr, GenExpr, GenExpr)
    case set([GenExpr])
    case record([String], [GenExpr])
    case paren(GenExpr)

    var text: String {
        switch self {
        case .atom(let s): return s
        case .unary(let op, let e): return op + e.memberText
        case .binary(let op, let a, let b): return "(\(a.text) \(op) \(b.text))"
        case .method(let r, let name, let args): return r.memberText + ".\(name)(" + args.map(\.text).joined(separator: ", ") + ")"
        case .call(let name, let args): return "\(name)(" + args.map(\.text).joined(separator: ", ") + ")"
        case .attribute(let e, let name, let bracket):
            return e.memberText + (bracket ? "[\(GenExpr.quote(name))]" : ".\(name)")
        case .has(let e, let path, let quoted):
            return "(\(e.text) has " + (quoted ? GenExpr.quote(path[0]) : path.joined(separator: ".")) + ")"
        case .like(let e, let pattern): return "(\(e.text) like \"\(pattern)\")"
        case .isType(let e, let type, let container):
            return "(\(e.text) is \(type)" + (container.map { " in \($0.text)" } ?? "") + ")"
        case .ifThenElse(let c, let t, let f): return "(if \(c.text) then \(t.text) else \(f.text))"
        case .set(let items): return "[" + items.map(\.text).joined(separator: ", ") + "]"
        case .record(let keys, let values):
            return "{" + zip(keys, values).map { "\(GenExpr.quote($0)): \($1.text)" }.joined(separator: ", ") + "}"
        case .paren(let e): return "(\(e.text))"
        }
    }

    /// The text, parenthesised unless it can stand before `.` or after a unary operator.
    private var memberText: String {
        switch self {
        case .atom(let s) where !s.hasPrefix("-"): s
        case .method, .call, .attribute, .set, .record, .paren: text
        default: "(\(text))"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\0": out += "\\0"
            default:
                if c.value < 0x20 || c.value == 0x7F { out += "\\u{\(String(c.value, radix: 16))}" } else { out.unicodeScalars.append(c) }
            }
        }
        return out + "\""
    }

    var children: [GenExpr] {
        switch self {
        case .atom: []
        case .unary(_, let e), .attribute(let e, _, _), .has(let e, _, _), .like(let e, _), .paren(let e): [e]
        case .binary(_, let a, let b): [a, b]
        case .method(let r, _, let args): [r] + args
        case .call(_, let args), .set(let args): args
        case .isType(let e, _, let c): [e] + (c.map { [$0] } ?? [])
        case .ifThenElse(let a, let b, let c): [a, b, c]
        case .record(_, let values): values
        }
    }

    /// Smaller expressions to try when shrinking a failing case: each child, some constants, and
    /// this node with one child shrunk.
    var shrinkCandidates: [GenExpr] {
        var out = children
        for constant in ["true", "false", "1", "\"\""] where text != constant { out.append(.atom(constant)) }
        let kids = children
        for (i, kid) in kids.enumerated() {
            for smaller in kid.shrinkCandidates.prefix(6) {
                var replaced = kids
                replaced[i] = smaller
                if let rebuilt = withChildren(replaced) { out.append(rebuilt) }
            }
        }
        return out
    }

    private func withChildren(_ c: [GenExpr]) -> GenExpr? {
        switch self {
        case .atom: nil
        case .unary(let op, _): .unary(op, c[0])
        case .attribute(_, let n, let b): .attribute(c[0], n, bracket: b)
        case .has(_, let p, let q): .has(c[0], p, quoted: q)
        case .like(_, let p): .like(c[0], p)
        case .paren: .paren(c[0])
        case .binary(let op, _, _): .binary(op, c[0], c[1])
        case .method(_, let n, _): .method(c[0], n, Array(c.dropFirst()))
        case .call(let n, _): .call(n, c)
        case .set: .set(c)
        case .isType(_, let t, let container): .isType(c[0], t, container == nil ? nil : c[1])
        case .ifThenElse: .ifThenElse(c[0], c[1], c[2])
        case .record(let keys, _): .record(keys, c)
        }
    }
}

/// SplitMix64: a small, fast, seedable generator so every run can be replayed from its seed.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &self)] }
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
}
