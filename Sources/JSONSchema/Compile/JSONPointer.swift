// RFC 6901 JSON Pointers: escaping tokens, parsing pointer text, and walking a value with one.

/// JSON Pointer helpers (RFC 6901).
enum JSONPointer {
    /// Escapes one reference token (`~` → `~0`, `/` → `~1`).
    static func escape(_ token: String) -> String {
        var special = false
        for b in token.utf8 where b == UInt8(ascii: "~") || b == UInt8(ascii: "/") {
            special = true
            break
        }
        guard special else { return token }
        var out = ""
        for c in token.unicodeScalars {
            switch c {
            case "~": out += "~0"
            case "/": out += "~1"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// The tokens of a pointer (`""` → `[]`); `nil` when the text is not a pointer.
    static func tokens(_ pointer: String) -> [String]? {
        if pointer.isEmpty { return [] }
        guard pointer.utf8.first == UInt8(ascii: "/") else { return nil }
        return pointer.utf8.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map { bytes in
            guard bytes.contains(UInt8(ascii: "~")) else { return String(Substring(bytes)) }
            var out: [UInt8] = []
            var it = bytes.makeIterator()
            while let b = it.next() {
                if b == UInt8(ascii: "~") {
                    switch it.next() {
                    case UInt8(ascii: "0"): out.append(UInt8(ascii: "~"))
                    case UInt8(ascii: "1"): out.append(UInt8(ascii: "/"))
                    case let other?: out += [b, other]
                    case nil: out.append(b)
                    }
                } else {
                    out.append(b)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Follows `pointer` from `root`; `nil` when a token does not exist.
    static func resolve(_ pointer: String, in root: JSONValue) -> JSONValue? {
        guard let tokens = tokens(pointer) else { return nil }
        var current = root
        for t in tokens {
            switch current {
            case .object(let o):
                guard let v = o[t] else { return nil }
                current = v
            case .array(let a):
                guard let i = Int(t), i >= 0, i < a.count, t == String(i) else { return nil }
                current = a[i]
            default:
                return nil
            }
        }
        return current
    }
}

extension String {
    /// Replaces every occurrence of `target` (no Foundation needed).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard let first = target.utf8.first, utf8.contains(first), self.contains(target) else { return self }
        var out = ""
        var rest = Substring(self)
        while let r = rest.firstRange(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        out += rest
        return out
    }
}
