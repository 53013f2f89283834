// Reads the envelope of a JSON-RPC message (id, method, whether it is a result or an error)
// from raw bytes without building the payload, so large tool results can be forwarded as bytes
// with only their id rewritten.
import JSONSchema

/// The top-level shape of a JSON-RPC message and where its parts sit in the bytes.
package struct MessageEnvelope: Sendable {
    package enum Kind: Sendable, Equatable {
        case request, notification, result, error
    }

    package let kind: Kind
    package let id: JSONRPCID?
    package let method: String?
    /// Byte range of the `id` value (for splicing), when present.
    package let idRange: Range<Int>?
    /// Byte range of the `params`, `result` or `error` value, when present.
    package let payloadRange: Range<Int>?

    package struct Malformed: Error, Sendable, Equatable {
        package let message: String
    }

    /// Scans the top-level object of `bytes`. Nested values are skipped (strings, brackets and
    /// literals are checked structurally), not built.
    package init(scanning bytes: [UInt8]) throws(Malformed) {
        var s = SkipScanner(bytes: bytes)
        var id: JSONRPCID? = nil
        var idRange: Range<Int>? = nil
        var method: String? = nil
        var payload: Range<Int>? = nil
        var sawResult = false
        var sawError = false
        var sawVersion = false
        try s.skipWhitespace()
        guard s.peek() == UInt8(ascii: "{") else { throw Malformed(message: "message is not a JSON object") }
        s.pos += 1
        try s.skipWhitespace()
        if s.peek() == UInt8(ascii: "}") { throw Malformed(message: "message is an empty object") }
        while true {
            try s.skipWhitespace()
            let keyRange = try s.skipString()
            let key = bytes[(keyRange.lowerBound + 1)..<(keyRange.upperBound - 1)]
            try s.skipWhitespace()
            guard s.peek() == UInt8(ascii: ":") else { throw Malformed(message: "expected ':' after a key") }
            s.pos += 1
            try s.skipWhitespace()
            let valueRange = try s.skipValue()
            switch key.count {
            case 2 where key.elementsEqual("id".utf8):
                idRange = valueRange
                let text = bytes[valueRange]
                if text.first == UInt8(ascii: "\"") || text.first == UInt8(ascii: "-") || (text.first.map { $0 >= 0x30 && $0 <= 0x39 } ?? false) {
                    if let v = try? JSONParser.parse(text) { id = JSONRPCID(json: v) }
                }
            case 6 where key.elementsEqual("method".utf8):
                if let v = try? JSONParser.parse(bytes[valueRange]) { method = v.stringValue }
            case 6 where key.elementsEqual("result".utf8):
                sawResult = true
                payload = valueRange
            case 5 where key.elementsEqual("error".utf8):
                sawError = true
                payload = valueRange
            case 6 where key.elementsEqual("params".utf8):
                payload = valueRange
            case 7 where key.elementsEqual("jsonrpc".utf8):
                sawVersion = bytes[valueRange].elementsEqual("\"2.0\"".utf8)
            default: break
            }
            try s.skipWhitespace()
            guard let c = s.peek() else { throw Malformed(message: "unterminated object") }
            s.pos += 1
            if c == UInt8(ascii: "}") { break }
            guard c == UInt8(ascii: ",") else { throw Malformed(message: "expected ',' or '}' in the message object") }
        }
        try s.skipWhitespace()
        guard s.pos == bytes.count else { throw Malformed(message: "trailing bytes after the message") }
        guard sawVersion else { throw Malformed(message: "\"jsonrpc\" must be \"2.0\"") }
        if method != nil {
            kind = id == nil ? .notification : .request
        } else if sawResult {
            kind = .result
        } else if sawError {
            kind = .error
        } else {
            throw Malformed(message: "message has neither \"method\", \"result\" nor \"error\"")
        }
        self.id = id
        self.idRange = idRange
        self.method = method
        self.payloadRange = payload
    }

    /// `bytes` with the id value replaced by `newID` (the caller's id on the way back).
    package func replacingID(in bytes: [UInt8], with newID: JSONRPCID) -> [UInt8] {
        guard let idRange else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        out.append(contentsOf: bytes[..<idRange.lowerBound])
        newID.json.write(to: &out)
        out.append(contentsOf: bytes[idRange.upperBound...])
        return out
    }
}

