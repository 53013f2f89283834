// `format` as an assertion: one checker per format name in the test suite. Only strings are
// checked (every format ignores other types); unknown formats are not checkers at all, so they
// never fail, as both drafts require.

/// A compiled `format` check.
struct FormatChecker: Sendable {
    enum Kind: Sendable {
        case dateTime, date, time, duration, email, idnEmail, hostname, idnHostname, ipv4, ipv6
        case uri, uriReference, iri, iriReference, uriTemplate, jsonPointer, relativeJSONPointer, regex, uuid
    }
    let kind: Kind
    /// The format name as written.
    let name: String

    /// The checker for `name`, or `nil` for a format this validator does not know.
    init?(name: String) {
        let table: [String: Kind] = [
            "date-time": .dateTime, "date": .date, "time": .time, "duration": .duration, "email": .email,
            "idn-email": .idnEmail, "hostname": .hostname, "idn-hostname": .idnHostname, "ipv4": .ipv4,
            "ipv6": .ipv6, "uri": .uri, "uri-reference": .uriReference, "iri": .iri, "iri-reference": .iriReference,
            "uri-template": .uriTemplate, "json-pointer": .jsonPointer, "relative-json-pointer": .relativeJSONPointer,
            "regex": .regex, "uuid": .uuid,
        ]
        guard let k = table[name] else { return nil }
        kind = k
        self.name = name
    }

    /// Whether `value` satisfies the format (non-strings always do).
    func check(_ value: JSONValue) -> Bool {
        guard case .string(let s) = value else { return true }
        switch kind {
        case .dateTime: return DateFormats.isDateTime(s)
        case .date: return DateFormats.isDate(Array(s.utf8)[...])
        case .time: return DateFormats.isTime(Array(s.utf8)[...])
        case .duration: return DateFormats.isDuration(s)
        case .email: return EmailFormat.isEmail(s, international: false)
        case .idnEmail: return EmailFormat.isEmail(s, international: true)
        case .hostname: return Hostname.isHostname(s)
        case .idnHostname: return Hostname.isIDNHostname(s)
        case .ipv4: return IPAddress.isIPv4(Substring(s))
        case .ipv6: return IPAddress.isIPv6(Substring(s))
        case .uri: return URIFormat.check(s, allowRelative: false, international: false)
        case .uriReference: return URIFormat.check(s, allowRelative: true, international: false)
        case .iri: return URIFormat.check(s, allowRelative: false, international: true)
        case .iriReference: return URIFormat.check(s, allowRelative: true, international: true)
        case .uriTemplate: return URIFormat.isURITemplate(s)
        case .jsonPointer: return Self.isJSONPointer(Substring(s))
        case .relativeJSONPointer: return Self.isRelativeJSONPointer(s)
        case .regex: return (try? ECMARegex(s, strict: true)) != nil
        case .uuid: return Self.isUUID(s)
        }
    }

    static func isJSONPointer(_ s: Substring) -> Bool {
        if s.isEmpty { return true }
        guard s.first == "/" else { return false }
        var it = s.unicodeScalars.makeIterator()
        while let c = it.next() {
            if c == "~" {
                guard let n = it.next(), n == "0" || n == "1" else { return false }
            }
        }
        return true
    }

    static func isRelativeJSONPointer(_ s: String) -> Bool {
        let u = Array(s.utf8)
        var i = 0
        while i < u.count, u[i] >= 0x30, u[i] <= 0x39 { i += 1 }
        guard i > 0, !(u[0] == 0x30 && i > 1) else { return false }
        let rest = s.utf8.dropFirst(i)
        if rest.elementsEqual("#".utf8) { return true }
        return isJSONPointer(Substring(rest))
    }

    static func isUUID(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count == 36 else { return false }
        for (i, c) in u.enumerated() {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                guard c == UInt8(ascii: "-") else { return false }
            } else {
                guard isHex(c) else { return false }
            }
        }
        return true
    }

    static func isHex(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
    }
}
