// A direct JSON-to-Cedar-value decoder for the common case, used to read request contexts
// quickly. It builds Cedar values without an intermediate JSON tree. Anything unusual (an object
// whose first key starts with `__`, a number that is not a 64-bit integer, `null`, a syntax error)
// makes it hand over: escapes are decoded by the general path from their own bytes, and any
// failure returns nil so the caller re-reads the whole text with the general (exact) decoder.

struct CedarJSONDecoder {
    private let s: UnsafeBufferPointer<UInt8>
    private var i = 0
    private var depth = 0

    private init(_ s: UnsafeBufferPointer<UInt8>) { self.s = s }

    /// Decodes a JSON object as a record, or returns nil when the general decoder must decide.
    static func record(_ text: String) -> CedarRecord? {
        text.utf8.withContiguousStorageIfAvailable { buffer -> CedarRecord? in
            var d = CedarJSONDecoder(buffer)
            d.skipWhitespace()
            guard d.peek == UInt8(ascii: "{"), case .record(let r)? = d.value() else { return nil }
            d.skipWhitespace()
            return d.i == buffer.count ? r : nil
        } ?? nil
    }

    private var peek: UInt8? { i < s.count ? s[i] : nil }

    private mutating func skipWhitespace() {
        while i < s.count, s[i] == 0x20 || s[i] == 0x0A || s[i] == 0x0D || s[i] == 0x09 { i += 1 }
    }

    private mutating func value() -> CedarValue? {
        guard let c = peek else { return nil }
        switch c {
        case UInt8(ascii: "{"): return object()
        case UInt8(ascii: "["): return array()
        case UInt8(ascii: "\""): return string().map { .string($0) }
        case UInt8(ascii: "t"): return literal("true") ? .bool(true) : nil
        case UInt8(ascii: "f"): return literal("false") ? .bool(false) : nil
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return integer()
        default: return nil
        }
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard i + n <= s.count else { return false }
        for k in 0..<n where s[i + k] != word.utf8Start[k] { return false }
        i += n
        return true
    }

