// Credentials in text. Each kind starts with a keyword the shared automaton finds (a token prefix
// such as `ghp_`, a PEM header, a URL scheme, an assignment key); a verifier then reads the token
// body with its exact alphabet and length, so prose that merely mentions "AKIA" or "api_key"
// does not count. Prefixes that are case-sensitive in the wild (`AKIA`, `AIza`, `eyJ`, `SG.`) are
// checked against the original bytes.

enum Secrets {
    struct Pattern: Sendable {
        let keyword: String
        let kind: String
        /// The keyword must appear exactly in this case.
        let exactCase: Bool
        /// Given the text and the keyword's range, the span of the secret, or `nil`.
        let verify: @Sendable (UnsafeBufferPointer<UInt8>, Range<Int>) -> Range<Int>?
    }

    static let patterns: [Pattern] = {
        var p: [Pattern] = []
        for prefix in ["AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "AIPA"] {
            p.append(Pattern(keyword: prefix, kind: "aws_access_key", exactCase: true) { t, k in
                token(t, k, after: k.upperBound, exactly: 16, alphabet: upperAlnum)
            })
        }
        for key in ["aws_secret_access_key", "secret_access_key", "aws_secret_key"] {
            p.append(Pattern(keyword: key, kind: "aws_secret_key", exactCase: false) { t, k in
                guard let v = assignedValue(t, after: k.upperBound) else { return nil }
                return token(t, k.lowerBound..<v, after: v, exactly: 40, alphabet: base64, boundaryBefore: false)
                    .map { _ in v..<(v + 40) }
            })
        }
        for prefix in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"] {
            p.append(Pattern(keyword: prefix, kind: "github_token", exactCase: true) { t, k in token(t, k, after: k.upperBound, min: 30, alphabet: alnum) })
        }
        p.append(Pattern(keyword: "github_pat_", kind: "github_token", exactCase: true) { t, k in token(t, k, after: k.upperBound, min: 22, alphabet: word) })
        p.append(Pattern(keyword: "glpat-", kind: "gitlab_token", exactCase: true) { t, k in token(t, k, after: k.upperBound, min: 20, alphabet: urlSafe) })
        for prefix in ["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-"] {
            p.append(Pattern(keyword: prefix, kind: "slack_token", exactCase: true) { t, k in token(t, k, after: k.upperBound, min: 10, alphabet: alnumDash) })
        }
        p.append(Pattern(keyword: "hooks.slack.com/services/", kind: "slack_webhook", exactCase: false) { t, k in
            token(t, k, after: k.upperBound, min: 20, alphabet: { ByteClass.isAlnum($0) || $0 == 0x2F }, boundaryBefore: false)
        })
        for prefix in ["sk_live_", "rk_live_", "sk_test_", "rk_test_", "whsec_"] {
            p.append(Pattern(keyword: prefix, kind: "stripe_key", exactCase: true) { t, k in token(t, k, after: k.upperBound, min: 16, alphabet: alnum) })
        }
        p.append(Pattern(keyword: "sk-ant-", kind: "anthropic_key", exactCase: true) { t, k in token(t, k, after: k.upperBound, min: 32, alphabet: urlSafe) })
        p.append(Pattern(keyword: "sk-proj-", kind: "openai_key", exactCase: true) { t, k in token(t, k, after: k.upperBound, min: 32, alphabet: urlSafe) })
        p.append(Pattern(keyword: "sk-", kind: "openai_key", exactCase: true) { t, k in
            // The bare prefix is common in prose (sk-learn): demand a long token with digits and letters.
            guard let r = token(t, k, after: k.upperBound, min: 40, alphabet: urlSafe), mixed(t, k.upperBound..<r.upperBound) else { return nil }
            if ByteClass.hasPrefix(t, at: k.upperBound, "ant-") || ByteClass.hasPrefix(t, at: k.upperBound, "proj-") { return nil }
            return r
        })
        p.append(Pattern(keyword: "AIza", kind: "google_api_key", exactCase: true) { t, k in token(t, k, after: k.upperBound, exactly: 35, alphabet: urlSafe) })
        p.append(Pattern(keyword: "npm_", kind: "npm_token", exactCase: true) { t, k in token(t, k, after: k.upperBound, exactly: 36, alphabet: alnum) })
        p.append(Pattern(keyword: "pypi-AgEIcHlwaS5vcmc", kind: "pypi_token", exactCase: true) { t, k in token(t, k, after: k.upperBound, min: 50, alphabet: urlSafe) })
        p.append(Pattern(keyword: "hf_", kind: "huggingface_token", exactCase: true) { t, k in
            guard let r = token(t, k, after: k.upperBound, min: 34, alphabet: alnum), mixed(t, k.upperBound..<r.upperBound) else { return nil }
            return r
        })
        p.append(Pattern(keyword: "SG.", kind: "sendgrid_key", exactCase: true) { t, k in
            guard let first = token(t, k, after: k.upperBound, exactly: 22, alphabet: urlSafe, boundaryAfter: false), first.upperBound < t.count,
                t[first.upperBound] == 0x2E
            else { return nil }
            return token(t, k, after: first.upperBound + 1, exactly: 43, alphabet: urlSafe)
        })
        p.append(Pattern(keyword: "-----BEGIN ", kind: "private_key", exactCase: true) { t, k in privateKey(t, k) })
        p.append(Pattern(keyword: "eyJ", kind: "jwt", exactCase: true) { t, k in jwt(t, k) })
        for scheme in [
            "postgres://", "postgresql://", "mysql://", "mariadb://", "mongodb://", "mongodb+srv://", "redis://", "rediss://", "amqp://",
            "amqps://", "mssql://", "sqlserver://", "clickhouse://", "ftp://", "sftp://", "ldap://", "ldaps://",
        ] {
            p.append(Pattern(keyword: scheme, kind: "connection_string", exactCase: false) { t, k in connectionString(t, k) })
        }
        for key in ["password", "passwd", "pwd"] {
            p.append(Pattern(keyword: key, kind: "password", exactCase: false) { t, k in assignment(t, k, minimum: 8, needsDigit: false) })
        }
        for key in ["api_key", "apikey", "api-key", "secret_key", "client_secret", "access_token", "auth_token", "private_token", "x-api-key"] {
            p.append(Pattern(keyword: key, kind: "api_key", exactCase: false) { t, k in assignment(t, k, minimum: 16, needsDigit: true) })
        }
        return p
    }()

    // MARK: Alphabets

    static let upperAlnum: @Sendable (UInt8) -> Bool = { ByteClass.isUpper($0) || ByteClass.isDigit($0) }
    static let alnum: @Sendable (UInt8) -> Bool = { ByteClass.isAlnum($0) }
    static let word: @Sendable (UInt8) -> Bool = { ByteClass.isAlnum($0) || $0 == 0x5F }
    static let alnumDash: @Sendable (UInt8) -> Bool = { ByteClass.isAlnum($0) || $0 == 0x2D }
    static let urlSafe: @Sendable (UInt8) -> Bool = { ByteClass.isAlnum($0) || $0 == 0x2D || $0 == 0x5F }
    static let base64: @Sendable (UInt8) -> Bool = { ByteClass.isAlnum($0) || $0 == 0x2B || $0 == 0x2F || $0 == 0x3D }

    // MARK: Verifiers

    /// The keyword plus a token of `alphabet` right after it: exactly `exactly` bytes, or at least
    /// `min`. The keyword must start a token and the token must end at a non-token byte.
    static func token(
        _ t: UnsafeBufferPointer<UInt8>, _ keyword: Range<Int>, after start: Int, exactly: Int? = nil, min: Int = 1,
        alphabet: (UInt8) -> Bool, boundaryBefore: Bool = true, boundaryAfter: Bool = true
    ) -> Range<Int>? {
        if boundaryBefore, keyword.lowerBound > 0, urlSafe(t[keyword.lowerBound - 1]) { return nil }
        var end = start
        let cap = exactly.map { start + $0 } ?? (start + 512)
        while end < t.count, end < cap, alphabet(t[end]) { end += 1 }
        if let exactly { guard end - start == exactly else { return nil } } else { guard end - start >= min else { return nil } }
        if boundaryAfter, end < t.count, alphabet(t[end]) || ByteClass.isAlnum(t[end]) { return nil }
        return keyword.lowerBound..<end
    }

    /// Whether the bytes hold both a letter and a digit (real tokens do; words do not).
    static func mixed(_ t: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        var letter = false
        var digit = false
        for i in r {
            if ByteClass.isDigit(t[i]) { digit = true } else if ByteClass.isLetter(t[i]) { letter = true }
            if letter && digit { return true }
        }
        return false
    }

    /// After `key`: optional closing quote, spaces, `=` or `:` (or `=>`), spaces, optional quote;
    /// returns where the value starts.
    static func assignedValue(_ t: UnsafeBufferPointer<UInt8>, after end: Int) -> Int? {
        var i = end
        if i < t.count, t[i] == 0x22 || t[i] == 0x27 { i += 1 }
        i = ByteClass.skipSpaces(t, from: i, limit: 4)
        guard i < t.count, t[i] == 0x3D || t[i] == 0x3A else { return nil }
        i += 1
        if i < t.count, t[i] == 0x3E { i += 1 }
        i = ByteClass.skipSpaces(t, from: i, limit: 4)
        if i < t.count, t[i] == 0x22 || t[i] == 0x27 { i += 1 }
        return i < t.count ? i : nil
    }

    /// `password=…`, `"api_key": "…"`: the value, when it looks like a real one (long enough, not a
    /// placeholder or a description).
    static func assignment(_ t: UnsafeBufferPointer<UInt8>, _ k: Range<Int>, minimum: Int, needsDigit: Bool) -> Range<Int>? {
        if k.lowerBound > 0, ByteClass.isLetter(t[k.lowerBound - 1]) { return nil }
        if k.upperBound < t.count, ByteClass.isLetter(t[k.upperBound]) { return nil }
        guard let v = assignedValue(t, after: k.upperBound) else { return nil }
        var end = v
        while end < t.count, end - v < 256, !ByteClass.isSpace(t[end]), t[end] != 0x22, t[end] != 0x27, t[end] != 0x3B, t[end] != 0x2C,
            t[end] != 0x26, t[end] != 0x7D
        {
            end += 1
        }
        guard end - v >= minimum else { return nil }
        let value = UnsafeBufferPointer(rebasing: t[v..<end])
        // Placeholders and templates: ${VAR}, <password>, ****, {{ secret }}, %s.
        if value.contains(where: { $0 == 0x24 || $0 == 0x3C || $0 == 0x7B || $0 == 0x25 }) { return nil }
        if value.allSatisfy({ $0 == value[0] }) { return nil }
        if needsDigit, !mixed(t, v..<end) { return nil }
        return v..<end
    }

    static func privateKey(_ t: UnsafeBufferPointer<UInt8>, _ k: Range<Int>) -> Range<Int>? {
        // -----BEGIN [WORDS ]PRIVATE KEY[ BLOCK]-----
        var i = k.upperBound
        let headerLimit = min(t.count, i + 40)
        var foundPrivate = false
        while i < headerLimit {
            if ByteClass.hasPrefix(t, at: i, "private key") {
                foundPrivate = true
                i += 11
                break
            }
            guard ByteClass.isUpper(t[i]) || ByteClass.isDigit(t[i]) || t[i] == 0x20 else { return nil }
            i += 1
        }
        guard foundPrivate else { return nil }
        // The whole block, up to the END line, or the header alone when the block is cut.
        var j = i
        let limit = min(t.count, i + 16_384)
        while j + 8 <= limit {
            if t[j] == 0x2D, ByteClass.hasPrefix(t, at: j, "-----end ") {
                var e = j + 9
                while e < limit, t[e] != 0x0A { e += 1 }
                return k.lowerBound..<e
            }
            j += 1
        }
        return k.lowerBound..<limit
    }

    static func jwt(_ t: UnsafeBufferPointer<UInt8>, _ k: Range<Int>) -> Range<Int>? {
        guard let header = token(t, k, after: k.upperBound, min: 10, alphabet: urlSafe, boundaryAfter: false),
            header.upperBound + 4 < t.count, t[header.upperBound] == 0x2E, t[header.upperBound + 1] == UInt8(ascii: "e"),
            t[header.upperBound + 2] == UInt8(ascii: "y"), t[header.upperBound + 3] == UInt8(ascii: "J")
        else { return nil }
        var end = header.upperBound + 1
        while end < t.count, urlSafe(t[end]) { end += 1 }
        guard end - header.upperBound > 10 else { return nil }
        if end < t.count, t[end] == 0x2E {
            end += 1
            while end < t.count, urlSafe(t[end]) { end += 1 }
        }
        return k.lowerBound..<end
    }

    /// `scheme://user:password@host…` with a real password.
    static func connectionString(_ t: UnsafeBufferPointer<UInt8>, _ k: Range<Int>) -> Range<Int>? {
        if k.lowerBound > 0, ByteClass.isAlnum(t[k.lowerBound - 1]) { return nil }
        var i = k.upperBound
        var colon: Int? = nil
        var at: Int? = nil
        while i < t.count, i - k.upperBound < 512 {
            let b = t[i]
            if ByteClass.isSpace(b) || b == 0x22 || b == 0x27 || b == 0x3C || b == 0x3E { break }
            if b == 0x3A, colon == nil, at == nil { colon = i }
            if b == 0x40 { at = i }
            if b == 0x2F, at == nil, colon == nil { return nil }
            i += 1
        }
        guard let colon, let at, at > colon + 1, colon >= k.upperBound else { return nil }
        let password = UnsafeBufferPointer(rebasing: t[(colon + 1)..<at])
        if password.contains(where: { $0 == 0x24 || $0 == 0x3C || $0 == 0x7B || $0 == 0x2F }) { return nil }
        if password.allSatisfy({ $0 == 0x2A }) { return nil }
        return k.lowerBound..<i
    }
}
