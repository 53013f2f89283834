// Lower-case hex, the one way digests (key hashes, definition hashes) are written as text.

extension Sequence<UInt8> {
    /// The bytes as lower-case hex, two digits each.
    package var hexEncoded: String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(underestimatedCount * 2)
        for b in self {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
