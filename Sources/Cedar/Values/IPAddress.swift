// The `ipaddr` extension type: an IPv4 or IPv6 address with a prefix length. Host bits are kept,
// so `ip("10.0.0.1/24") != ip("10.0.0.2/24")`; ranges are computed from the prefix on demand.

/// A Cedar `ipaddr` value: an IPv4 or IPv6 address plus a prefix length (a CIDR range).
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// Whether this is an IPv4 address.
    public let isV4: Bool
    /// The address bits (the low 32 bits for IPv4).
    public let address: UInt128
    /// The prefix length: 0...32 for IPv4, 0...128 for IPv6.
    public let prefixLength: UInt8

    /// Parses an address with an optional `/prefix`, as Cedar's `ip()` does.
    ///
    /// Returns nil for leading zeros in IPv4 octets or prefixes, IPv4 embedded in IPv6
    /// (`::ffff:1.2.3.4`), zone ids, prefixes over 32 or 128, and strings over 43 bytes.
    public init?(parsing text: String) {
        var text = text
        guard let parsed = text.withUTF8({ Self.parse($0) }) else { return nil }
        (isV4, address, prefixLength) = parsed
    }

    private typealias Bytes = UnsafeBufferPointer<UInt8>

    private static func parse(_ bytes: Bytes) -> (Bool, UInt128, UInt8)? {
        guard bytes.count <= 43 else { return nil }
        // IPv4-in-IPv6 forms are rejected outright.
        var colons = 0
        var dots = 0
        var slash: Int?
        for (i, b) in bytes.enumerated() {
            if b == UInt8(ascii: ":") { colons += 1 }
            if b == UInt8(ascii: ".") { dots += 1 }
            if b == UInt8(ascii: "/") && slash == nil { slash = i }
        }
        if colons >= 2 && dots >= 2 { return nil }
        let addressBytes = Bytes(rebasing: bytes[..<(slash ?? bytes.count)])
        let prefixBytes = slash.map { Bytes(rebasing: bytes[($0 + 1)...]) }
        if let v4 = parseV4(addressBytes) {
            guard let p = prefixBytes else { return (true, UInt128(v4), 32) }
            guard let n = parsePrefix(p, maxDigits: 2, max: 32) else { return nil }
            return (true, UInt128(v4), n)
        }
        if let v6 = parseV6(addressBytes) {
            guard let p = prefixBytes else { return (false, v6, 128) }
            guard let n = parsePrefix(p, maxDigits: 3, max: 128) else { return nil }
            return (false, v6, n)
        }
        return nil
    }

    private static func parsePrefix(_ s: Bytes, maxDigits: Int, max: Int) -> UInt8? {
        guard !s.isEmpty, s.count <= maxDigits, s.allSatisfy(isDigit) else { return nil }
        if s[0] == UInt8(ascii: "0") && s.count > 1 { return nil }
        let n = s.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        return n <= max ? UInt8(n) : nil
    }

    /// Four decimal octets, no leading zeros.
    private static func parseV4(_ s: Bytes) -> UInt32? {
        var value: UInt32 = 0
        var octets = 0
        var i = 0
        while true {
            let start = i
            var n: UInt32 = 0
            while i < s.count, isDigit(s[i]) {
                n = n * 10 + UInt32(s[i] - UInt8(ascii: "0"))
                i += 1
                if i - start > 3 { return nil }
            }
            let length = i - start
            guard length > 0, n <= 255, !(length > 1 && s[start] == UInt8(ascii: "0")) else { return nil }
            value = value << 8 | n
            octets += 1
            if i == s.count { return octets == 4 ? value : nil }
            guard s[i] == UInt8(ascii: "."), octets < 4 else { return nil }
            i += 1
        }
    }

    /// Colon-separated groups of one to four hex digits in `s[range]`; empty input is no groups.
    private static func parseGroups(_ s: Bytes, _ range: Range<Int>, into groups: inout [UInt16]) -> Bool {
        if range.isEmpty { return true }
        var i = range.lowerBound
        while true {
            let start = i
            var n: UInt16 = 0
            while i < range.upperBound, s[i] != UInt8(ascii: ":") {
                guard let h = hexValue(s[i]), i - start < 4 else { return false }
                n = n << 4 | UInt16(h)
                i += 1
            }
            guard i > start else { return false }
            groups.append(n)
            if i == range.upperBound { return true }
            i += 1
            if i == range.upperBound { return false }
        }
    }

    private static func parseV6(_ s: Bytes) -> UInt128? {
        // At most one "::", standing for one or more zero groups.
        var doubleColon: Int?
        var i = 0
        while i + 1 < s.count {
            if s[i] == UInt8(ascii: ":") && s[i + 1] == UInt8(ascii: ":") {
                if doubleColon != nil { return nil }
                doubleColon = i
                i += 2
            } else {
                i += 1
            }
        }
        var head: [UInt16] = []
        head.reserveCapacity(8)
        var groups: [UInt16]
        if let dc = doubleColon {
            var tail: [UInt16] = []
            guard parseGroups(s, 0..<dc, into: &head), parseGroups(s, (dc + 2)..<s.count, into: &tail) else {
                return nil
            }
            guard head.count + tail.count < 8 else { return nil }
            groups = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard parseGroups(s, 0..<s.count, into: &head), head.count == 8 else { return nil }
            groups = head
        }
        return groups.reduce(UInt128(0)) { $0 << 16 | UInt128($1) }
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private var width: Int { isV4 ? 32 : 128 }

    /// The first and last address of the range this value denotes.
    private var range: (low: UInt128, high: UInt128) {
        let hostBits = width - Int(prefixLength)
        let hostMask: UInt128 = hostBits == 0 ? 0 : (hostBits >= 128 ? UInt128.max : (UInt128(1) << hostBits) - 1)
        return (address & ~hostMask, address | hostMask)
    }

    /// Whether this range lies inside `other`; false when the IP versions differ.
    public func isInRange(_ other: IPAddress) -> Bool {
        guard isV4 == other.isV4 else { return false }
        let (lo1, hi1) = range
        let (lo2, hi2) = other.range
        return lo2 <= lo1 && hi1 <= hi2
    }

    /// Whether the range is inside 127.0.0.0/8 or is exactly ::1.
    public var isLoopback: Bool {
        isV4 ? isInRange(Self.loopbackV4) : isInRange(Self.loopbackV6)
    }

    /// Whether the range is inside 224.0.0.0/4 or ff00::/8.
    public var isMulticast: Bool {
        isV4 ? isInRange(Self.multicastV4) : isInRange(Self.multicastV6)
    }

    private init(isV4: Bool, address: UInt128, prefixLength: UInt8) {
        self.isV4 = isV4
        self.address = address
        self.prefixLength = prefixLength
    }

    private static let loopbackV4 = IPAddress(isV4: true, address: 0x7F00_0000, prefixLength: 8)
    private static let loopbackV6 = IPAddress(isV4: false, address: 1, prefixLength: 128)
    private static let multicastV4 = IPAddress(isV4: true, address: 0xE000_0000, prefixLength: 4)
    private static let multicastV6 = IPAddress(isV4: false, address: UInt128(0xFF00) << 112, prefixLength: 8)

    /// The address in canonical form with its prefix, e.g. `10.0.0.1/32`.
    public var description: String {
        if isV4 {
            let a = UInt32(truncatingIfNeeded: address)
            return "\(a >> 24).\(a >> 16 & 0xFF).\(a >> 8 & 0xFF).\(a & 0xFF)/\(prefixLength)"
        }
        let groups = (0..<8).map { String(UInt16(truncatingIfNeeded: address >> (112 - 16 * $0)), radix: 16) }
        return groups.joined(separator: ":") + "/\(prefixLength)"
    }
}
