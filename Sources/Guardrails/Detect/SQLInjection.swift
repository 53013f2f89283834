// SQL injection in an argument: input that closes a quoted value and goes on as SQL, a tautology,
// a stacked statement after a number, a UNION probe, or a time-based probe. SQL on its own is not
// the signal (a query tool receives SQL; a user may ask what `DROP TABLE` does): breaking out of a
// value is.

enum SQLInjection {
    static let statementWords: [StaticString] = [
        "drop", "delete", "insert", "update", "select", "shutdown", "exec", "execute", "create", "alter", "truncate", "grant", "declare",
    ]

    /// A hit after the quote at `i`: `' OR '1'='1`, `admin'--`, `'; DROP TABLE x`, `' UNION SELECT`.
    static func afterQuote(_ i: Int, in t: UnsafeBufferPointer<UInt8>) -> TextHit? {
        let quote = t[i]
        var j = i + 1
        while j < t.count, t[j] == 0x29 { j += 1 }  // ') OR ('1'='1
        j = ByteClass.skipSpaces(t, from: j, limit: 4)
        guard j < t.count else { return nil }
        func hit(_ kind: String, to end: Int) -> TextHit { TextHit(detector: .sqlInjection, kind: kind, range: i..<min(t.count, max(end, i + 1))) }
        // The quote closes a value only the input opened: quotes in the whole value do not pair up.
        let unbalanced = count(of: quote, in: t) % 2 == 1
        // Comment terminators right after the quote.
        if unbalanced, ByteClass.hasPrefix(t, at: j, "--") || ByteClass.hasPrefix(t, at: j, "/*") || (t[j] == 0x23 && j == i + 1) {
            return hit("comment_termination", to: j + 2)
        }
        // Column-count probes: `' ORDER BY 3--`.
        if wordAt(t, j, "order") {
            let k = ByteClass.skipSpaces(t, from: j + 5, limit: 4)
            if wordAt(t, k, "by") {
                let n = ByteClass.skipSpaces(t, from: k + 2, limit: 4)
                if n < t.count, ByteClass.isDigit(t[n]) { return hit("order_by_probe", to: n + 1) }
            }
            return nil
        }
        // Stacked statement: a full statement form (`DELETE FROM`, `DROP TABLE`) whatever the
        // quotes; a bare statement word or a comment only after an unpaired quote.
        if t[j] == 0x3B {
            let k = ByteClass.skipSpaces(t, from: j + 1, limit: 4)
            if let end = statement(at: k, in: t) { return hit("stacked_query", to: end) }
            guard unbalanced else { return nil }
            if let w = statementWords.first(where: { wordAt(t, k, $0) }) { return hit("stacked_query", to: k + w.utf8CodeUnitCount) }
            if k >= t.count || ByteClass.hasPrefix(t, at: k, "--") { return hit("stacked_query", to: k) }
            return nil
        }
        if wordAt(t, j, "union") {
            let k = ByteClass.skipSpaces(t, from: j + 5, limit: 4)
            let l = wordAt(t, k, "all") ? ByteClass.skipSpaces(t, from: k + 3, limit: 4) : k
            if wordAt(t, l, "select") { return hit("union_select", to: l + 6) }
            return nil
        }
        let operatorLength: Int? = wordAt(t, j, "or") || ByteClass.hasPrefix(t, at: j, "||") ? 2 : wordAt(t, j, "and") ? 3 : nil
        if let operatorLength {
            var k = ByteClass.skipSpaces(t, from: j + operatorLength, limit: 4)
            while k < t.count, t[k] == 0x28 { k += 1 }  // OR ('a'='a
            if let end = tautology(at: k, in: t) ?? timeProbe(at: k, in: t) { return hit("tautology", to: end) }
            // `' OR 'x` with an unbalanced quote: the input supplies the rest of the expression.
            if k < t.count, t[k] == quote, unbalanced { return hit("tautology", to: k + 1) }
        }
        return nil
    }

