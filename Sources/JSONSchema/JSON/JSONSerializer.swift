// Writes `JSONValue` back to compact UTF-8 JSON, optionally in a canonical form (keys sorted)
// that gives one byte sequence per value, for hashing definitions.

extension JSONValue {
    /// How to write a value.
    public struct SerializationOptions: Sendable, Hashable {
        /// Sort object keys by their UTF-8 bytes instead of keeping document order. With this,
        /// JSON-equal values serialize to identical bytes (numbers are written in one form too).
        public var sortedKeys: Bool

        /// - Parameter sortedKeys: see ``sortedKeys`` (default `false`).
        public init(sortedKeys: Bool = false) {
            self.sortedKeys = sortedKeys
        }

        /// Document order, compact.
        public static let compact = SerializationOptions()
        /// Sorted keys, compact: the canonical form.
        public static let canonical = SerializationOptions(sortedKeys: true)
    }

    /// The value as compact JSON bytes.
    public func serialized(_ options: SerializationOptions = .compact) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        write(to: &out, options)
        return out
    }

    /// The value as compact JSON text.
    public func jsonString(_ options: SerializationOptions = .compact) -> String {
        String(decoding: serialized(options), as: UTF8.self)
    }

    /// Appends the JSON form of this value to `out`.
    public func write(to out: inout [UInt8], _ options: SerializationOptions = .compact) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .double(let d): Self.writeDouble(d, to: &out)
        case .string(let s): Self.writeString(s, to: &out)
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for (i, v) in a.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                v.write(to: &out, options)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            out.append(UInt8(ascii: "{"))
            let order: [Int] =
                options.sortedKeys
                ? o.keys.indices.sorted { o.keys[$0].utf8.lexicographicallyPrecedes(o.keys[$1].utf8) }
                : Array(o.keys.indices)
            for (n, i) in order.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(o.keys[i], to: &out)
                out.append(UInt8(ascii: ":"))
                o.values[i].write(to: &out, options)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Integral doubles in the exact-integer range are written without a fraction, so `1.0` and
    /// `1` serialize alike; non-finite values have no JSON form and become `null`.
    static func writeDouble(_ d: Double, to out: inout [UInt8]) {
        guard d.isFinite else {
            out.append(contentsOf: "null".utf8)
            return
        }
        if d.rounded(.towardZero) == d, abs(d) < 9_007_199_254_740_992 {
            out.append(contentsOf: String(Int64(d)).utf8)
        } else {
            out.append(contentsOf: d.description.utf8)
        }
    }

    /// Writes a JSON string literal, escaping only what RFC 8259 requires (and DEL-free ASCII
    /// controls as `\u00XX`); non-ASCII stays raw UTF-8.
    public static func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        // Native strings are contiguous UTF-8: copy the runs that need no escaping in one go (the
        // arguments and results Gatehouse writes are mostly long runs of plain text).
        s.withUTF8 { bytes in
            out.reserveCapacity(out.count + bytes.count + 1)
            var runStart = 0
            for i in 0..<bytes.count {
                let b = bytes[i]
                guard b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") else { continue }
                if runStart < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
                runStart = i + 1
                switch b {
                case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
                case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
                case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
                default:
                    let hex: StaticString = "0123456789abcdef"
                    let digits = hex.utf8Start
                    out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, digits[Int(b >> 4)], digits[Int(b & 0xF)]])
                }
            }
            if runStart < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...])) }
        }
        out.append(UInt8(ascii: "\""))
    }
}

extension JSONValue: CustomStringConvertible {
    /// The value as compact JSON text.
    public var description: String { jsonString() }
}