    private mutating func integer() -> CedarValue? {
        let negative = s[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        let start = i
        var magnitude: UInt64 = 0
        while i < s.count, s[i] >= UInt8(ascii: "0"), s[i] <= UInt8(ascii: "9") {
            let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(s[i] - UInt8(ascii: "0")))
            guard !o1 && !o2 else { return nil }
            magnitude = a
            i += 1
        }
        let digits = i - start
        // Fractions, exponents, leading zeros and out-of-range values go to the general path.
        guard digits > 0, !(digits > 1 && s[start] == UInt8(ascii: "0")) else { return nil }
        if let c = peek, c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return .long(magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude))
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return .long(Int64(magnitude))
    }

    /// A string; control characters and malformed escapes go to the general path.
    private mutating func string() -> String? {
        i += 1
        let start = i
        while i < s.count {
            let c = s[i]
            if c == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: s[start..<i]), as: UTF8.self)
                i += 1
                return text
            }
            if c == UInt8(ascii: "\\") { return escapedString(from: start) }
            if c < 0x20 { return nil }
            i += 1
        }
        return nil
    }

    /// The rest of a string that contains escapes, decoded into UTF-8 bytes.
    private mutating func escapedString(from start: Int) -> String? {
        var out = Array(UnsafeBufferPointer(rebasing: s[start..<i]))
        func hex4() -> UInt32? {
            guard i + 4 <= s.count else { return nil }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = s[i]
                let d: UInt8
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): d = c - UInt8(ascii: "A") + 10
                default: return nil
                }
                v = v << 4 | UInt32(d)
                i += 1
            }
            return v
        }
        while i < s.count {
            let c = s[i]
            i += 1
            if c == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
            if c < 0x20 { return nil }
            guard c == UInt8(ascii: "\\") else {
                out.append(c)
                continue
            }
            guard i < s.count else { return nil }
            let e = s[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard var scalar = hex4() else { return nil }
                if (0xD800...0xDBFF).contains(scalar) {
                    guard i + 1 < s.count, s[i] == UInt8(ascii: "\\"), s[i + 1] == UInt8(ascii: "u") else { return nil }
                    i += 2
                    guard let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
                    scalar = 0x10000 + (scalar - 0xD800) << 10 + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    return nil
                }
                guard let u = Unicode.Scalar(scalar) else { return nil }
                out.append(contentsOf: UTF8.encode(u)!)
            default: return nil
            }
        }
        return nil
    }

    private mutating func array() -> CedarValue? {
        depth += 1
        guard depth < JSONParser.maximumDepth else { return nil }
        defer { depth -= 1 }
        i += 1
        var set = Set<CedarValue>()
        skipWhitespace()
        if peek == UInt8(ascii: "]") {
            i += 1
            return .set(set)
        }
        while true {
            skipWhitespace()
            guard let v = value() else { return nil }
            set.insert(v)
            skipWhitespace()
            guard let c = peek else { return nil }
            i += 1
            if c == UInt8(ascii: "]") { return .set(set) }
            guard c == UInt8(ascii: ",") else { return nil }
        }
    }

    private mutating func object() -> CedarValue? {
        depth += 1
        guard depth < JSONParser.maximumDepth else { return nil }
        defer { depth -= 1 }
        let start = i
        i += 1
        var keys: [String] = []
        var values: [CedarValue] = []
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            i += 1
            return .record(CedarRecord())
        }
        while true {
            skipWhitespace()
            guard peek == UInt8(ascii: "\""), let key = string() else { return nil }
            if keys.isEmpty && key.hasPrefix("__") {
                if let v = simpleEscape(key) { return v }
                return escape(from: start)
            }
            // Duplicate keys are an error; let the general path report it.
            if keys.contains(where: { cedarStringsEqual($0, key) }) { return nil }
            skipWhitespace()
            guard peek == UInt8(ascii: ":") else { return nil }
            i += 1
            skipWhitespace()
            guard let v = value() else { return nil }
            keys.append(key)
            values.append(v)
            skipWhitespace()
            guard let c = peek else { return nil }
            i += 1
            if c == UInt8(ascii: "}") { return .record(CedarRecord(uniqueKeys: keys, values: values)) }
            guard c == UInt8(ascii: ",") else { return nil }
        }
    }

    /// `{"__entity": {"type": T, "id": I}}` or `{"__extn": {"fn": F, "arg": A}}` with exactly those
    /// inner keys; nil (and the general path) for any other shape or any failure.
    private mutating func simpleEscape(_ key: String) -> CedarValue? {
        guard key == "__entity" || key == "__extn" else { return nil }
        skipWhitespace()
        guard peek == UInt8(ascii: ":") else { return nil }
        i += 1
        skipWhitespace()
        guard peek == UInt8(ascii: "{") else { return nil }
        i += 1
        var fields: [(String, CedarValue)] = []
        while fields.count < 2 {
            skipWhitespace()
            guard peek == UInt8(ascii: "\""), let name = string() else { return nil }
            skipWhitespace()
            guard peek == UInt8(ascii: ":") else { return nil }
            i += 1
            skipWhitespace()
            guard let v = value() else { return nil }
            fields.append((name, v))
            skipWhitespace()
            guard let c = peek else { return nil }
            i += 1
            if c == UInt8(ascii: "}") { break }
            guard c == UInt8(ascii: ",") else { return nil }
        }
        guard fields.count == 2, s[i - 1] == UInt8(ascii: "}") else { return nil }
        skipWhitespace()
        guard peek == UInt8(ascii: "}") else { return nil }
        i += 1
        func field(_ name: String) -> CedarValue? { fields.first { $0.0 == name }?.1 }
        if key == "__entity" {
            guard case .string(let type)? = field("type"), case .string(let id)? = field("id"),
                let t = try? EntityType(validating: type)
            else { return nil }
            return .entity(EntityUID(type: t, id: id))
        }
        guard case .string(let name)? = field("fn"), let arg = field("arg"), let f = ExtensionFunction(name: name),
            f.arity == 1
        else { return nil }
        return try? f.apply(arg)
    }

    /// An object that may be an `__entity` or `__extn` escape: found by matching braces, then
    /// decoded by the general path from its own text.
    private mutating func escape(from start: Int) -> CedarValue? {
        i = start
        var level = 0
        var inString = false
        while i < s.count {
            let c = s[i]
            i += 1
            if inString {
                if c == UInt8(ascii: "\\") {
                    i += 1
                } else if c == UInt8(ascii: "\"") {
                    inString = false
                }
            } else if c == UInt8(ascii: "\"") {
                inString = true
            } else if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                level += 1
            } else if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                level -= 1
                if level == 0 { break }
            }
        }
        guard level == 0 else { return nil }
        let text = String(decoding: UnsafeBufferPointer(rebasing: s[start..<i]), as: UTF8.self)
        guard let json = try? JSONParser.parse(text) else { return nil }
        return try? CedarValue.decode(json, at: "value")
    }
}
