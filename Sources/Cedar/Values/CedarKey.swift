// Cedar compares strings as sequences of Unicode scalars, like Rust's `String`. Swift's `String`
// compares by canonical equivalence ("é" written precomposed equals "e" + U+0301; U+037E equals
// ";"), so every comparison that decides a Cedar result goes through these helpers. They keep
// Swift's fast `==` for the common case: when both strings are ASCII, canonical equivalence and
// byte equality coincide; otherwise the bytes are compared.

/// Facts about strings used by Cedar comparisons.
@usableFromInline
enum CedarStrings {
    /// Whether every byte of `s` is ASCII.
    @inlinable
    static func isASCII(_ s: String) -> Bool {
        let checked = s.utf8.withContiguousStorageIfAvailable { buf -> Bool in
            let n = buf.count
            guard let base = buf.baseAddress else { return true }
            let raw = UnsafeRawPointer(base)
            var i = 0
            while i + 8 <= n {
                if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
                i += 8
            }
            while i < n {
                if buf[i] & 0x80 != 0 { return false }
                i += 1
            }
            return true
        }
        return checked ?? s.utf8.allSatisfy { $0 & 0x80 == 0 }
    }

    /// Whether `a` and `b` have the same UTF-8 bytes.
    @inlinable
    static func bytesEqual(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && a.utf8.elementsEqual(b.utf8)
    }

    /// Cedar string equality when the ASCII-ness of both sides is already known.
    @inlinable @inline(__always)
    static func equal(_ a: String, ascii aASCII: Bool, _ b: String, ascii bASCII: Bool) -> Bool {
        // Byte equality implies canonical equivalence, so `!=` here is final.
        guard a == b else { return false }
        return (aASCII && bASCII) || bytesEqual(a, b)
    }
}

/// Whether two strings are equal as Cedar compares them (same Unicode scalars).
@inlinable @inline(__always)
func cedarStringsEqual(_ a: String, _ b: String) -> Bool {
    guard a == b else { return false }
    return (CedarStrings.isASCII(a) && CedarStrings.isASCII(b)) || CedarStrings.bytesEqual(a, b)
}

/// A string key with Cedar (byte-wise) equality, for sets and dictionaries of names. Hashing
/// uses `String`'s hash, which is consistent: byte-equal strings hash alike.
struct CedarKey: Hashable, Sendable {
    let string: String

    init(_ string: String) { self.string = string }

    static func == (lhs: CedarKey, rhs: CedarKey) -> Bool { cedarStringsEqual(lhs.string, rhs.string) }
    func hash(into hasher: inout Hasher) { hasher.combine(string) }
}