    /// A complete statement opening at `k` (`DROP TABLE`, `DELETE FROM`, `UPDATE x SET`, …); its end.
    static func statement(at k: Int, in t: UnsafeBufferPointer<UInt8>) -> Int? {
        let pairs: [(StaticString, StaticString)] = [
            ("drop", "table"), ("drop", "database"), ("delete", "from"), ("insert", "into"), ("truncate", "table"), ("alter", "table"),
            ("create", "user"), ("grant", "all"), ("exec", "xp_cmdshell"), ("exec", "master"),
        ]
        for (first, second) in pairs where wordAt(t, k, first) {
            let n = ByteClass.skipSpaces(t, from: k + first.utf8CodeUnitCount, limit: 4)
            if wordAt(t, n, second) { return n + second.utf8CodeUnitCount }
        }
        if wordAt(t, k, "shutdown") { return k + 8 }
        if wordAt(t, k, "update") {
            var n = ByteClass.skipSpaces(t, from: k + 6, limit: 4)
            while n < t.count, ByteClass.isWord(t[n]) { n += 1 }
            n = ByteClass.skipSpaces(t, from: n, limit: 4)
            if wordAt(t, n, "set") { return n + 3 }
        }
        return nil
    }

    /// `1=1`, `'1'='1`, `'a'='a'`, `x=x`, `''='`, `true`, `1`: an always-true comparison; returns its end.
    static func tautology(at k: Int, in t: UnsafeBufferPointer<UInt8>) -> Int? {
        guard k < t.count else { return nil }
        if wordAt(t, k, "true") { return k + 4 }
        func operand(_ p: Int) -> (Range<Int>, Int)? {
            var s = p
            var quote: UInt8? = nil
            if s < t.count, t[s] == 0x27 || t[s] == 0x22 {
                quote = t[s]
                s += 1
            }
            var e = s
            while e < t.count, e - s < 32, ByteClass.isAlnum(t[e]) || t[e] == 0x5F { e += 1 }
            var after = e
            if let quote, after < t.count, t[after] == quote { after += 1 }
            guard e > s || quote != nil else { return nil }
            return (s..<e, after)
        }
        guard let (left, afterLeft) = operand(k) else { return nil }
        var op = ByteClass.skipSpaces(t, from: afterLeft, limit: 2)
        guard op < t.count else { return left.isEmpty ? nil : (t[left.lowerBound] == 0x31 && left.count == 1 ? op : nil) }
        if t[op] == 0x3D {
            op += 1
        } else if wordAt(t, op, "like") {
            op += 4
        } else {
            // A bare `1` or number: `' OR 1 --`.
            return left.count >= 1 && t[left.lowerBound..<left.upperBound].allSatisfy(ByteClass.isDigit) && left.count == 1
                && (ByteClass.hasPrefix(t, at: op, "--") || t[op] == 0x23) ? op : nil
        }
        let r = ByteClass.skipSpaces(t, from: op, limit: 2)
        guard let (right, afterRight) = operand(r) else { return nil }
        guard t[left].elementsEqual(t[right], by: { ByteClass.lower($0) == ByteClass.lower($1) }) else { return nil }
        return afterRight
    }

    /// `SLEEP(5)`, `pg_sleep(5)`, `WAITFOR DELAY '0:0:5'`, `BENCHMARK(1000000,…)`: returns its end.
    static func timeProbe(at k: Int, in t: UnsafeBufferPointer<UInt8>) -> Int? {
        for word in ["sleep(", "pg_sleep(", "benchmark(", "dbms_lock.sleep("] as [StaticString] where ByteClass.hasPrefix(t, at: k, word) {
            return k + word.utf8CodeUnitCount
        }
        if wordAt(t, k, "waitfor") { return k + 7 }
        return nil
    }

