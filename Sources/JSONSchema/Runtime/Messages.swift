// Wording of validation messages: values are echoed in compact JSON and capped, so a message
// stays one readable line whatever the instance holds.

enum Messages {
    /// Longest echo of a value or pattern in a message, in characters.
    static let maxEcho = 60

    /// A value in compact JSON, cut to ``maxEcho`` characters with `…`.
    static func brief(_ v: JSONValue) -> String {
        switch v {
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .string(let s) where s.utf8.count <= maxEcho && !needsEscaping(s):
            // The common short, plain string: no serializer round trip.
            return "\"" + s + "\""
        default:
            // Render at most a little more than the echo limit: a large failing value must not
            // cost a full serialization per error.
            var out: [UInt8] = []
            var budget = maxEcho * 4 + 16
            render(v, into: &out, budget: &budget)
            return capped(String(decoding: out, as: UTF8.self))
        }
    }

    /// Compact JSON of `v`, stopping once `budget` bytes have been written.
    static func render(_ v: JSONValue, into out: inout [UInt8], budget: inout Int) {
        guard budget > 0 else { return }
        switch v {
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for (i, x) in a.enumerated() {
                guard budget > 0 else { break }
                if i > 0 { out.append(UInt8(ascii: ",")) }
                render(x, into: &out, budget: &budget)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            out.append(UInt8(ascii: "{"))
            for i in 0..<o.count {
                guard budget > 0 else { break }
                if i > 0 { out.append(UInt8(ascii: ",")) }
                let before = out.count
                JSONValue.writeString(String(o.keys[i].prefix(maxEcho)), to: &out)
                out.append(UInt8(ascii: ":"))
                budget -= out.count - before
                render(o.values[i], into: &out, budget: &budget)
            }
            out.append(UInt8(ascii: "}"))
        case .string(let s):
            let before = out.count
            JSONValue.writeString(s.utf8.count > budget ? String(s.prefix(budget)) : s, to: &out)
            budget -= out.count - before
        default:
            let before = out.count
            v.write(to: &out)
            budget -= out.count - before
        }
    }

    /// Whether a string has characters JSON must escape (quote, backslash, controls).
    static func needsEscaping(_ s: String) -> Bool {
        for b in s.utf8 where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { return true }
        return false
    }

    static func capped(_ s: String) -> String {
        // Byte count first: counting characters means grapheme breaking, which is slow.
        guard s.utf8.count > maxEcho, s.count > maxEcho else { return s }
        return String(s.prefix(maxEcho - 1)) + "…"
    }

    /// A property name as a JSON string, capped.
    static func quoted(_ name: String) -> String { brief(.string(name)) }

    /// `1 item`, `3 items`.
    static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(n) \(n == 1 ? singular : (plural ?? singular + "s"))"
    }

    static func type(_ v: JSONValue, _ types: TypeSet) -> String {
        brief(v) + typeSuffixes[Int(types.rawValue)]
    }

    /// ` is not of type integer or null`, for every set of types, built once.
    static let typeSuffixes: [String] = (0..<128).map { raw in
        let names = TypeSet(rawValue: UInt8(raw)).names
        guard let last = names.last else { return " is not of any type (the type list is empty)" }
        let expected = names.count == 1 ? last : names.dropLast().joined(separator: ", ") + " or " + last
        return " is not of type " + expected
    }

    static func const(_ v: JSONValue, _ c: JSONValue) -> String {
        "\(brief(v)) is not the required value \(brief(c))"
    }

    /// `"a", "b", … (12 values)`: the first eight values, capped.
    static func list(_ values: [JSONValue]) -> String {
        let shown = values.prefix(8).map(brief).joined(separator: ", ")
        return values.count > 8 ? shown + ", … (\(values.count) values)" : shown
    }

    static func falseSchema(_ v: JSONValue) -> String {
        "no value is allowed here (the schema is false); got \(brief(v))"
    }

    /// `property "x" is not allowed` / `properties "x", "y" are not allowed`.
    static func notAllowed(_ names: [String], _ singular: String, _ plural: String) -> String {
        let shown = names.prefix(8).joined(separator: ", ") + (names.count > 8 ? ", …" : "")
        return names.count == 1 ? "\(singular) \(shown) is not allowed" : "\(plural) \(shown) are not allowed"
    }
}
