// SSRF in an argument: a URL, or a value that is a bare host, pointing somewhere a server-side
// fetch must not go: loopback, private (RFC 1918, CGNAT, ULA), link-local and cloud metadata
// (169.254.169.254, fd00:ec2::254, metadata.google.internal), unspecified addresses, and the
// tricks that hide them: decimal (2130706433), hex (0x7f000001), octal (0177.0.0.1) and short
// (127.1) IPv4 forms, IPv4-mapped and NAT64 IPv6, percent-encoded hosts, wildcard DNS names that
// embed an address (127.0.0.1.nip.io), and schemes that reach local resources (file:, gopher:).
// Names that resolve elsewhere through DNS cannot be judged without resolving them; the upstream
// must still refuse what it resolves to private addresses.

enum ServerSideRequestForgery {
    static let dangerousSchemes: Set<String> = ["file", "gopher", "dict", "ldap", "tftp", "jar", "netdoc", "phar", "expect"]

    /// A hit for the URL whose `://` starts at `colon`, or `nil`.
    static func url(colon: Int, in t: UnsafeBufferPointer<UInt8>) -> TextHit? {
        guard colon + 2 < t.count, t[colon + 1] == 0x2F, t[colon + 2] == 0x2F else { return nil }
        var s = colon
        while s > 0, ByteClass.isAlnum(t[s - 1]) || t[s - 1] == 0x2B || t[s - 1] == 0x2D || t[s - 1] == 0x2E { s -= 1 }
        guard s < colon, ByteClass.isLetter(t[s]) else { return nil }
        let scheme = String(decoding: t[s..<colon], as: UTF8.self).lowercased()
        var end = colon + 3
        while end < t.count, !ByteClass.isSpace(t[end]), t[end] != 0x22, t[end] != 0x27, t[end] != 0x3C, t[end] != 0x3E, t[end] != 0x60 { end += 1 }
        let range = s..<end
        if dangerousSchemes.contains(scheme) { return TextHit(detector: .ssrf, kind: "dangerous_scheme", range: range) }
        // Authority: up to /, ?, #, or a backslash (some parsers treat it as /).
        var a = colon + 3
        var authorityEnd = a
        while authorityEnd < end, ![0x2F, 0x3F, 0x23, 0x5C].contains(t[authorityEnd]) { authorityEnd += 1 }
        // Userinfo: the host is after the last @.
        for k in a..<authorityEnd where t[k] == 0x40 { a = k + 1 }
        guard a < authorityEnd else { return nil }
        let authority = String(decoding: t[a..<authorityEnd], as: UTF8.self)
        guard let kind = classify(hostAndPort: authority) else { return nil }
        return TextHit(detector: .ssrf, kind: kind, range: range)
    }

    /// A value that is itself a host (`169.254.169.254`, `[::1]:8080`, `localhost`).
    static func bareHost(in t: UnsafeBufferPointer<UInt8>) -> TextHit? {
        var s = 0
        var e = t.count
        while s < e, ByteClass.isSpace(t[s]) { s += 1 }
        while e > s, ByteClass.isSpace(t[e - 1]) { e -= 1 }
        guard e - s >= 1, e - s <= 80 else { return nil }
        for i in s..<e where ByteClass.isSpace(t[i]) || t[i] == 0x2F { return nil }
        let text = String(decoding: t[s..<e], as: UTF8.self)
        guard let kind = classify(hostAndPort: text, bare: true) else { return nil }
        return TextHit(detector: .ssrf, kind: kind, range: s..<e)
    }

