// Personal data in tool output: email addresses, phone numbers, national identifiers (US SSN,
// UK National Insurance number, Canadian SIN), payment card numbers (issuer prefix + Luhn) and
// IBANs (country length + mod 97). Each check starts at a trigger byte the scanner found ('@', the
// first digit of a run, '+' or '(', an upper-case letter) and reads a bounded distance around it.
//
// Precision choices, written down because each trades recall for fewer false alarms:
// - documentation domains (example.com, .test, .invalid, .localhost) are not personal data;
// - `git@host:` (an SSH remote) and `name@2x.png` (an image variant) are not addresses;
// - phone numbers need a recognisable layout (international `+…`, NANP `(415) 555-0132`,
//   national `0…` in groups); bare digit runs count only right after a word like "phone";
// - a phone- or SSN-shaped number right after "order", "invoice", "ticket", "#", … is an id.

enum PersonalData {
    // MARK: Email

    /// An address around the `@` at `at`, or `nil`.
    static func email(at: Int, in t: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var start = at
        while start > 0, at - start < 64, isLocalByte(t[start - 1]) { start -= 1 }
        guard start < at, t[start] != 0x2E, t[at - 1] != 0x2E else { return nil }
        // `scheme://user:password@host`: URL credentials, not an address.
        if start > 0, t[start - 1] == 0x3A {
            var k = start - 1
            while k > 0, !ByteClass.isSpace(t[k - 1]), start - k < 256 {
                if t[k - 1] == 0x2F, k >= 2, t[k - 2] == 0x2F { return nil }
                k -= 1
            }
        }
        var end = at + 1
        while end < t.count, end - at < 254, ByteClass.isAlnum(t[end]) || t[end] == 0x2D || t[end] == 0x2E { end += 1 }
        while end > at + 1, t[end - 1] == 0x2E || t[end - 1] == 0x2D { end -= 1 }
        guard end > at + 1 else { return nil }
        // Labels: at least two, none empty, the last all letters (2…24).
        let domain = UnsafeBufferPointer(rebasing: t[(at + 1)..<end])
        var labels: [Range<Int>] = []
        var labelStart = 0
        for i in 0...domain.count {
            if i == domain.count || domain[i] == 0x2E {
                guard i > labelStart else { return nil }
                labels.append(labelStart..<i)
                labelStart = i + 1
            }
        }
        guard labels.count >= 2, let tld = labels.last, (2...24).contains(tld.count),
            tld.allSatisfy({ ByteClass.isLetter(domain[$0]) }), domain[0] != 0x2D
        else { return nil }
        // `icon@2x.png`: a retina image name.
        let first = labels[0]
        if first.count >= 2, domain[first.upperBound - 1] | 0x20 == 0x78, domain[first.lowerBound..<(first.upperBound - 1)].allSatisfy(ByteClass.isDigit) {
            return nil
        }
        // `git@github.com:org/repo.git`: an SSH remote.
        if end < t.count, t[end] == 0x3A, at - start == 3, ByteClass.hasPrefix(t, at: start, "git") { return nil }
        if isDocumentationDomain(domain, labels: labels) { return nil }
        return start..<end
    }

    private static func isLocalByte(_ b: UInt8) -> Bool {
        ByteClass.isAlnum(b) || b == 0x2E || b == 0x5F || b == 0x25 || b == 0x2B || b == 0x2D
    }

    /// RFC 2606 / 6761 names: example.com/.net/.org and the .example, .test, .invalid, .localhost TLDs.
    private static func isDocumentationDomain(_ d: UnsafeBufferPointer<UInt8>, labels: [Range<Int>]) -> Bool {
        func label(_ r: Range<Int>) -> String { String(decoding: d[r], as: UTF8.self).lowercased() }
        let tld = label(labels[labels.count - 1])
        if ["example", "test", "invalid", "localhost", "local"].contains(tld) { return true }
        let second = label(labels[labels.count - 2])
        return second == "example" && ["com", "net", "org"].contains(tld)
    }

    // MARK: Digit sequences: cards, national ids, phone numbers

