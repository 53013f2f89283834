// Finds the string values (and long number literals) of a JSON text without building a tree:
// one pass over the bytes, keeping only the path to the current value, so a megabyte of tool
// output costs a scan of its bytes and no allocations for the values that are clean. Each site
// comes with its exact byte range, so a redaction can replace that literal and nothing else.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One step of the path to a value.
enum PathStep {
    /// A member: the byte range of its key's literal (with quotes).
    case key(Range<Int>)
    case index(Int)
}

/// A string or number literal found by ``JSONStringWalker``.
struct LiteralSite {
    /// The whole literal (quotes included for strings).
    var literal: Range<Int>
    /// For strings: whether it has backslash escapes (then its content must be decoded to scan).
    var escaped: Bool
    var isNumber: Bool
    /// The key of the member holding it, when it is a member value.
    var key: Range<Int>?
}

struct JSONStringWalker {
    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var path: [PathStep] = []
    private var pos = 0
    private let end: Int
    private let maxDepth = 512

    /// Walks the value in `range`. `visit` returns `false` to stop.
    init(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) {
        self.bytes = bytes
        self.pos = range.lowerBound
        self.end = range.upperBound
    }

    /// Visits every string and number literal; returns `false` when stopped early or malformed.
    mutating func walk(_ visit: (LiteralSite, [PathStep]) -> Bool) -> Bool {
        skipSpace()
        return value(depth: 0, key: nil, visit)
    }

    private mutating func value(depth: Int, key: Range<Int>?, _ visit: (LiteralSite, [PathStep]) -> Bool) -> Bool {
        guard pos < end, depth < maxDepth else { return false }
        switch bytes[pos] {
        case 0x7B:  // {
            pos += 1
            skipSpace()
            if pos < end, bytes[pos] == 0x7D {
                pos += 1
                return true
            }
            while pos < end {
                guard bytes[pos] == 0x22, let k = stringLiteral() else { return false }
                skipSpace()
                guard pos < end, bytes[pos] == 0x3A else { return false }
                pos += 1
                skipSpace()
                path.append(.key(k.range))
                let ok = value(depth: depth + 1, key: k.range, visit)
                path.removeLast()
                guard ok else { return false }
                skipSpace()
                guard pos < end else { return false }
                if bytes[pos] == 0x2C {
                    pos += 1
                    skipSpace()
                    continue
                }
                if bytes[pos] == 0x7D {
                    pos += 1
                    return true
                }
                return false
            }
            return false
        case 0x5B:  // [
            pos += 1
            skipSpace()
            if pos < end, bytes[pos] == 0x5D {
                pos += 1
                return true
            }
            var index = 0
            while pos < end {
                path.append(.index(index))
                let ok = value(depth: depth + 1, key: nil, visit)
                path.removeLast()
                guard ok else { return false }
                index += 1
                skipSpace()
                guard pos < end else { return false }
                if bytes[pos] == 0x2C {
                    pos += 1
                    skipSpace()
                    continue
                }
                if bytes[pos] == 0x5D {
                    pos += 1
                    return true
                }
                return false
            }
            return false
        case 0x22:
            guard let s = stringLiteral() else { return false }
            return visit(LiteralSite(literal: s.range, escaped: s.escaped, isNumber: false, key: key), path)
        case 0x2D, 0x30...0x39:
            let start = pos
            while pos < end, ByteClass.isDigit(bytes[pos]) || bytes[pos] == 0x2D || bytes[pos] == 0x2B || bytes[pos] == 0x2E
                || bytes[pos] | 0x20 == 0x65
            {
                pos += 1
            }
            return visit(LiteralSite(literal: start..<pos, escaped: false, isNumber: true, key: key), path)
        case 0x74, 0x66, 0x6E:  // true false null
            while pos < end, ByteClass.isLetter(bytes[pos]) { pos += 1 }
            return true
        default:
            return false
        }
    }

    /// Reads a string literal at `pos` (a quote). `memchr` finds the closing quote (the C
    /// library's vectorised search, so long strings cost little here); a backslash before it
    /// means escapes, and the scan goes on past each escaped quote.
    private mutating func stringLiteral() -> (range: Range<Int>, escaped: Bool)? {
        let start = pos
        pos += 1
        var escaped = false
        guard let base = bytes.baseAddress else { return nil }
        while pos < end {
            guard let found = memchr(base + pos, 0x22, end - pos) else { return nil }
            let quote = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if memchr(base + pos, 0x5C, quote - pos) == nil {
                pos = quote + 1
                return (start..<pos, escaped)
            }
            // Escapes before the quote: walk them to see whether this quote is escaped.
            escaped = true
            while pos < quote {
                pos += bytes[pos] == 0x5C ? 2 : 1
            }
            if pos == quote {
                pos = quote + 1
                return (start..<pos, escaped)
            }
            // The quote was escaped (pos stepped over it); look for the next one.
        }
        return nil
    }

    private mutating func skipSpace() {
        while pos < end, ByteClass.isSpace(bytes[pos]) { pos += 1 }
    }

    /// `path` as a JSON pointer (RFC 6901) into `bytes`, after `prefix`.
    static func pointer(_ path: [PathStep], in bytes: UnsafeBufferPointer<UInt8>, prefix: String) -> String {
        var out = prefix
        for step in path {
            out += "/"
            switch step {
            case .index(let i): out += String(i)
            case .key(let r):
                var decoded: [UInt8] = []
                JSONText.decode(UnsafeBufferPointer(rebasing: bytes[(r.lowerBound + 1)..<(r.upperBound - 1)]), into: &decoded)
                out += String(decoding: decoded, as: UTF8.self).replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
            }
        }
        return out
    }
}

/// JSON string escapes, both ways, on bytes.
enum JSONText {
    /// Decodes the content of a string literal (without its quotes) into UTF-8.
    static func decode(_ s: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        out.reserveCapacity(s.count)
        var i = 0
        while i < s.count {
            let b = s[i]
            guard b == 0x5C, i + 1 < s.count else {
                out.append(b)
                i += 1
                continue
            }
            let e = s[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                guard let unit = hex4(s, i) else {
                    out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                    continue
                }
                i += 4
                var scalar = UInt32(unit)
                if (0xD800..<0xDC00).contains(unit), i + 5 < s.count, s[i] == 0x5C, s[i + 1] == UInt8(ascii: "u"),
                    let low = hex4(s, i + 2), (0xDC00..<0xE000).contains(low)
                {
                    scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                    i += 6
                }
                appendUTF8(Unicode.Scalar(scalar) ?? "\u{FFFD}", to: &out)
            default: out.append(e)  // \" \\ \/
            }
        }
    }

    private static func hex4(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt16? {
        guard i + 4 <= s.count else { return nil }
        var v: UInt16 = 0
        for k in 0..<4 {
            guard ByteClass.isHex(s[i + k]) else { return nil }
            v = v << 4 | UInt16(ByteClass.hexValue(s[i + k]))
        }
        return v
    }

    static func appendUTF8(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        out.append(contentsOf: UTF8.encode(scalar)!)
    }

    /// A JSON string literal (with quotes) of UTF-8 `content`.
    static func literal(_ content: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x22]
        out.reserveCapacity(content.count + 2)
        let hex = Array("0123456789abcdef".utf8)
        for b in content {
            switch b {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, UInt8(ascii: "n")]
            case 0x0D: out += [0x5C, UInt8(ascii: "r")]
            case 0x09: out += [0x5C, UInt8(ascii: "t")]
            case 0..<0x20: out += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]]
            default: out.append(b)
            }
        }
        out.append(0x22)
        return out
    }
}
