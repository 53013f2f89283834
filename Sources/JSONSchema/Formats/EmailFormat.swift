// E-mail addresses: RFC 5321 mailboxes (dot-string or quoted local part; host name or address
// literal), and RFC 6531's internationalised form for `idn-email`.

enum EmailFormat {
    static func isEmail(_ s: String, international: Bool) -> Bool {
        let u = Array(s.unicodeScalars.map(\.value))
        var i = 0
        var localBytes = 0
        if u.first == 0x22 {  // quoted local part
            i = 1
            var closed = false
            while i < u.count {
                let c = u[i]
                if c == 0x5C {
                    guard i + 1 < u.count, (0x20...0x7E).contains(u[i + 1]) else { return false }
                    i += 2
                    continue
                }
                if c == 0x22 {
                    closed = true
                    i += 1
                    break
                }
                guard (0x20...0x7E).contains(c) || (international && c >= 0x80) else { return false }
                i += 1
            }
            guard closed, i < u.count, u[i] == 0x40 else { return false }
            localBytes = String(s.unicodeScalars.prefix(i)).utf8.count
        } else {
            guard let at = u.firstIndex(of: 0x40), at > 0 else { return false }
            let local = u[..<at]
            guard local.first != 0x2E, local.last != 0x2E else { return false }
            var previousDot = false
            for c in local {
                if c == 0x2E {
                    if previousDot { return false }
                    previousDot = true
                    continue
                }
                previousDot = false
                guard isAtext(c) || (international && c >= 0x80) else { return false }
            }
            i = at
            localBytes = String(s.unicodeScalars.prefix(at)).utf8.count
        }
        guard localBytes <= 64 else { return false }
        let domain = String(String.UnicodeScalarView(u[(i + 1)...].compactMap(Unicode.Scalar.init)))
        guard !domain.isEmpty else { return false }
        if domain.hasPrefix("[") {
            guard domain.hasSuffix("]") else { return false }
            let inner = domain.dropFirst().dropLast()
            if inner.hasPrefix("IPv6:") { return IPAddress.isIPv6(inner.dropFirst(5)) }
            return IPAddress.isIPv4(inner)
        }
        return international ? Hostname.isIDNHostname(domain) : Hostname.isHostname(domain)
    }

    static func isAtext(_ c: UInt32) -> Bool {
        if (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) { return true }
        return "!#$%&'*+-/=?^_`{|}~".unicodeScalars.contains { $0.value == c }
    }
}
