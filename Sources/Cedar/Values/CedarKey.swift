// Cedar compares strings as sequences of Unicode scalars, like Rust's `String`. Swift's `String`
// compares by canonical equivalence ("é" written precomposed equals "e" + U+0301), so every
// comparison that decides a Cedar result goes through these byte-wise helpers instead.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whether two strings have the same UTF-8 bytes (Cedar string equality).
@inlinable @inline(__always)
func cedarStringsEqual(_ a: String, _ b: String) -> Bool {
    let n = a.utf8.count
    guard n == b.utf8.count else { return false }
    if n == 0 { return true }
    let fast = a.utf8.withContiguousStorageIfAvailable { pa in
        b.utf8.withContiguousStorageIfAvailable { pb in memcmp(pa.baseAddress!, pb.baseAddress!, n) == 0 }
    }
    if let fast, let result = fast { return result }
    return a.utf8.elementsEqual(b.utf8)
}

/// A string key with Cedar (byte-wise) equality, for sets and dictionaries of names. Hashing
/// uses `String`'s hash, which is consistent: byte-equal strings hash alike.
struct CedarKey: Hashable, Sendable {
    let string: String

    init(_ string: String) { self.string = string }

    static func == (lhs: CedarKey, rhs: CedarKey) -> Bool { cedarStringsEqual(lhs.string, rhs.string) }
    func hash(into hasher: inout Hasher) { hasher.combine(string) }
}
