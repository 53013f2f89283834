// RFC 3339 dates, times and date-times (leap seconds checked against the UTC time), and the
// RFC 3339 Appendix A duration grammar. Digits are ASCII only.

enum DateFormats {
    static func isDateTime(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count > 11, u[10] == UInt8(ascii: "T") || u[10] == UInt8(ascii: "t") else { return false }
        return isDate(u[0..<10]) && isTime(u[11...])
    }

    static func digits(_ u: ArraySlice<UInt8>, _ from: Int, _ n: Int) -> Int? {
        guard from + n <= u.endIndex else { return nil }
        var v = 0
        for i in from..<(from + n) {
            let c = u[i]
            guard c >= 0x30, c <= 0x39 else { return nil }
            v = v * 10 + Int(c - 0x30)
        }
        return v
    }

    static func isDate(_ u: ArraySlice<UInt8>) -> Bool {
        let b = u.startIndex
        guard u.count == 10, u[b + 4] == UInt8(ascii: "-"), u[b + 7] == UInt8(ascii: "-"),
            let y = digits(u, b, 4), let m = digits(u, b + 5, 2), let d = digits(u, b + 8, 2)
        else { return false }
        guard (1...12).contains(m), d >= 1 else { return false }
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return d <= days
    }

    static func isTime(_ u: ArraySlice<UInt8>) -> Bool {
        let b = u.startIndex
        guard u.count >= 9, u[b + 2] == UInt8(ascii: ":"), u[b + 5] == UInt8(ascii: ":"),
            let h = digits(u, b, 2), let m = digits(u, b + 3, 2), let s = digits(u, b + 6, 2)
        else { return false }
        var i = b + 8
        if i < u.endIndex, u[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < u.endIndex, u[i] >= 0x30, u[i] <= 0x39 { i += 1 }
            guard i > start else { return false }
        }
        guard i < u.endIndex, h <= 23, m <= 59, s <= 60 else { return false }
        var offsetMinutes = 0
        switch u[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard i + 1 == u.endIndex else { return false }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard u.endIndex - i == 6, u[i + 3] == UInt8(ascii: ":"), let oh = digits(u, i + 1, 2), let om = digits(u, i + 4, 2),
                oh <= 23, om <= 59
            else { return false }
            offsetMinutes = (oh * 60 + om) * (u[i] == UInt8(ascii: "+") ? 1 : -1)
        default:
            return false
        }
        if s == 60 {
            // A leap second happens at 23:59:60 UTC only.
            let utc = ((h * 60 + m - offsetMinutes) % 1440 + 1440) % 1440
            return utc == 23 * 60 + 59
        }
        return true
    }

    /// `P` (date [time] / time / week): units in order, each at most once, digits only.
    static func isDuration(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count >= 3, u[0] == UInt8(ascii: "P") else { return false }
        var i = 1
        func component() -> (Int, UInt8)? {
            let start = i
            while i < u.count, u[i] >= 0x30, u[i] <= 0x39 { i += 1 }
            guard i > start, i < u.count else { return nil }
            i += 1
            return (start, u[i - 1])
        }
        // Week form: PnW alone.
        if u.last == UInt8(ascii: "W") {
            guard let (_, unit) = component(), unit == UInt8(ascii: "W"), i == u.count else { return false }
            return true
        }
        let dateUnits: [UInt8] = Array("YMD".utf8)
        let timeUnits: [UInt8] = Array("HMS".utf8)
        var last = -1
        var any = false
        while i < u.count, u[i] != UInt8(ascii: "T") {
            guard let (_, unit) = component(), let k = dateUnits.firstIndex(of: unit) else { return false }
            // Units in order with none skipped in between (Y then D needs M: RFC 3339's ABNF).
            guard k > last, last == -1 || k == last + 1 else { return false }
            last = k
            any = true
        }
        if i < u.count {
            i += 1  // T
            var lastT = -1
            var anyT = false
            while i < u.count {
                guard let (_, unit) = component(), let k = timeUnits.firstIndex(of: unit) else { return false }
                guard k > lastT, lastT == -1 || k == lastT + 1 else { return false }
                lastT = k
                anyT = true
            }
            return anyT
        }
        return any
    }
}