    /// Why `authority` (host, optionally `:port`) is an internal target, or `nil` when it is not.
    /// - Parameter bare: The value is not inside a URL, so only unmistakable hosts count: four-part
    ///   or `0x`/long decimal IPv4, IPv6 with `::` or eight groups, and names with a dot or `localhost`
    ///   (a value "10" or "metadata" is not a host).
    static func classify(hostAndPort authority: String, bare: Bool = false) -> String? {
        var host = Substring(authority)
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return nil }
            host = host[host.index(after: host.startIndex)..<close]
        } else if host.filter({ $0 == ":" }).count == 1, let colon = host.lastIndex(of: ":") {
            host = host[..<colon]
        }
        var name = String(host).lowercased()
        if name.contains("%"), let decoded = name.removingPercentEncodingSafe() { name = decoded }
        if name.hasSuffix(".") { name.removeLast() }
        if let zone = name.firstIndex(of: "%") { name = String(name[..<zone]) }  // fe80::1%eth0
        guard !name.isEmpty else { return nil }
        if name.contains(":") { return IPAddress.v6(name).flatMap(classify(v6:)) }
        if bare {
            let dots = name.filter { $0 == "." }.count
            let numeric = name.allSatisfy { $0.isHexDigit || $0 == "." || $0 == "x" }
            if numeric {
                guard dots == 3 || (dots == 0 && (name.hasPrefix("0x") || name.count >= 8)) else { return nil }
            } else if dots == 0, name != "localhost" {
                return nil
            }
        }
        if let v4 = IPAddress.v4(name) { return classify(v4: v4) }
        return classify(name: name)
    }

    static func classify(name: String) -> String? {
        if name == "localhost" || name.hasSuffix(".localhost") || name == "localhost.localdomain" || name == "ip6-localhost"
            || name == "ip6-loopback" || name == "localtest.me" || name.hasSuffix(".localtest.me") || name == "lvh.me" || name.hasSuffix(".lvh.me")
        {
            return "loopback"
        }
        if ["metadata.google.internal", "metadata", "instance-data", "instance-data.ec2.internal", "metadata.azure.com"].contains(name) {
            return "metadata"
        }
        if name.hasSuffix(".internal") || name.hasSuffix(".intranet") || name.hasSuffix(".corp") || name.hasSuffix(".lan") { return "internal_name" }
        // Wildcard DNS services answer with the address written in the name.
        for service in [".nip.io", ".sslip.io", ".xip.io"] where name.hasSuffix(service) {
            let label = name.dropLast(service.count)
            let dotted = label.split(separator: ".").suffix(4).joined(separator: ".")
            let dashed = label.split(separator: ".").last.map { $0.replacingOccurrences(of: "-", with: ".") } ?? ""
            for candidate in [dotted, dashed] {
                if let v4 = IPAddress.v4(candidate, strict: true), let kind = classify(v4: v4) { return kind }
            }
        }
        return nil
    }

    static func classify(v4 a: UInt32) -> String? {
        func inRange(_ base: UInt32, _ bits: UInt32) -> Bool { bits == 0 ? true : (a >> (32 - bits)) == (base >> (32 - bits)) }
        if a == 0xA9FE_A9FE || a == 0xA9FE_AA02 { return "metadata" }  // 169.254.169.254 (clouds), 169.254.170.2 (ECS tasks)
        if inRange(0x7F00_0000, 8) { return "loopback" }
        if inRange(0x0000_0000, 8) { return "unspecified" }
        if inRange(0x0A00_0000, 8) || inRange(0xAC10_0000, 12) || inRange(0xC0A8_0000, 16) { return "private" }
        if inRange(0xA9FE_0000, 16) { return "link_local" }
        if inRange(0x6440_0000, 10) { return "private" }  // 100.64/10, carrier-grade NAT
        if inRange(0xC000_0000, 24) || inRange(0xC612_0000, 15) { return "private" }  // 192.0.0/24, 198.18/15
        if a == 0xFFFF_FFFF { return "broadcast" }
        return nil
    }

    static func classify(v6 a: [UInt16]) -> String? {
        guard a.count == 8 else { return nil }
        if a.allSatisfy({ $0 == 0 }) { return "unspecified" }
        if a[0..<7].allSatisfy({ $0 == 0 }), a[7] == 1 { return "loopback" }
        // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d).
        let embedded = (UInt32(a[6]) << 16) | UInt32(a[7])
        if a[0..<5].allSatisfy({ $0 == 0 }), a[5] == 0xFFFF || a[5] == 0 { return classify(v4: embedded) }
        if a[0] == 0x64, a[1] == 0xFF9B, a[2..<6].allSatisfy({ $0 == 0 }) { return classify(v4: embedded) }
        if a[0] == 0xFD00, a[1] == 0x0EC2, a[7] == 0x254 { return "metadata" }
        if a[0] & 0xFE00 == 0xFC00 { return "private" }
        if a[0] & 0xFFC0 == 0xFE80 { return "link_local" }
        return nil
    }
}

