// Code-point equality and hashing for strings (JSON compares strings by code points, not by
// Swift's canonical equivalence), and a fast byte comparison.

extension String {
    /// Code-point equality, as JSON requires. Swift's `==` uses canonical equivalence, which
    /// would call "é" (U+00E9) equal to "e" + U+0301; comparing UTF-8 bytes is both exact and
    /// cheaper (no call into the comparison routine on a mismatch).
    @inline(__always)
    func sameScalars(as other: String) -> Bool {
        let a = utf8
        let b = other.utf8
        guard a.count == b.count else { return false }
        if let r = a.withContiguousStorageIfAvailable({ x in
            b.withContiguousStorageIfAvailable { y in UTF8Bytes.equal(x, y) }
        }), let r {
            return r
        }
        return a.elementsEqual(b)
    }

    /// Hashes the UTF-8 bytes, to agree with ``sameScalars(as:)``.
    func hashScalars(into hasher: inout Hasher) {
        if utf8.withContiguousStorageIfAvailable({ hasher.combine(bytes: UnsafeRawBufferPointer($0)) }) == nil {
            for b in utf8 { hasher.combine(b) }
        }
        hasher.combine(utf8.count)
    }
}

/// Byte comparison for short UTF-8 strings, eight bytes at a time.
enum UTF8Bytes {
    @inline(__always)
    static func equal(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = x.count
        guard n == y.count else { return false }
        guard n > 0, let p = x.baseAddress, let q = y.baseAddress else { return true }
        let raw1 = UnsafeRawPointer(p)
        let raw2 = UnsafeRawPointer(q)
        var i = 0
        while i + 8 <= n {
            if raw1.loadUnaligned(fromByteOffset: i, as: UInt64.self) != raw2.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                return false
            }
            i += 8
        }
        while i < n {
            if p[i] != q[i] { return false }
            i += 1
        }
        return true
    }
}