    /// What a number-like run at `start` is, if it is one of the enabled kinds, and where the run
    /// ends (the run is judged as a whole: no check restarts inside it).
    static func number(at start: Int, in t: UnsafeBufferPointer<UInt8>, card: Bool, nationalID: Bool, phone: Bool) -> (TextHit?, Int) {
        // Most numbers in text are short: nothing here has fewer than 7 digits.
        let (digits, reach) = NumberSequence.quickCount(at: start, in: t)
        guard digits >= 7 else { return (nil, reach) }
        guard let seq = NumberSequence(at: start, in: t) else { return (nil, reach) }
        let end = seq.range.upperBound
        if card, let hit = paymentCard(seq) { return (hit, end) }
        // The context is read only for numbers shaped like an id or a phone number.
        let national = nationalID ? nationalNumber(seq, in: t) : nil
        let phoneHit = phone ? phoneNumber(seq, in: t) : nil
        guard national != nil || phoneHit != nil else { return (nil, end) }
        let idContext = ByteClass.precededByWord(t, before: seq.range.lowerBound, window: 24, idMatcher)
        if let national, !idContext { return (national, end) }
        if let phoneHit, !idContext || ByteClass.precededByWord(t, before: seq.range.lowerBound, window: 16, phoneMatcher) { return (phoneHit, end) }
        return (nil, end)
    }

    static let idWords = [
        "order", "invoice", "ticket", "tracking", "ref", "reference", "id", "#", "no.", "sku", "serial", "case", "po", "item",
        "confirmation", "booking", "shipment", "parcel", "transaction", "txn", "build", "version", "isbn", "part", "model", "batch", "lot",
    ]
    static let phoneWords = ["phone", "tel", "tel:", "mobile", "cell", "fax", "call", "whatsapp", "sms", "telephone"]
    static let idMatcher = KeywordMatcher(idWords)
    static let phoneMatcher = KeywordMatcher(phoneWords)
    static let ssnMatcher = KeywordMatcher(["ssn", "social security", "social-security", "ss#"])

    private static func paymentCard(_ s: NumberSequence) -> TextHit? {
        guard !s.plus, !s.parenthesised, (13...19).contains(s.digits.count), s.separators.count <= 1,
            s.separators.isSubset(of: [0x20, 0x2D])
        else { return nil }
        // Grouped numbers use groups of 4 (Amex 4-6-5, Diners 4-6-4).
        if s.groups.count > 1, s.groups[0] != 4 { return nil }
        guard issuerKnown(s.digits), luhn(s.digits) else { return nil }
        return TextHit(detector: .paymentCard, kind: "payment_card", range: s.range)
    }

    /// Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro prefixes with their lengths.
    static func issuerKnown(_ d: [UInt8]) -> Bool {
        func prefix(_ n: Int) -> Int { d.prefix(n).reduce(0) { $0 * 10 + Int($1) } }
        let n = d.count
        switch d[0] {
        case 4: return n == 13 || n == 16 || n == 19
        case 5:
            let p2 = prefix(2)
            if (51...55).contains(p2) { return n == 16 }
            return (p2 == 50 || (56...58).contains(p2)) && (12...19).contains(n)
        case 2: return (2221...2720).contains(prefix(4)) && n == 16
        case 3:
            let p2 = prefix(2)
            if p2 == 34 || p2 == 37 { return n == 15 }
            if (3528...3589).contains(prefix(4)) { return (16...19).contains(n) }
            if (300...305).contains(prefix(3)) || p2 == 36 || p2 == 38 || p2 == 39 { return (14...19).contains(n) }
            return false
        case 6:
            if prefix(4) == 6011 || (644...649).contains(prefix(3)) || prefix(2) == 65 { return (16...19).contains(n) }
            if prefix(2) == 62 { return (16...19).contains(n) }
            return (12...19).contains(n) && prefix(2) == 67
        default: return false
        }
    }

    static func luhn(_ digits: [UInt8]) -> Bool {
        var sum = 0
        for (i, d) in digits.reversed().enumerated() {
            var v = Int(d)
            if i % 2 == 1 {
                v *= 2
                if v > 9 { v -= 9 }
            }
            sum += v
        }
        return sum % 10 == 0
    }

    private static func nationalNumber(_ s: NumberSequence, in t: UnsafeBufferPointer<UInt8>) -> TextHit? {
        guard !s.plus, !s.parenthesised, s.separators.count == 1, let sep = s.separators.first, sep == 0x2D || sep == 0x20 else {
            // A bare run of nine digits is an SSN only when the text says so.
            if !s.plus, s.groups == [9], validSSN(s.digits), ByteClass.precededByWord(t, before: s.range.lowerBound, window: 24, ssnMatcher) {
                return TextHit(detector: .nationalID, kind: "us_ssn", range: s.range)
            }
            return nil
        }
        if s.groups == [3, 2, 4], validSSN(s.digits) { return TextHit(detector: .nationalID, kind: "us_ssn", range: s.range) }
        if s.groups == [3, 3, 3], s.digits[0] != 8, luhn(s.digits) {
            return TextHit(detector: .nationalID, kind: "ca_sin", range: s.range)
        }
        return nil
    }