/// Address parsing with the leniency of the C resolver (`inet_aton`), which is what SSRF tricks
/// rely on.
enum IPAddress {
    /// An IPv4 address in any form `inet_aton` accepts: 1 to 4 parts, each decimal, `0x` hex or
    /// `0` octal; the last part fills the remaining bytes (`127.1`, `2130706433`). With `strict`,
    /// only four decimal parts.
    static func v4(_ text: String, strict: Bool = false) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...4).contains(parts.count), !strict || parts.count == 4 else { return nil }
        var values: [UInt64] = []
        for part in parts {
            guard !part.isEmpty else { return nil }
            var digits = Substring(part)
            var radix = 10
            if !strict {
                if digits.lowercased().hasPrefix("0x") {
                    radix = 16
                    digits = digits.dropFirst(2)
                    if digits.isEmpty { values.append(0); continue }
                } else if digits.count > 1, digits.hasPrefix("0") {
                    radix = 8
                    digits = digits.dropFirst()
                }
            }
            guard digits.count <= 12, let v = UInt64(digits, radix: radix) else { return nil }
            values.append(v)
        }
        var result: UInt64 = 0
        for (i, v) in values.enumerated() {
            if i == values.count - 1 {
                let remainingBits = UInt64(8 * (4 - i))
                guard v < (1 << remainingBits) else { return nil }
                result = (result << remainingBits) | v
            } else {
                guard v < 256 else { return nil }
                result = (result << 8) | v
            }
        }
        return UInt32(truncatingIfNeeded: result)
    }

    /// An IPv6 address as eight groups (an embedded dotted IPv4 tail is accepted).
    static func v6(_ text: String) -> [UInt16]? {
        var text = text
        if let lastColon = text.lastIndex(of: ":"), text[text.index(after: lastColon)...].contains(".") {
            guard let v4 = v4(String(text[text.index(after: lastColon)...]), strict: true) else { return nil }
            text = String(text[...lastColon]) + String(v4 >> 16, radix: 16) + ":" + String(v4 & 0xFFFF, radix: 16)
        }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ s: String) -> [UInt16]? {
            if s.isEmpty { return [] }
            var r: [UInt16] = []
            for g in s.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(g.count), let v = UInt16(g, radix: 16) else { return nil }
                r.append(v)
            }
            return r
        }
        guard let head = groups(halves[0]) else { return nil }
        guard halves.count == 2 else { return head.count == 8 ? head : nil }
        guard let rest = groups(halves[1]), head.count + rest.count <= 7 else { return nil }
        return head + Array(repeating: 0, count: 8 - head.count - rest.count) + rest
    }
}

extension String {
    /// Percent-decoding that leaves invalid sequences as they are.
    func removingPercentEncodingSafe() -> String? {
        var bytes: [UInt8] = []
        let u = Array(utf8)
        var i = 0
        while i < u.count {
            if u[i] == 0x25, i + 2 < u.count, ByteClass.isHex(u[i + 1]), ByteClass.isHex(u[i + 2]) {
                bytes.append(UInt8(ByteClass.hexValue(u[i + 1]) * 16 + ByteClass.hexValue(u[i + 2])))
                i += 3
            } else {
                bytes.append(u[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
