// URIs and IRIs (RFC 3986, RFC 3987) as strict syntax checks, and URI Templates (RFC 6570).

enum URIFormat {
    static func isUnreserved(_ c: UInt32) -> Bool {
        (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c)
            || c == 0x2D || c == 0x2E || c == 0x5F || c == 0x7E
    }

    static func isSubDelim(_ c: UInt32) -> Bool { "!$&'()*+,;=".unicodeScalars.contains { $0.value == c } }

    /// RFC 3987 ucschar (and iprivate where allowed).
    static func isUCS(_ c: UInt32, privateUse: Bool) -> Bool {
        if (0xA0...0xD7FF).contains(c) || (0xF900...0xFDCF).contains(c) || (0xFDF0...0xFFEF).contains(c) { return true }
        if c >= 0x10000 && c <= 0xEFFFD && (c & 0xFFFF) <= 0xFFFD { return true }
        if privateUse && ((0xE000...0xF8FF).contains(c) || (0xF0000...0xFFFFD).contains(c) || (0x100000...0x10FFFD).contains(c)) {
            return true
        }
        return false
    }

    /// Whether every character of `s` is allowed (`extra` lists further ASCII characters);
    /// percent signs must start valid escapes.
    static func allowed(_ s: ArraySlice<UInt32>, extra: String, international: Bool, privateUse: Bool = false) -> Bool {
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if c == 0x25 {
                guard i + 2 < s.endIndex + 0, i + 2 <= s.endIndex - 1,
                    let a = UInt8(exactly: s[i + 1]), let b = UInt8(exactly: s[i + 2]),
                    FormatChecker.isHex(a), FormatChecker.isHex(b)
                else { return false }
                i += 3
                continue
            }
            if isUnreserved(c) || isSubDelim(c) || extra.unicodeScalars.contains(where: { $0.value == c }) {
            } else if international && isUCS(c, privateUse: privateUse) {
            } else {
                return false
            }
            i += 1
        }
        return true
    }

    static func check(_ text: String, allowRelative: Bool, international: Bool) -> Bool {
        let u = Array(text.unicodeScalars.map(\.value))
        var rest = u[...]
        // Scheme.
        var hasScheme = false
        if let colon = u.firstIndex(of: 0x3A), colon > 0 {
            let scheme = u[..<colon]
            let firstIsAlpha = (0x41...0x5A).contains(scheme.first!) || (0x61...0x7A).contains(scheme.first!)
            let schemeOK = scheme.allSatisfy {
                (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2B || $0 == 0x2D || $0 == 0x2E
            }
            let beforeSlash = !scheme.contains(0x2F) && !scheme.contains(0x3F) && !scheme.contains(0x23)
            if beforeSlash {
                guard firstIsAlpha, schemeOK else { return false }
                hasScheme = true
                rest = u[(colon + 1)...]
            }
        }
        guard hasScheme || allowRelative else { return false }
        if let hash = rest.firstIndex(of: 0x23) {
            guard allowed(rest[(hash + 1)...], extra: ":@/?", international: international) else { return false }
            rest = rest[..<hash]
        }
        if let q = rest.firstIndex(of: 0x3F) {
            guard allowed(rest[(q + 1)...], extra: ":@/?", international: international, privateUse: true) else { return false }
            rest = rest[..<q]
        }
        var path = rest
        if rest.starts(with: [0x2F, 0x2F]) {
            let afterSlashes = rest.dropFirst(2)
            let end = afterSlashes.firstIndex(of: 0x2F) ?? afterSlashes.endIndex
            guard isAuthority(afterSlashes[..<end], international: international) else { return false }
            path = afterSlashes[end...]
        } else if !hasScheme, let firstSlash = path.firstIndex(of: 0x2F) ?? Optional(path.endIndex),
            path[..<firstSlash].contains(0x3A)
        {
            return false  // path-noscheme: no ':' in the first segment
        }
        return allowed(path, extra: ":@/", international: international)
    }

    static func isAuthority(_ a: ArraySlice<UInt32>, international: Bool) -> Bool {
        var host = a
        if let at = a.lastIndex(of: 0x40) {
            guard allowed(a[..<at], extra: ":", international: international) else { return false }
            host = a[(at + 1)...]
        }
        if host.first == 0x5B {
            guard let close = host.firstIndex(of: 0x5D) else { return false }
            let literal = String(String.UnicodeScalarView(host[(host.startIndex + 1)..<close].compactMap(Unicode.Scalar.init)))
            let after = host[(close + 1)...]
            if !after.isEmpty {
                guard after.first == 0x3A, after.dropFirst().allSatisfy({ (0x30...0x39).contains($0) }) else { return false }
            }
            if literal.first == "v" || literal.first == "V" {
                let parts = literal.dropFirst().split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2, !parts[0].isEmpty, parts[0].utf8.allSatisfy(FormatChecker.isHex), !parts[1].isEmpty else { return false }
                return allowed(Array(parts[1].unicodeScalars.map(\.value))[...], extra: ":", international: false)
            }
            return IPAddress.isIPv6(Substring(literal))
        }
        var name = host
        if let colon = host.lastIndex(of: 0x3A) {
            guard host[(colon + 1)...].allSatisfy({ (0x30...0x39).contains($0) }) else { return false }
            name = host[..<colon]
        }
        return allowed(name, extra: "", international: international)
    }

    static func isURITemplate(_ s: String) -> Bool {
        let u = Array(s.unicodeScalars.map(\.value))
        var i = 0
        while i < u.count {
            let c = u[i]
            if c == 0x7B {
                guard let close = u[i...].firstIndex(of: 0x7D), isExpression(u[(i + 1)..<close]) else { return false }
                i = close + 1
                continue
            }
            if c == 0x25 {
                guard i + 2 < u.count, let a = UInt8(exactly: u[i + 1]), let b = UInt8(exactly: u[i + 2]),
                    FormatChecker.isHex(a), FormatChecker.isHex(b)
                else { return false }
                i += 3
                continue
            }
            if c <= 0x20 || c == 0x7F || "\"<>\\^`{|}".unicodeScalars.contains(where: { $0.value == c }) { return false }
            if c >= 0x80, !isUCS(c, privateUse: true) { return false }
            i += 1
        }
        return true
    }

    static func isExpression(_ e: ArraySlice<UInt32>) -> Bool {
        var body = e
        if let op = body.first, "+#./;?&".unicodeScalars.contains(where: { $0.value == op }) { body = body.dropFirst() }
        guard !body.isEmpty else { return false }
        for spec in body.split(separator: 0x2C, omittingEmptySubsequences: false) {
            var name = spec
            if let colon = spec.firstIndex(of: 0x3A) {
                let digits = spec[(colon + 1)...]
                guard (1...4).contains(digits.count), digits.first != 0x30,
                    digits.allSatisfy({ (0x30...0x39).contains($0) })
                else { return false }
                name = spec[..<colon]
            } else if spec.last == 0x2A {
                name = spec.dropLast()
            }
            guard isVarname(name) else { return false }
        }
        return true
    }

    static func isVarname(_ n: ArraySlice<UInt32>) -> Bool {
        guard !n.isEmpty, n.first != 0x2E, n.last != 0x2E else { return false }
        var i = n.startIndex
        var previousDot = false
        while i < n.endIndex {
            let c = n[i]
            if c == 0x2E {
                if previousDot { return false }
                previousDot = true
                i += 1
                continue
            }
            previousDot = false
            if c == 0x25 {
                guard i + 2 < n.endIndex, let a = UInt8(exactly: n[i + 1]), let b = UInt8(exactly: n[i + 2]),
                    FormatChecker.isHex(a), FormatChecker.isHex(b)
                else { return false }
                i += 3
                continue
            }
            guard (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) || c == 0x5F else { return false }
            i += 1
        }
        return true
    }
}