    /// Area 001–899 except 666, group 01–99, serial 0001–9999.
    static func validSSN(_ d: [UInt8]) -> Bool {
        guard d.count == 9 else { return false }
        let area = Int(d[0]) * 100 + Int(d[1]) * 10 + Int(d[2])
        let group = Int(d[3]) * 10 + Int(d[4])
        let serial = d[5...].reduce(0) { $0 * 10 + Int($1) }
        return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
    }

    private static func phoneNumber(_ s: NumberSequence, in t: UnsafeBufferPointer<UInt8>) -> TextHit? {
        let n = s.digits.count
        let hit = TextHit(detector: .phone, kind: "phone", range: s.range)
        if s.plus { return (8...15).contains(n) && (s.groups.count >= 2 || n >= 10) ? hit : nil }
        // NANP: (415) 555-0132, 415-555-0132, 415.555.0132, 415 555 0132, 1-415-555-0132.
        var groups = s.groups
        var digits = s.digits[...]
        if groups.first == 1, s.digits[0] == 1, groups.count == 4 {
            groups.removeFirst()
            digits = digits.dropFirst()
        }
        if groups == [3, 3, 4], s.separators.count <= 2, digits[digits.startIndex] >= 2, digits[digits.startIndex + 3] >= 2 {
            return hit
        }
        // National formats starting with 0: 020 7946 0958, 07700 900123, 06 12 34 56 78.
        if s.digits[0] == 0, groups.count >= 2, (10...11).contains(n), s.separators == [0x20] || s.separators == [0x2D] || s.separators == [0x2E] {
            return hit
        }
        // Right after "phone", "tel", …: any layout of 7 to 15 digits.
        if (7...15).contains(n), ByteClass.precededByWord(t, before: s.range.lowerBound, window: 16, phoneMatcher) { return hit }
        return nil
    }

    // MARK: IBAN and UK National Insurance numbers (start with two capital letters)

    /// An IBAN or NINO starting at the capital letter at `start`, and how far an IBAN-shaped run
    /// reaches (its digits are not read again as a phone number).
    static func letters(at start: Int, in t: UnsafeBufferPointer<UInt8>, iban ibanOn: Bool, nationalID: Bool) -> (TextHit?, Int) {
        guard start + 4 <= t.count, ByteClass.isUpper(t[start + 1]) else { return (nil, start) }
        if ByteClass.isDigit(t[start + 2]), ByteClass.isDigit(t[start + 3]) {
            let (r, reach) = iban(at: start, in: t)
            if ibanOn, let r { return (TextHit(detector: .iban, kind: "iban", range: r), r.upperBound) }
            if nationalID, let r = nino(at: start, in: t) { return (TextHit(detector: .nationalID, kind: "uk_nino", range: r), r.upperBound) }
            return (nil, reach)
        } else if nationalID, ByteClass.isSpace(t[start + 2]), let r = nino(at: start, in: t) {
            return (TextHit(detector: .nationalID, kind: "uk_nino", range: r), r.upperBound)
        }
        return (nil, start)
    }

    /// Compact (`DE89370400440532013000`) or grouped by four with single spaces; also how far an
    /// IBAN-shaped run of a known country reaches, valid or not.
    static func iban(at start: Int, in t: UnsafeBufferPointer<UInt8>) -> (Range<Int>?, Int) {
        let country = String(decoding: t[start..<(start + 2)], as: UTF8.self)
        guard let length = ibanLengths[country] else { return (nil, start) }
        var chars: [UInt8] = []
        var i = start
        var groupLength = 0
        while i < t.count, chars.count < length {
            let b = t[i]
            if ByteClass.isDigit(b) || ByteClass.isUpper(b) {
                chars.append(b)
                groupLength += 1
                i += 1
            } else if b == 0x20, groupLength == 4, i + 1 < t.count, ByteClass.isDigit(t[i + 1]) || ByteClass.isUpper(t[i + 1]) {
                groupLength = 0
                i += 1
            } else {
                break
            }
        }
        guard chars.count == length, !ByteClass.wordAt(t, i) else { return (nil, chars.count >= 12 ? i : start) }
        // Move the first four characters to the end, letters to 10…35, remainder mod 97 must be 1.
        var remainder = 0
        for b in chars[4...] + chars[..<4] {
            if ByteClass.isDigit(b) {
                remainder = (remainder * 10 + Int(b - 0x30)) % 97
            } else {
                remainder = (remainder * 100 + Int(b - 0x41 + 10)) % 97
            }
        }
        return (remainder == 1 ? start..<i : nil, i)
    }