extension MessageEnvelope {
    /// The top-level member names of the object at `range` of `bytes` (e.g. a result), found by
    /// skipping over values; `nil` when the range is not an object.
    package static func memberNames(in bytes: [UInt8], objectAt range: Range<Int>) -> Set<String>? {
        var s = SkipScanner(bytes: bytes)
        s.pos = range.lowerBound
        guard s.peek() == UInt8(ascii: "{") else { return nil }
        s.pos += 1
        var names = Set<String>()
        do {
            try s.skipWhitespace()
            if s.peek() == UInt8(ascii: "}") { return names }
            while s.pos < range.upperBound {
                try s.skipWhitespace()
                let key = try s.skipString()
                // Most names have no escapes: read those directly rather than with the parser.
                let inner = bytes[(key.lowerBound + 1)..<(key.upperBound - 1)]
                if !inner.contains(UInt8(ascii: "\\")) {
                    names.insert(String(decoding: inner, as: UTF8.self))
                } else if let v = try? JSONParser.parse(bytes[key]), let name = v.stringValue {
                    names.insert(name)
                }
                try s.skipWhitespace()
                guard s.peek() == UInt8(ascii: ":") else { return nil }
                s.pos += 1
                try s.skipWhitespace()
                _ = try s.skipValue()
                try s.skipWhitespace()
                guard let c = s.peek() else { return nil }
                s.pos += 1
                if c == UInt8(ascii: "}") { return names }
                guard c == UInt8(ascii: ",") else { return nil }
            }
        } catch {
            return nil
        }
        return nil
    }

    /// `bytes` with `members` added at the start of the object that begins at `objectStart`.
    package static func inserting(_ members: [(String, JSONValue)], into bytes: [UInt8], objectAt objectStart: Int) -> [UInt8] {
        guard !members.isEmpty, objectStart < bytes.count, bytes[objectStart] == UInt8(ascii: "{") else { return bytes }
        var insert: [UInt8] = []
        for (key, value) in members {
            JSONValue.writeString(key, to: &insert)
            insert.append(UInt8(ascii: ":"))
            value.write(to: &insert)
            insert.append(UInt8(ascii: ","))
        }
        // An empty object must not get a trailing comma.
        var next = objectStart + 1
        while next < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[next]) { next += 1 }
        if next < bytes.count, bytes[next] == UInt8(ascii: "}") { insert.removeLast() }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + insert.count)
        out.append(contentsOf: bytes[...objectStart])
        out.append(contentsOf: insert)
        out.append(contentsOf: bytes[(objectStart + 1)...])
        return out
    }
}

/// Skips over JSON values, checking structure but building nothing.
private struct SkipScanner {
    let bytes: [UInt8]
    var pos = 0
    var depth = 0
    static let maxDepth = 512

    func peek() -> UInt8? { pos < bytes.count ? bytes[pos] : nil }

    mutating func skipWhitespace() throws(MessageEnvelope.Malformed) {
        while pos < bytes.count, bytes[pos] == 0x20 || bytes[pos] == 0x0A || bytes[pos] == 0x0D || bytes[pos] == 0x09 {
            pos += 1
        }
    }

    mutating func skipString() throws(MessageEnvelope.Malformed) -> Range<Int> {
        let start = pos
        guard peek() == UInt8(ascii: "\"") else { throw .init(message: "expected a string") }
        pos += 1
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: "\\") {
                pos += 2
                continue
            }
            pos += 1
            if b == UInt8(ascii: "\"") { return start..<pos }
            if b < 0x20 { throw .init(message: "unescaped control character in a string") }
        }
        throw .init(message: "unterminated string")
    }

    mutating func skipValue() throws(MessageEnvelope.Malformed) -> Range<Int> {
        let start = pos
        guard let c = peek() else { throw .init(message: "expected a value") }
        switch c {
        case UInt8(ascii: "\""):
            return try skipString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let close = c == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            depth += 1
            if depth > Self.maxDepth { throw .init(message: "nesting deeper than \(Self.maxDepth)") }
            pos += 1
            try skipWhitespace()
            if peek() == close {
                pos += 1
                depth -= 1
                return start..<pos
            }
            while true {
                try skipWhitespace()
                if close == UInt8(ascii: "}") {
                    _ = try skipString()
                    try skipWhitespace()
                    guard peek() == UInt8(ascii: ":") else { throw .init(message: "expected ':' after a key") }
                    pos += 1
                    try skipWhitespace()
                }
                _ = try skipValue()
                try skipWhitespace()
                guard let n = peek() else { throw .init(message: "unterminated container") }
                pos += 1
                if n == close { break }
                guard n == UInt8(ascii: ",") else { throw .init(message: "expected ',' between elements") }
            }
            depth -= 1
            return start..<pos
        default:
            // Numbers and literals: a run of token characters, checked by the real parser only
            // when we need their value (the id).
            while pos < bytes.count {
                let b = bytes[pos]
                let isToken =
                    (b >= 0x30 && b <= 0x39) || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || b == UInt8(ascii: "-")
                    || b == UInt8(ascii: "+") || b == UInt8(ascii: ".") || b == UInt8(ascii: "E")
                guard isToken else { break }
                pos += 1
            }
            guard pos > start else { throw .init(message: "unexpected character in a value") }
            let token = bytes[start..<pos]
            let first = token.first!
            if first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z") {
                guard token.elementsEqual("true".utf8) || token.elementsEqual("false".utf8) || token.elementsEqual("null".utf8)
                else { throw .init(message: "invalid literal") }
            }
            return start..<pos
        }
    }
}
