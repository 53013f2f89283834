// A minimal JSON document model for Cedar's JSON formats. Objects keep their key order (for
// stable output) and integers are kept exact: Cedar accepts only integers that fit in 64 bits,
// so anything else is kept as its text for an error message.

/// A parsed JSON value.
indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// An integer that fits in Int64.
    case integer(Int64)
    /// Any other number (a fraction, an exponent, or out of range), as written.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// A short description for error messages: `a string`, `an object`, ...
    var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer, .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }
}

/// A JSON object with its keys in document order. Duplicate keys are rejected by the parser.
struct JSONObject: Sendable, Equatable {
    var entries: [(key: String, value: JSONValue)]

    init(_ entries: [(key: String, value: JSONValue)] = []) {
        self.entries = entries
    }

    subscript(key: String) -> JSONValue? {
        entries.first { $0.key == key }?.value
    }

    var keys: [String] { entries.map(\.key) }
    var count: Int { entries.count }

    static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.entries.count == rhs.entries.count
            && zip(lhs.entries, rhs.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

extension JSONValue {
    /// Serializes the value as compact JSON.
    var serialized: String {
        var out = ""
        write(to: &out)
        return out
    }

    func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .integer(let n): out += String(n)
        case .number(let s): out += s
        case .string(let s): JSONValue.writeString(s, to: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case .object(let o):
            out += "{"
            for (i, entry) in o.entries.enumerated() {
                if i > 0 { out += "," }
                JSONValue.writeString(entry.key, to: &out)
                out += ":"
                entry.value.write(to: &out)
            }
            out += "}"
        }
    }

    static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if c.value < 0x20 {
                    let hex = String(c.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        out += "\""
    }
}
