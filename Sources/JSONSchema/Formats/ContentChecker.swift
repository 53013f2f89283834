// Draft-07 `contentEncoding` / `contentMediaType` as assertions (draft-07 lets validators check
// them; 2020-12 makes them annotations only). Understood: base64, and application/json.

/// A compiled draft-07 content check.
struct ContentChecker: Sendable {
    /// `contentEncoding: base64`.
    let base64: Bool
    /// `contentMediaType: application/json`.
    let json: Bool

    /// The checker for a schema's content keywords, or `nil` if it checks nothing.
    init?(encoding: String?, mediaType: String?) {
        base64 = encoding?.lowercased() == "base64"
        json = mediaType.map { $0.lowercased().hasPrefix("application/json") } ?? false
        if !base64 && !json { return nil }
    }

    /// Whether a string decodes and parses as declared (non-strings always pass).
    func check(_ value: JSONValue) -> Bool {
        guard case .string(let s) = value else { return true }
        var bytes = Array(s.utf8)
        if base64 {
            guard let decoded = Self.decodeBase64(bytes) else { return false }
            bytes = decoded
        }
        if json { return (try? JSONParser.parse(bytes)) != nil }
        return true
    }

    /// RFC 4648 base64 with padding; `nil` for any other character.
    static func decodeBase64(_ input: [UInt8]) -> [UInt8]? {
        guard input.count % 4 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(input.count / 4 * 3)
        var i = 0
        while i < input.count {
            var v: UInt32 = 0
            var pad = 0
            for k in 0..<4 {
                let c = input[i + k]
                let d: UInt32
                switch c {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): d = UInt32(c - UInt8(ascii: "A"))
                case UInt8(ascii: "a")...UInt8(ascii: "z"): d = UInt32(c - UInt8(ascii: "a") + 26)
                case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0") + 52)
                case UInt8(ascii: "+"): d = 62
                case UInt8(ascii: "/"): d = 63
                case UInt8(ascii: "=") where i + 4 == input.count && k >= 2:
                    d = 0
                    pad += 1
                default: return nil
                }
                if pad > 0 && c != UInt8(ascii: "=") { return nil }
                v = v << 6 | d
            }
            out.append(UInt8(v >> 16))
            if pad < 2 { out.append(UInt8(v >> 8 & 0xFF)) }
            if pad < 1 { out.append(UInt8(v & 0xFF)) }
            i += 4
        }
        return out
    }
}
