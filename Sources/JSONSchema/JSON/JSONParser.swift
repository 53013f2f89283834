// A strict RFC 8259 parser from UTF-8 bytes to `JSONValue`: one pass, no Foundation, bounded
// nesting depth, and errors that say what was expected and where (offset, line, column).

/// Why a JSON text could not be parsed, and where.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Byte offset of the problem from the start of the input.
    public let offset: Int
    /// 1-based line of the problem.
    public let line: Int
    /// 1-based column of the problem (columns count bytes).
    public let column: Int
    /// One sentence: what was found and what was expected.
    public let message: String

    /// `line L, column C: message`.
    public var description: String { "line \(line), column \(column): \(message)" }
}

/// Parses JSON text.
///
/// ```swift
/// let value = try JSONParser.parse(Array(#"{"limit": 500}"#.utf8))
/// ```
public enum JSONParser {
    /// The default limit on nesting of arrays and objects.
    public static let defaultMaxDepth = 512

    /// Parses exactly one JSON value (surrounding whitespace allowed).
    /// - Parameters:
    ///   - bytes: UTF-8 encoded text.
    ///   - maxDepth: deepest allowed nesting of arrays and objects; deeper input is an error
    ///     rather than a stack overflow.
    /// - Throws: ``JSONParseError``.
    public static func parse<Bytes: Collection<UInt8>>(_ bytes: Bytes, maxDepth: Int = defaultMaxDepth) throws(JSONParseError)
        -> JSONValue
    {
        let result: Result<JSONValue, JSONParseError>? = bytes.withContiguousStorageIfAvailable { buffer in
            var p = Cursor(buffer: buffer, maxDepth: maxDepth)
            return Result { () throws(JSONParseError) -> JSONValue in try p.parseDocument() }
        }
        if let result { return try result.get() }
        let array = Array(bytes)
        let fallback = array.withUnsafeBufferPointer { buffer in
            var p = Cursor(buffer: buffer, maxDepth: maxDepth)
            return Result { () throws(JSONParseError) -> JSONValue in try p.parseDocument() }
        }
        return try fallback.get()
    }

    /// Parses JSON text given as a `String`.
    public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONValue {
        var text = text
        let result = text.withUTF8 { buffer in
            var p = Cursor(buffer: buffer, maxDepth: maxDepth)
            return Result { () throws(JSONParseError) -> JSONValue in try p.parseDocument() }
        }
        return try result.get()
    }
}

private struct Cursor {
    let buffer: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var pos = 0
    var depth = 0

    init(buffer: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.buffer = buffer
        self.maxDepth = maxDepth
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        if pos < buffer.count { throw error("unexpected \(describe(buffer[pos])) after the end of the JSON value") }
        return value
    }

