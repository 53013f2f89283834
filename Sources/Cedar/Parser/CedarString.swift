// Cedar string literals use Rust's escape rules: \n \r \t \\ \0 \' \", \xHH up to 7F, and
// \u{1-6 hex digits} (underscores allowed after the first digit). In `like` patterns, `\*` is a
// literal star and every other `*` (even one written \u{2a}) is a wildcard.

/// Decoding and encoding of Cedar string literals.
enum CedarString {
    /// One element of a `like` pattern.
    enum PatternElement: Hashable, Sendable {
        case character(Unicode.Scalar)
        case wildcard
    }

    /// Why an escape was rejected, with the offending text.
    struct EscapeError: Error {
        let text: String
    }

    /// Decodes the raw contents of a string literal (the text between the quotes).
    static func unescape(_ raw: String) throws(EscapeError) -> String {
        var out = String.UnicodeScalarView()
        try decode(raw) { element in
            switch element {
            case .character(let c): out.append(c)
            case .wildcard: out.append("*")
            }
        } literalStar: { () throws(EscapeError) in
            throw EscapeError(text: "\\*")
        }
        return String(out)
    }

    /// Decodes the raw contents of a `like` pattern literal.
    static func pattern(_ raw: String) throws(EscapeError) -> [PatternElement] {
        var out: [PatternElement] = []
        try decode(raw) { element in
            if case .character("*") = element { out.append(.wildcard) } else { out.append(element) }
        } literalStar: { () throws(EscapeError) in
            out.append(.character("*"))
        }
        return out
    }

    private static func decode(
        _ raw: String, emit: (PatternElement) -> Void, literalStar: () throws(EscapeError) -> Void
    ) throws(EscapeError) {
        let s = Array(raw.unicodeScalars)
        var i = 0
        func hex(_ c: Unicode.Scalar) -> UInt32? {
            switch c {
            case "0"..."9": c.value - 48
            case "a"..."f": c.value - 87
            case "A"..."F": c.value - 55
            default: nil
            }
        }
        while i < s.count {
            let c = s[i]
            if c == "\r" { throw EscapeError(text: "\r") }
            guard c == "\\" else {
                emit(.character(c))
                i += 1
                continue
            }
            guard i + 1 < s.count else { throw EscapeError(text: "\\") }
            let e = s[i + 1]
            switch e {
            case "n": emit(.character("\n"))
            case "r": emit(.character("\r"))
            case "t": emit(.character("\t"))
            case "\\": emit(.character("\\"))
            case "0": emit(.character("\0"))
            case "'": emit(.character("'"))
            case "\"": emit(.character("\""))
            case "*": try literalStar()
            case "x":
                guard i + 3 < s.count, let h = hex(s[i + 2]), let l = hex(s[i + 3]), h <= 7 else {
                    throw EscapeError(text: String(String.UnicodeScalarView(s[i..<min(i + 4, s.count)])))
                }
                emit(.character(Unicode.Scalar(UInt8(h * 16 + l))))
                i += 4
                continue
            case "u":
                var j = i + 2
                guard j < s.count, s[j] == "{" else { throw EscapeError(text: "\\u") }
                j += 1
                var value: UInt32 = 0
                var digits = 0
                var closed = false
                while j < s.count {
                    let d = s[j]
                    if d == "}" {
                        closed = true
                        break
                    }
                    if d == "_" {
                        guard digits > 0 else { throw EscapeError(text: "\\u{_") }
                    } else {
                        guard let v = hex(d) else { break }
                        digits += 1
                        guard digits <= 6 else { break }
                        value = value * 16 + v
                    }
                    j += 1
                }
                let text = String(String.UnicodeScalarView(s[i..<min(j + 1, s.count)]))
                guard closed, digits > 0, let scalar = Unicode.Scalar(value) else { throw EscapeError(text: text) }
                emit(.character(scalar))
                i = j + 1
                continue
            default:
                throw EscapeError(text: "\\" + String(Character(e)))
            }
            i += 2
        }
    }

    /// `s` as a Cedar string literal, with quotes, backslashes and control characters escaped.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\0": out += "\\0"
            default:
                if c.value < 0x20 || c.value == 0x7F || (c.properties.generalCategory == .format)
                    || (c.value >= 0x80 && c.value < 0xA0)
                {
                    out += "\\u{" + String(c.value, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "\""
    }
}
