// The `datetime` extension type: milliseconds since the Unix epoch (UTC), parsed from the five
// ISO 8601 shapes Cedar accepts. Calendar arithmetic is done here by hand (proleptic Gregorian)
// so the library needs no Foundation date support.

/// A Cedar `datetime` value: a point in time in milliseconds since 1970-01-01T00:00:00Z.
public struct CedarDatetime: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Milliseconds since the Unix epoch.
    public let millisecondsSinceEpoch: Int64

    static let millisecondsPerDay: Int64 = 86_400_000

    /// Creates a datetime from milliseconds since the Unix epoch.
    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DDThh:mm:ssZ`, `YYYY-MM-DDThh:mm:ss.SSSZ`,
    /// `YYYY-MM-DDThh:mm:ss(+|-)hhmm` or `YYYY-MM-DDThh:mm:ss.SSS(+|-)hhmm`.
    ///
    /// Returns nil for any other shape, an invalid calendar date or time (no leap seconds), or
    /// an offset of 24 hours or more.
    public init?(parsing text: String) {
        var text = text
        guard let ms = text.withUTF8({ Self.parse($0) }) else { return nil }
        millisecondsSinceEpoch = ms
    }

    private static func parse(_ s: UnsafeBufferPointer<UInt8>) -> Int64? {
        func digits(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= s.count else { return nil }
            var n = 0
            for i in range {
                guard s[i] >= UInt8(ascii: "0"), s[i] <= UInt8(ascii: "9") else { return nil }
                n = n * 10 + Int(s[i] - UInt8(ascii: "0"))
            }
            return n
        }
        func char(_ i: Int, _ c: Character) -> Bool { i < s.count && s[i] == c.asciiValue! }
        guard let year = digits(0..<4), char(4, "-"), let month = digits(5..<7), char(7, "-"),
            let day = digits(8..<10)
        else { return nil }
        var hour = 0, minute = 0, second = 0, millis = 0, offsetSeconds = 0
        if s.count != 10 {
            guard char(10, "T"), let h = digits(11..<13), char(13, ":"), let m = digits(14..<16), char(16, ":"),
                let sec = digits(17..<19)
            else { return nil }
            (hour, minute, second) = (h, m, sec)
            var i = 19
            if char(i, ".") {
                guard let ms = digits((i + 1)..<(i + 4)) else { return nil }
                millis = ms
                i += 4
            }
            if char(i, "Z") && i + 1 == s.count {
                offsetSeconds = 0
            } else if (char(i, "+") || char(i, "-")) && i + 5 == s.count {
                guard let oh = digits((i + 1)..<(i + 3)), let om = digits((i + 3)..<(i + 5)) else { return nil }
                guard oh < 24, om < 60 else { return nil }
                offsetSeconds = (oh * 3600 + om * 60) * (char(i, "+") ? 1 : -1)
            } else {
                return nil
            }
        }
        guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year),
            hour < 24, minute < 60, second < 60
        else { return nil }
        let days = Self.daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
        return seconds * 1000 + Int64(millis)
    }

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to the given proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func < (lhs: CedarDatetime, rhs: CedarDatetime) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    /// This instant shifted by `duration`, or nil on overflow.
    public func offset(by duration: CedarDuration) -> CedarDatetime? {
        let (v, o) = millisecondsSinceEpoch.addingReportingOverflow(duration.milliseconds)
        return o ? nil : CedarDatetime(millisecondsSinceEpoch: v)
    }

    /// The duration from `other` to this instant, or nil on overflow.
    public func durationSince(_ other: CedarDatetime) -> CedarDuration? {
        let (v, o) = millisecondsSinceEpoch.subtractingReportingOverflow(other.millisecondsSinceEpoch)
        return o ? nil : CedarDuration(milliseconds: v)
    }

    /// Midnight UTC of this instant's day (rounding down for instants before 1970), or nil when
    /// that instant is not representable.
    public func toDate() -> CedarDatetime? {
        let ms = millisecondsSinceEpoch
        var rem = ms % Self.millisecondsPerDay
        if rem < 0 { rem += Self.millisecondsPerDay }
        let (v, o) = ms.subtractingReportingOverflow(rem)
        return o ? nil : CedarDatetime(millisecondsSinceEpoch: v)
    }

    /// The time elapsed since this instant's midnight UTC; always non-negative.
    public func toTime() -> CedarDuration {
        let rem = millisecondsSinceEpoch % Self.millisecondsPerDay
        return CedarDuration(milliseconds: rem < 0 ? rem + Self.millisecondsPerDay : rem)
    }

    /// The instant as milliseconds since the epoch, e.g. `1700000000000ms since epoch`.
    public var description: String { "\(millisecondsSinceEpoch)ms since epoch" }
}
