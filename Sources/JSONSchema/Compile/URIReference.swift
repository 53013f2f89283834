// RFC 3986 URI references, just enough for JSON Schema identifiers: split into parts, resolve a
// reference against a base (with dot-segment removal), and strip or read the fragment.

/// A parsed URI reference. Empty components are distinguished from absent ones, as RFC 3986 §5.3
/// requires when recomposing (`http://x?` keeps its `?`).
struct URIReference: Sendable, Hashable {
    var scheme: String?
    var authority: String?
    var path: String
    var query: String?
    var fragment: String?

    /// Parses per RFC 3986 appendix B; every string parses (the grammar is permissive).
    init(_ text: String) {
        var rest = Substring(text)
        scheme = nil
        authority = nil
        query = nil
        fragment = nil
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        if let q = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: q)...])
            rest = rest[..<q]
        }
        if let colon = rest.firstIndex(of: ":") {
            let candidate = rest[..<colon]
            if let first = candidate.first, first.isASCII, first.isLetter,
                candidate.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") })
            {
                scheme = String(candidate)
                rest = rest[rest.index(after: colon)...]
            }
        }
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            let end = rest.firstIndex(of: "/") ?? rest.endIndex
            authority = String(rest[..<end])
            rest = rest[end...]
        }
        path = String(rest)
    }

    init(scheme: String?, authority: String?, path: String, query: String?, fragment: String?) {
        self.scheme = scheme
        self.authority = authority
        self.path = path
        self.query = query
        self.fragment = fragment
    }

    /// The reference recomposed (RFC 3986 §5.3).
    var text: String {
        var out = ""
        if let scheme { out += scheme + ":" }
        if let authority { out += "//" + authority }
        out += path
        if let query { out += "?" + query }
        if let fragment { out += "#" + fragment }
        return out
    }

    /// Resolves `reference` against this base (RFC 3986 §5.2.2, strict).
    func resolving(_ reference: URIReference) -> URIReference {
        var t = URIReference(scheme: nil, authority: nil, path: "", query: nil, fragment: reference.fragment)
        if let s = reference.scheme {
            t.scheme = s
            t.authority = reference.authority
            t.path = Self.removeDotSegments(reference.path)
            t.query = reference.query
            return t
        }
        t.scheme = scheme
        if reference.authority != nil {
            t.authority = reference.authority
            t.path = Self.removeDotSegments(reference.path)
            t.query = reference.query
            return t
        }
        t.authority = authority
        if reference.path.isEmpty {
            t.path = path
            t.query = reference.query ?? query
        } else {
            if reference.path.hasPrefix("/") {
                t.path = Self.removeDotSegments(reference.path)
            } else {
                t.path = Self.removeDotSegments(merge(reference.path))
            }
            t.query = reference.query
        }
        return t
    }

    private func merge(_ refPath: String) -> String {
        if authority != nil && path.isEmpty { return "/" + refPath }
        guard let slash = path.lastIndex(of: "/") else { return refPath }
        return String(path[...slash]) + refPath
    }

    static func removeDotSegments(_ input: String) -> String {
        guard input.contains(".") else { return input }
        var inp = Substring(input)
        var out: [Substring] = []
        var result = ""
        // Straightforward transcription of RFC 3986 §5.2.4 over segments.
        while !inp.isEmpty {
            if inp.hasPrefix("../") {
                inp = inp.dropFirst(3)
            } else if inp.hasPrefix("./") {
                inp = inp.dropFirst(2)
            } else if inp.hasPrefix("/./") {
                inp = inp.dropFirst(2)
            } else if inp == "/." {
                inp = "/"
            } else if inp.hasPrefix("/../") {
                inp = inp.dropFirst(3)
                if !out.isEmpty { out.removeLast() }
            } else if inp == "/.." {
                inp = "/"
                if !out.isEmpty { out.removeLast() }
            } else if inp == "." || inp == ".." {
                inp = ""
            } else {
                var end = inp.index(after: inp.startIndex)
                if inp.first != "/" { end = inp.startIndex }
                let next = inp[end...].firstIndex(of: "/") ?? inp.endIndex
                out.append(inp[..<next])
                inp = inp[next...]
            }
        }
        for seg in out { result += seg }
        return result
    }
}

/// Helpers on identifier strings used throughout compilation.
enum URIs {
    /// Resolves `reference` against `base` and returns the text.
    static func resolve(_ reference: String, against base: String) -> String {
        if base.isEmpty { return reference }
        // Fast path for the common same-document reference (`#/$defs/x`, `#anchor`).
        if reference.utf8.first == UInt8(ascii: "#") { return withoutFragment(base) + reference }
        return URIReference(base).resolving(URIReference(reference)).text
    }

    /// Splits off the fragment: `("http://x/y", "frag")`; an absent fragment is `""`.
    static func split(_ uri: String) -> (base: String, fragment: String) {
        // Byte search: `firstIndex(of: Character)` would break graphemes on every call.
        guard let hash = uri.utf8.firstIndex(of: UInt8(ascii: "#")) else { return (uri, "") }
        return (String(uri[..<hash]), String(uri[uri.utf8.index(after: hash)...]))
    }

    /// The URI without its fragment (an empty trailing `#` included).
    static func withoutFragment(_ uri: String) -> String { split(uri).base }

    /// Decodes `%XX` escapes (used for fragments before they are read as JSON pointers).
    static func percentDecode(_ s: String) -> String {
        guard s.contains("%") else { return s }
        var bytes: [UInt8] = []
        let u = Array(s.utf8)
        var i = 0
        while i < u.count {
            if u[i] == UInt8(ascii: "%"), i + 2 < u.count, let h = hex(u[i + 1]), let l = hex(u[i + 2]) {
                bytes.append(h << 4 | l)
                i += 3
            } else {
                bytes.append(u[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
