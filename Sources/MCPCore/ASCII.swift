// Case-insensitive ASCII matching on a string's UTF-8 bytes, for header values (`Bearer`, media
// types). On Linux, `StringProtocol`'s `contains` and `range(of:)` go through Foundation's
// NSString bridge, which cost a per-cent of a proxied call's CPU where headers are read.

extension StringProtocol {
    /// Whether the text starts with `prefix`, ignoring ASCII case. `prefix` must be lower case.
    package func hasPrefixIgnoringASCIICase(_ prefix: StaticString) -> Bool {
        let p = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        var i = 0
        for b in utf8 {
            if i == p.count { return true }
            guard asciiLowered(b) == p[i] else { return false }
            i += 1
        }
        return i == p.count
    }

    /// Whether the text contains `needle`, ignoring ASCII case. `needle` must be lower case.
    package func containsIgnoringASCIICase(_ needle: StaticString) -> Bool {
        let n = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        func search(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            var start = 0
            while start + n.count <= bytes.count {
                var i = 0
                while i < n.count, asciiLowered(bytes[start + i]) == n[i] { i += 1 }
                if i == n.count { return true }
                start += 1
            }
            return false
        }
        return utf8.withContiguousStorageIfAvailable(search) ?? Array(utf8).withUnsafeBufferPointer(search)
    }
}

/// `b` with ASCII upper-case letters lowered.
@inline(__always)
private func asciiLowered(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
