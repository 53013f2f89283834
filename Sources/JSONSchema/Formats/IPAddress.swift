// IPv4 dotted quads (no leading zeros) and IPv6 text forms (RFC 4291 §2.2, with an optional
// embedded IPv4 tail; no zone identifiers).

enum IPAddress {
    static func isIPv4(_ s: Substring) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        for p in parts {
            guard !p.isEmpty, p.count <= 3, p.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
            if p.count > 1, p.first == "0" { return false }
            guard let v = Int(p), v <= 255 else { return false }
        }
        return true
    }

    static func isIPv6(_ s: Substring) -> Bool {
        guard !s.isEmpty, s.utf8.allSatisfy({ $0 < 0x80 }) else { return false }
        var groups = s.split(separator: ":", omittingEmptySubsequences: false).map { $0 }
        var units = 0
        if let last = groups.last, last.contains(".") {
            guard isIPv4(last) else { return false }
            groups.removeLast()
            groups.append("0")  // placeholder for the first 16 bits of the tail
            units = 1
        }
        let compressions = s.ranges(of: "::").count
        guard compressions <= 1 else { return false }
        if compressions == 1 {
            // Leading or trailing `::` produce empty edge groups.
            let text = s
            var g = groups
            if text.hasPrefix("::") { g.removeFirst() }
            if text.hasSuffix("::") { g.removeLast() }
            var empties = 0
            for x in g where x.isEmpty { empties += 1 }
            guard empties == 1 else { return false }
            let count = g.count - 1 + units
            guard count <= 7 else { return false }
            return g.allSatisfy { $0.isEmpty || isHexGroup($0) }
        }
        guard groups.count + units == 8 else { return false }
        return groups.allSatisfy(isHexGroup)
    }

    static func isHexGroup(_ g: Substring) -> Bool {
        !g.isEmpty && g.count <= 4 && g.utf8.allSatisfy(FormatChecker.isHex)
    }
}
