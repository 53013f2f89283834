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
        let bytes = Array(text.utf8)
        guard bytes.count <= 43 else { return nil }
        // IPv4-in-IPv6 forms are rejected outright.
        if bytes.count(where: { $0 == UInt8(ascii: ":") }) >= 2
            && bytes.count(where: { $0 == UInt8(ascii: ".") }) >= 2
        {
            return nil
        }
        let slash = bytes.firstIndex(of: UInt8(ascii: "/"))
        let addressBytes = slash.map { Array(bytes[..<$0]) } ?? bytes
        if let v4 = Self.parseV4(addressBytes) {
            isV4 = true
            address = UInt128(v4)
            if let slash {
                guard let p = Self.parsePrefix(Array(bytes[(slash + 1)...]), maxDigits: 2, max: 32) else {
                    return nil
                }
                prefixLength = p
            } else {
                prefixLength = 32
            }
        } else if let v6 = Self.parseV6(addressBytes) {
            isV4 = false
            address = v6
            if let slash {
                guard let p = Self.parsePrefix(Array(bytes[(slash + 1)...]), maxDigits: 3, max: 128) else {
                    return nil
                }
                prefixLength = p
            } else {
                prefixLength = 128
            }
        } else {
            return nil
        }
    }

    private static func parsePrefix(_ s: [UInt8], maxDigits: Int, max: Int) -> UInt8? {
        guard !s.isEmpty, s.count <= maxDigits, s.allSatisfy(isDigit) else { return nil }
        if s.first == UInt8(ascii: "0") && s.count > 1 { return nil }
        let n = s.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        return n <= max ? UInt8(n) : nil
    }

    private static func parseV4(_ s: [UInt8]) -> UInt32? {
        let parts = s.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(isDigit) else { return nil }
            if part.first == UInt8(ascii: "0") && part.count > 1 { return nil }
            let n = part.reduce(0) { $0 * 10 + UInt32($1 - UInt8(ascii: "0")) }
            guard n <= 255 else { return nil }
            value = value << 8 | n
        }
        return value
    }

    private static func parseGroups(_ s: ArraySlice<UInt8>) -> [UInt16]? {
        if s.isEmpty { return [] }
        var groups: [UInt16] = []
        for part in s.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false) {
            guard !part.isEmpty, part.count <= 4 else { return nil }
            var n: UInt16 = 0
            for c in part {
                guard let h = hexValue(c) else { return nil }
                n = n << 4 | UInt16(h)
            }
            groups.append(n)
        }
        return groups
    }

    private static func parseV6(_ s: [UInt8]) -> UInt128? {
        // Split on the first "::" (at most one is allowed); it stands for one or more zero groups.
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
        var groups: [UInt16]
        if let dc = doubleColon {
            guard let head = parseGroups(s[..<dc]), let tail = parseGroups(s[(dc + 2)...]) else { return nil }
            guard head.count + tail.count < 8 else { return nil }
            groups = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard let all = parseGroups(s[...]), all.count == 8 else { return nil }
            groups = all
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