    /// Keyword-triggered checks (no quote needed): a tautology after OR/AND in a value
    /// (`1 OR 1=1`), UNION probes, time probes, and stacked statements after a number.
    static func atKeyword(_ keyword: String, range: Range<Int>, in t: UnsafeBufferPointer<UInt8>) -> TextHit? {
        guard range.lowerBound == 0 || !ByteClass.isWord(t[range.lowerBound - 1]) else { return nil }
        func hit(_ kind: String, to end: Int) -> TextHit { TextHit(detector: .sqlInjection, kind: kind, range: range.lowerBound..<min(t.count, end)) }
        switch keyword {
        case "or", "and":
            guard !ByteClass.wordAt(t, range.upperBound) else { return nil }
            let k = ByteClass.skipSpaces(t, from: range.upperBound, limit: 4)
            guard let end = tautology(at: k, in: t) else { return nil }
            // `… OR 1=1` must follow a value (a number or quote), not a sentence.
            var p = range.lowerBound - 1
            while p >= 0, ByteClass.isSpace(t[p]) { p -= 1 }
            guard p >= 0, ByteClass.isDigit(t[p]) || t[p] == 0x27 || t[p] == 0x22 || t[p] == 0x29 else { return nil }
            return hit("tautology", to: end)
        case "union":
            guard !ByteClass.wordAt(t, range.upperBound) else { return nil }
            var k = ByteClass.skipSpaces(t, from: range.upperBound, limit: 4)
            if wordAt(t, k, "all") { k = ByteClass.skipSpaces(t, from: k + 3, limit: 4) }
            guard wordAt(t, k, "select") else { return nil }
            let v = ByteClass.skipSpaces(t, from: k + 6, limit: 4)
            // UNION SELECT NULL, 1,2,3, @@version, user(), concat(, char(, table_name: a probe.
            for probe in ["null", "@@", "user(", "version(", "concat(", "char(", "table_name", "column_name", "password", "load_file(", "group_concat("]
            as [StaticString] where ByteClass.hasPrefix(t, at: v, probe) {
                return hit("union_select", to: v + probe.utf8CodeUnitCount)
            }
            if v < t.count, ByteClass.isDigit(t[v]), v + 1 < t.count, t[v + 1] == 0x2C || ByteClass.isSpace(t[v + 1]) || t[v + 1] == 0x2D {
                return hit("union_select", to: v + 1)
            }
            return nil
        case "waitfor":
            let k = ByteClass.skipSpaces(t, from: range.upperBound, limit: 4)
            return wordAt(t, k, "delay") || wordAt(t, k, "time") ? hit("time_probe", to: k + 5) : nil
        case "pg_sleep(", "benchmark(", "dbms_lock.sleep(", "xp_cmdshell", "load_file(", "utl_http.request(":
            return hit(keyword == "xp_cmdshell" ? "command_exec" : "time_probe", to: range.upperBound)
        case "sleep(":
            // time.sleep(5) in code is not SQL: only after OR/AND, a quote, `;` or SELECT.
            var p = range.lowerBound - 1
            while p >= 0, ByteClass.isSpace(t[p]) { p -= 1 }
            guard p >= 0 else { return nil }
            let context = t[p] == 0x27 || t[p] == 0x22 || t[p] == 0x3B || t[p] == 0x28 || endsWithWord(t, p, "or") || endsWithWord(t, p, "and")
                || endsWithWord(t, p, "select")
            return context ? hit("time_probe", to: range.upperBound) : nil
        case "into outfile", "into dumpfile":
            return hit("file_write", to: range.upperBound)
        default:
            return nil
        }
    }

    /// `1; DROP TABLE users`, `5 ; delete from x`: a value that is a number, then a statement.
    static func stackedAfterNumber(in t: UnsafeBufferPointer<UInt8>) -> TextHit? {
        var i = ByteClass.skipSpaces(t, from: 0, limit: 8)
        let start = i
        while i < t.count, ByteClass.isDigit(t[i]) { i += 1 }
        guard i > start else { return nil }
        i = ByteClass.skipSpaces(t, from: i, limit: 4)
        guard i < t.count, t[i] == 0x3B else { return nil }
        let k = ByteClass.skipSpaces(t, from: i + 1, limit: 4)
        guard let w = statementWords.first(where: { wordAt(t, k, $0) }) else { return nil }
        return TextHit(detector: .sqlInjection, kind: "stacked_query", range: start..<(k + w.utf8CodeUnitCount))
    }

    static let keywords = [
        "or", "and", "union", "waitfor", "sleep(", "pg_sleep(", "benchmark(", "dbms_lock.sleep(", "xp_cmdshell", "load_file(",
        "into outfile", "into dumpfile", "utl_http.request(",
    ]

    /// `word` at `i` as a whole word (case-insensitive).
    static func wordAt(_ t: UnsafeBufferPointer<UInt8>, _ i: Int, _ word: StaticString) -> Bool {
        ByteClass.hasPrefix(t, at: i, word) && !ByteClass.wordAt(t, i + word.utf8CodeUnitCount) && !ByteClass.wordAt(t, i - 1)
    }

    private static func endsWithWord(_ t: UnsafeBufferPointer<UInt8>, _ last: Int, _ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        return last - n + 1 >= 0 && wordAt(t, last - n + 1, word)
    }

    private static func count(of byte: UInt8, in t: UnsafeBufferPointer<UInt8>) -> Int {
        var n = 0
        for b in t where b == byte { n += 1 }
        return n
    }
}
