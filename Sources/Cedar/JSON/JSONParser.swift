// A strict RFC 8259 JSON parser over UTF-8 bytes. It rejects what Cedar's reference (serde_json)
// rejects and matters here: duplicate object keys, unpaired surrogate escapes, raw control
// characters in strings, trailing garbage. Errors carry line and column.

/// Parses JSON text into ``JSONValue``.
struct JSONParser {
    private let bytes: [UInt8]
    private var i = 0
    private var depth = 0

    /// Documents nest at most this deep, so hostile input cannot exhaust the stack.
    static let maximumDepth = 512

    private init(_ text: String) {
        bytes = Array(text.utf8)
    }

    /// Parses one JSON document.
    ///
    /// - Throws: ``ParseError`` with code `invalidJSON` or `duplicateKey`.
    static func parse(_ text: String) throws(ParseError) -> JSONValue {
        var parser = JSONParser(text)
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.i == parser.bytes.count else { throw parser.error("expected end of input") }
        return value
    }

    private func location(at offset: Int) -> SourcePosition {
        var line = 1
        var column = 1
        var k = 0
        while k < offset && k < bytes.count {
            if bytes[k] == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if bytes[k] & 0xC0 != 0x80 {
                column += 1
            }
            k += 1
        }
        return SourcePosition(line: line, column: column)
    }

    private func error(_ message: String, code: ParseError.Code = .invalidJSON, at offset: Int? = nil) -> ParseError {
        let found = i < bytes.count ? "`\(String(decoding: [bytes[i]], as: UTF8.self))`" : "end of input"
        let text = offset == nil ? "\(message), found \(found)" : message
        return ParseError(code, "invalid JSON: \(text)", at: location(at: offset ?? i))
    }

    private mutating func skipWhitespace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws(ParseError) -> JSONValue {
        guard i < bytes.count else { throw error("expected a value") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("expected a value")
        }
    }

    private mutating func literal(_ word: String, _ value: JSONValue) throws(ParseError) -> JSONValue {
        let w = Array(word.utf8)
        guard i + w.count <= bytes.count, Array(bytes[i..<(i + w.count)]) == w else {
            throw error("expected a value")
        }
        i += w.count
        return value
    }

    private mutating func enter() throws(ParseError) {
        depth += 1
        if depth > Self.maximumDepth { throw error("nesting deeper than \(Self.maximumDepth) levels", at: i) }
    }

    private mutating func parseObject() throws(ParseError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        i += 1
        var entries: [(key: String, value: JSONValue)] = []
        entries.reserveCapacity(8)
        // Small objects are checked for duplicate keys by scanning; large ones use a set.
        var seen = Set<CedarKey>()
        skipWhitespace()
        if i < bytes.count && bytes[i] == UInt8(ascii: "}") {
            i += 1
            return .object(JSONObject(entries))
        }
        while true {
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let keyStart = i
            let key = try parseString()
            if entries.count == 16 { seen = Set(entries.map { CedarKey($0.key) }) }
            let duplicate =
                entries.count < 16
                ? entries.contains { cedarStringsEqual($0.key, key) }
                : !seen.insert(CedarKey(key)).inserted
            guard !duplicate else {
                throw error("duplicate key \"\(key)\"", code: .duplicateKey, at: keyStart)
            }
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw error("expected `:`") }
            i += 1
            skipWhitespace()
            let value = try parseValue()
            entries.append((key, value))
            skipWhitespace()
            guard i < bytes.count else { throw error("expected `,` or `}`") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            guard bytes[i] == UInt8(ascii: "}") else { throw error("expected `,` or `}`") }
            i += 1
            return .object(JSONObject(entries))
        }
    }

    private mutating func parseArray() throws(ParseError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        i += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if i < bytes.count && bytes[i] == UInt8(ascii: "]") {
            i += 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            items.append(try parseValue())
            skipWhitespace()
            guard i < bytes.count else { throw error("expected `,` or `]`") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            guard bytes[i] == UInt8(ascii: "]") else { throw error("expected `,` or `]`") }
            i += 1
            return .array(items)
        }
    }

    private mutating func parseNumber() throws(ParseError) -> JSONValue {
        let start = i
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        func digits() -> Int {
            let s = i
            while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") { i += 1 }
            return i - s
        }
        let intStart = i
        let intDigits = digits()
        guard intDigits > 0 else { throw error("expected a digit") }
        if intDigits > 1 && bytes[intStart] == UInt8(ascii: "0") { throw error("leading zeros are not allowed", at: intStart) }
        var isInteger = true
        if i < bytes.count && bytes[i] == UInt8(ascii: ".") {
            isInteger = false
            i += 1
            guard digits() > 0 else { throw error("expected a digit after `.`") }
        }
        if i < bytes.count && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            isInteger = false
            i += 1
            if i < bytes.count && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
            guard digits() > 0 else { throw error("expected a digit in the exponent") }
        }
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        if isInteger, let n = Int64(text) { return .integer(n) }
        return .number(text)
    }

    private mutating func parseHex4() throws(ParseError) -> UInt32 {
        guard i + 4 <= bytes.count else { throw error("expected four hex digits") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[i]
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw error("expected a hex digit")
            }
            v = v * 16 + d
            i += 1
        }
        return v
    }

    private mutating func parseString() throws(ParseError) -> String {
        i += 1
        let start = i
        // Fast path: no escapes.
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                let s = String(decoding: bytes[start..<i], as: UTF8.self)
                i += 1
                return s
            }
            if c == UInt8(ascii: "\\") || c < 0x20 { break }
            i += 1
        }
        var out = Array(bytes[start..<i])
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: out, as: UTF8.self)
            }
            if c < 0x20 { throw error("control character in string") }
            guard c == UInt8(ascii: "\\") else {
                out.append(c)
                i += 1
                continue
            }
            i += 1
            guard i < bytes.count else { break }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "/"): out.append(UInt8(ascii: "/"))
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try parseHex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                        throw error("unpaired surrogate in string escape")
                    }
                    i += 2
                    let low = try parseHex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw error("unpaired surrogate in string escape") }
                    scalar = 0x10000 + (scalar - 0xD800) << 10 + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw error("unpaired surrogate in string escape")
                }
                out.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar)!)).utf8))
            default:
                i -= 1
                throw error("invalid escape")
            }
        }
        throw error("unterminated string")
    }
}