    // MARK: values

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard pos < buffer.count else { throw error("unexpected end of input; expected a JSON value") }
        switch buffer[pos] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try parseNumber()
        case let b:
            throw error("unexpected \(describe(b)); expected a JSON value")
        }
    }

    mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enter()
        pos += 1  // {
        var object = JSONObject()
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            pos += 1
            depth -= 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else {
                throw error(pos < buffer.count ? "unexpected \(describe(buffer[pos])); expected a string key" : "unexpected end of input; expected a string key")
            }
            let key = try parseString()
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw expected("':' after an object key") }
            pos += 1
            skipWhitespace()
            object[key] = try parseValue()
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): pos += 1
            case UInt8(ascii: "}"):
                pos += 1
                depth -= 1
                return .object(object)
            default: throw expected("',' or '}' in an object")
            }
        }
    }

    mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enter()
        pos += 1  // [
        var array: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            pos += 1
            depth -= 1
            return .array(array)
        }
        while true {
            skipWhitespace()
            array.append(try parseValue())
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): pos += 1
            case UInt8(ascii: "]"):
                pos += 1
                depth -= 1
                return .array(array)
            default: throw expected("',' or ']' in an array")
            }
        }
    }

    mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > maxDepth { throw error("nesting is deeper than the limit of \(maxDepth)") }
    }

    // MARK: strings

    mutating func parseString() throws(JSONParseError) -> String {
        pos += 1  // opening quote
        let start = pos
        // Fast path: no escapes; the bytes are the string once validated as UTF-8.
        while pos < buffer.count {
            let b = buffer[pos]
            if b == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: buffer[start..<pos])
                guard let s = String(validating: slice, as: UTF8.self) else {
                    pos = start
                    throw error("string is not valid UTF-8")
                }
                pos += 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw error("control character \(describe(b)) must be escaped in a string") }
            pos += 1
        }
        guard pos < buffer.count else { throw error("unterminated string") }
        // Slow path: collect bytes, decoding escapes.
        var bytes = [UInt8](UnsafeBufferPointer(rebasing: buffer[start..<pos]))
        while pos < buffer.count {
            let b = buffer[pos]
            switch b {
            case UInt8(ascii: "\""):
                pos += 1
                guard let s = String(validating: bytes, as: UTF8.self) else {
                    throw error("string is not valid UTF-8")
                }
                return s
            case UInt8(ascii: "\\"):
                pos += 1
                guard pos < buffer.count else { throw error("unterminated escape in a string") }
                let e = buffer[pos]
                pos += 1
                switch e {
                case UInt8(ascii: "\""): bytes.append(0x22)
                case UInt8(ascii: "\\"): bytes.append(0x5C)
                case UInt8(ascii: "/"): bytes.append(0x2F)
                case UInt8(ascii: "b"): bytes.append(0x08)
                case UInt8(ascii: "f"): bytes.append(0x0C)
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = UInt32(try hex4())
                    if (0xD800...0xDBFF).contains(scalar) {
                        // A high surrogate must be followed by an escaped low surrogate.
                        guard pos + 1 < buffer.count, buffer[pos] == UInt8(ascii: "\\"), buffer[pos + 1] == UInt8(ascii: "u")
                        else { throw error("unpaired UTF-16 surrogate in a \\u escape") }
                        pos += 2
                        let low = UInt32(try hex4())
                        guard (0xDC00...0xDFFF).contains(low) else { throw error("unpaired UTF-16 surrogate in a \\u escape") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw error("unpaired UTF-16 surrogate in a \\u escape")
                    }
                    appendUTF8(Unicode.Scalar(scalar)!, to: &bytes)
                default:
                    pos -= 1
                    throw error("invalid escape \\\(Character(Unicode.Scalar(e))) in a string")
                }
            default:
                if b < 0x20 { throw error("control character \(describe(b)) must be escaped in a string") }
                bytes.append(b)
                pos += 1
            }
        }
        throw error("unterminated string")
    }

    mutating func hex4() throws(JSONParseError) -> UInt16 {
        guard pos + 4 <= buffer.count else { throw error("a \\u escape needs four hex digits") }
        var v: UInt16 = 0
        for _ in 0..<4 {
            let b = buffer[pos]
            let d: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = b - UInt8(ascii: "A") + 10
            default: throw error("a \\u escape needs four hex digits; found \(describe(b))")
            }
            v = v << 4 | UInt16(d)
            pos += 1
        }
        return v
    }

    func appendUTF8(_ scalar: Unicode.Scalar, to bytes: inout [UInt8]) {
        UTF8.encode(scalar) { bytes.append($0) }
    }

    // MARK: numbers

    mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = pos
        var isInteger = true
        if buffer[pos] == UInt8(ascii: "-") { pos += 1 }
        guard pos < buffer.count, isDigit(buffer[pos]) else { throw expected("a digit in a number") }
        if buffer[pos] == UInt8(ascii: "0") {
            pos += 1
            if pos < buffer.count, isDigit(buffer[pos]) { throw error("a number must not have a leading zero") }
        } else {
            while pos < buffer.count, isDigit(buffer[pos]) { pos += 1 }
        }
        if pos < buffer.count, buffer[pos] == UInt8(ascii: ".") {
            isInteger = false
            pos += 1
            guard pos < buffer.count, isDigit(buffer[pos]) else { throw expected("a digit after the decimal point") }
            while pos < buffer.count, isDigit(buffer[pos]) { pos += 1 }
        }
        if pos < buffer.count, buffer[pos] == UInt8(ascii: "e") || buffer[pos] == UInt8(ascii: "E") {
            isInteger = false
            pos += 1
            if pos < buffer.count, buffer[pos] == UInt8(ascii: "+") || buffer[pos] == UInt8(ascii: "-") { pos += 1 }
            guard pos < buffer.count, isDigit(buffer[pos]) else { throw expected("a digit in the exponent") }
            while pos < buffer.count, isDigit(buffer[pos]) { pos += 1 }
        }
        let slice = UnsafeBufferPointer(rebasing: buffer[start..<pos])
        if isInteger, pos - start <= 19, let i = parseInt64(slice) { return .int(i) }
        let text = String(decoding: slice, as: UTF8.self)
        guard let d = Double(text) else { throw error("number \(text) cannot be represented") }
        return .double(d)
    }

    /// Parses an optionally negative run of digits; `nil` on overflow.
    func parseInt64(_ digits: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0
        let negative = digits[0] == UInt8(ascii: "-")
        if negative { i = 1 }
        var v: Int64 = 0
        while i < digits.count {
            let d = Int64(digits[i] &- UInt8(ascii: "0"))
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (s, o2) = negative ? m.subtractingReportingOverflow(d) : m.addingReportingOverflow(d)
            if o1 || o2 { return nil }
            v = s
            i += 1
        }
        return v
    }

    // MARK: helpers

    func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    func peek() -> UInt8? { pos < buffer.count ? buffer[pos] : nil }

    mutating func skipWhitespace() {
        while pos < buffer.count {
            switch buffer[pos] {
            case 0x20, 0x0A, 0x0D, 0x09: pos += 1
            default: return
            }
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        let matches: Bool = literal.withUTF8Buffer { lit in
            guard pos + count <= buffer.count else { return false }
            for i in 0..<count where buffer[pos + i] != lit[i] { return false }
            return true
        }
        guard matches else { throw error("invalid literal; expected \(literal)") }
        pos += count
    }

    func describe(_ b: UInt8) -> String {
        if b >= 0x20 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        return "byte 0x" + String(b, radix: 16, uppercase: true)
    }

    func expected(_ what: String) -> JSONParseError {
        guard pos < buffer.count else { return error("unexpected end of input; expected \(what)") }
        return error("unexpected \(describe(buffer[pos])); expected \(what)")
    }

    func error(_ message: String) -> JSONParseError {
        var line = 1
        var lineStart = 0
        let end = min(pos, buffer.count)
        for i in 0..<end where buffer[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        return JSONParseError(offset: pos, line: line, column: end - lineStart + 1, message: message)
    }
}
