// Byte-level character tests for ASCII: the detectors work on UTF-8 bytes, not `Character`s, so a
// megabyte of tool output is scanned without decoding it.

/// ASCII classification of single bytes.
public enum ByteClass {
    @inline(__always) public static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
    @inline(__always) public static func isUpper(_ b: UInt8) -> Bool { b &- 0x41 < 26 }
    @inline(__always) public static func isLowerLetter(_ b: UInt8) -> Bool { b &- 0x61 < 26 }
    @inline(__always) public static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }
    @inline(__always) public static func isAlnum(_ b: UInt8) -> Bool { isDigit(b) || isLetter(b) }
    @inline(__always) public static func isHex(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20) &- 0x61 < 6 }
    @inline(__always) public static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
    /// A byte that can be part of a word for boundary tests: letters, digits, `_`, and any
    /// non-ASCII byte (letters of other scripts).
    @inline(__always) public static func isWord(_ b: UInt8) -> Bool { isAlnum(b) || b == 0x5F || b >= 0x80 }
    @inline(__always) public static func lower(_ b: UInt8) -> UInt8 { isUpper(b) ? b | 0x20 : b }

    /// Whether `text[i]` exists and is a word byte (false outside the buffer).
    @inline(__always)
    public static func wordAt(_ text: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool { i >= 0 && i < text.count && isWord(text[i]) }

    /// Value of a hex digit.
    @inline(__always) public static func hexValue(_ b: UInt8) -> Int {
        if isDigit(b) { return Int(b - 0x30) }
        return Int((b | 0x20) - 0x61 + 10)
    }

    /// Whether `text[at...]` starts with `word` (ASCII, case-insensitive).
    public static func hasPrefix(_ text: UnsafeBufferPointer<UInt8>, at: Int, _ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard at >= 0, at + n <= text.count else { return false }
        let p = word.utf8Start
        for k in 0..<n where lower(text[at + k]) != p[k] { return false }
        return true
    }

    /// Index of the first non-space byte at or after `i`.
    public static func skipSpaces(_ text: UnsafeBufferPointer<UInt8>, from i: Int, limit: Int = Int.max) -> Int {
        var j = i
        while j < text.count, j - i < limit, isSpace(text[j]) { j += 1 }
        return j
    }

    /// Whether the bytes before `i` (within `window`) hold one of `words` as a whole word,
    /// case-insensitively: one automaton pass over the window.
    static func precededByWord(_ text: UnsafeBufferPointer<UInt8>, before i: Int, window: Int, _ words: KeywordMatcher) -> Bool {
        let from = max(0, i - window)
        guard from < i else { return false }
        let slice = UnsafeBufferPointer(rebasing: text[from..<i])
        var found = false
        words.scan(slice) { keyword, end in
            guard !found else { return }
            let word = words.keywords[keyword]
            let start = from + end - word.count
            let startOK = !isLetter(word[0]) || !wordAt(text, start - 1)
            let endOK = !isLetter(word[word.count - 1]) || !wordAt(text, from + end)
            if startOK && endOK { found = true }
        }
        return found
    }

    /// Whether the bytes before `i` (within `window`) contain one of `words` as a whole word,
    /// case-insensitively.
    public static func precededByWord(_ text: UnsafeBufferPointer<UInt8>, before i: Int, window: Int, _ words: [[UInt8]]) -> Bool {
        let from = max(0, i - window)
        guard from < i else { return false }
        for w in words where w.count <= i - from {
            var s = from
            while s + w.count <= i {
                var ok = true
                for k in 0..<w.count where lower(text[s + k]) != w[k] {
                    ok = false
                    break
                }
                if ok, !wordAt(text, s - 1) || !isLetter(w[0]), !wordAt(text, s + w.count) || !isLetter(w[w.count - 1]) { return true }
                s += 1
            }
        }
        return false
    }
}