    /// `AB123456C` or `AB 12 34 56 C`, with the letters HMRC issues.
    static func nino(at start: Int, in t: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        let first = t[start]
        let second = t[start + 1]
        guard !"DFIQUV".utf8.contains(first), !"DFIQUVO".utf8.contains(second) else { return nil }
        let prefix = String(decoding: [first, second], as: UTF8.self)
        guard !["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"].contains(prefix) else { return nil }
        var i = start + 2
        var digits = 0
        while i < t.count, digits < 6 {
            if ByteClass.isDigit(t[i]) {
                digits += 1
                i += 1
            } else if t[i] == 0x20, digits % 2 == 0, i + 1 < t.count, ByteClass.isDigit(t[i + 1]) {
                i += 1
            } else {
                break
            }
        }
        guard digits == 6 else { return nil }
        if i < t.count, t[i] == 0x20 { i += 1 }
        guard i < t.count, (0x41...0x44).contains(t[i]), !ByteClass.wordAt(t, i + 1) else { return nil }
        return start..<(i + 1)
    }

    /// IBAN lengths by country (SWIFT IBAN registry).
    static let ibanLengths: [String: Int] = [
        "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29, "BY": 28, "CH": 21,
        "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FO": 18, "FR": 27,
        "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
        "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24,
        "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29,
        "RO": 24, "RS": 22, "SA": 24, "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28, "TL": 23, "TN": 24,
        "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
    ]
}

/// A run of digit groups: `+44 20 7946 0958`, `(415) 555-0132`, `4111 1111 1111 1111`.
struct NumberSequence {
    /// Digits in the run at `start` (single separators between groups allowed), counted without
    /// allocating, and where the run ends.
    static func quickCount(at start: Int, in t: UnsafeBufferPointer<UInt8>) -> (Int, Int) {
        var i = start
        var digits = 0
        while i < t.count, i - start < 48 {
            let b = t[i]
            if ByteClass.isDigit(b) {
                digits += 1
            } else if !(b == 0x20 || b == 0x2D || b == 0x2E || b == 0x28 || b == 0x29 || b == 0x2B) || i + 1 >= t.count
                || !(ByteClass.isDigit(t[i + 1]) || t[i + 1] == 0x28 || t[i + 1] == 0x20)
            {
                break
            }
            i += 1
        }
        return (digits, max(i, start + 1))
    }

    var range: Range<Int>
    var digits: [UInt8]
    /// Digits per group, in order.
    var groups: [Int]
    /// The separator bytes used between groups.
    var separators: Set<UInt8>
    var plus = false
    var parenthesised = false

    /// Reads from `start` (a digit, `+` or `(`); `nil` when the run touches letters or is glued to
    /// a longer token (`v1.2`, `abc123`).
    init?(at start: Int, in t: UnsafeBufferPointer<UInt8>) {
        if start > 0 {
            let p = t[start - 1]
            if ByteClass.isAlnum(p) || p == 0x5F || p == 0x2F || p == 0x24 { return nil }
            if (p == 0x2E || p == 0x2D || p == 0x2C), start > 1, ByteClass.isDigit(t[start - 2]) { return nil }
        }
        var i = start
        digits = []
        groups = []
        separators = []
        if t[i] == 0x2B {
            plus = true
            i += 1
            if i < t.count, t[i] == 0x20 { i += 1 }
        }
        var current = 0
        var closeParenthesisPending = false
        if i < t.count, t[i] == 0x28 {
            parenthesised = true
            closeParenthesisPending = true
            i += 1
        }
        while i < t.count, digits.count <= 20 {
            let b = t[i]
            if ByteClass.isDigit(b) {
                digits.append(b - 0x30)
                current += 1
                i += 1
                continue
            }
            guard current > 0 else { break }
            if b == 0x29, closeParenthesisPending {
                closeParenthesisPending = false
                groups.append(current)
                current = 0
                i += 1
                if i < t.count, t[i] == 0x20 || t[i] == 0x2D { i += 1 }
                continue
            }
            if (b == 0x20 || b == 0x2D || b == 0x2E), i + 1 < t.count, ByteClass.isDigit(t[i + 1]) {
                separators.insert(b)
                groups.append(current)
                current = 0
                i += 1
                continue
            }
            break
        }
        if current > 0 { groups.append(current) }
        guard !digits.isEmpty, !closeParenthesisPending, digits.count <= 20 else { return nil }
        if i < t.count, ByteClass.isLetter(t[i]) || t[i] == 0x5F { return nil }
        if i + 1 < t.count, t[i] == 0x2E || t[i] == 0x2D || t[i] == 0x2C || t[i] == 0x3A, ByteClass.isDigit(t[i + 1]) { return nil }
        range = start..<i
    }
}
