// Lower-case hex, the one way digests (key hashes, definition hashes) are written as text.

extension Sequence<UInt8> {
    /// The bytes as lower-case hex, two digits each.
    ///
    /// Inlinable so that callers in other modules get a specialised copy: unspecialised, every
    /// byte went through the sequence's iterator witness (2 % of the gateway's CPU per call, for
    /// the key hash and audit digests).
    @inlinable
    package var hexEncoded: String {
        let bytes = Array(self)
        return bytes.withUnsafeBufferPointer { hexString($0) }
    }
}

/// `bytes` as lower-case hex.
@usableFromInline package func hexString(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    String(unsafeUninitializedCapacity: bytes.count * 2) { out in
        var i = 0
        for b in bytes {
            out[i] = hexDigit(b >> 4)
            out[i + 1] = hexDigit(b & 0x0F)
            i += 2
        }
        return i
    }
}

@inline(__always)
private func hexDigit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 + nibble : 0x57 + nibble }
