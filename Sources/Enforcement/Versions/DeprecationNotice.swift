// What a deprecated server tells its clients on every response: `Deprecation` (RFC 9745) with the
// date it was deprecated, `Sunset` (RFC 8594) with the date it stops answering, and a `Link` to
// the migration guide; after the sunset, calls are refused with HTTP 410 and the same link.
import Foundation

/// The deprecation of one server entry.
package struct DeprecationNotice: Sendable, Equatable {
    package var server: String
    package var version: String?
    /// When it was deprecated; `nil` when not configured (the header then says `@0`: deprecated,
    /// date not given).
    package var since: Date?
    /// When calls stop being served.
    package var sunset: Date?
    /// The migration guide.
    package var link: String?

    package init(server: String, version: String? = nil, since: Date? = nil, sunset: Date? = nil, link: String? = nil) {
        self.server = server
        self.version = version
        self.since = since
        self.sunset = sunset
        self.link = link
    }

    /// Whether the sunset has passed at `now`.
    package func isPastSunset(_ now: Date) -> Bool { sunset.map { now >= $0 } ?? false }

    /// The response headers, in order.
    package var headers: [(name: String, value: String)] {
        var h: [(String, String)] = [("Deprecation", "@\(Int64((since ?? Date(timeIntervalSince1970: 0)).timeIntervalSince1970.rounded(.down)))")]
        if let sunset { h.append(("Sunset", Self.httpDate(sunset))) }
        if let link {
            h.append(("Link", "<\(link)>; rel=\"deprecation\"" + (sunset == nil ? "" : ", <\(link)>; rel=\"sunset\"")))
        }
        return h
    }

    /// The audit warning: `server notes (1.4.0) is deprecated; sunset 2026-12-31T00:00:00Z; migrate: …`.
    package var warning: String {
        var s = "server \(server)\(version.map { " (\($0))" } ?? "") is deprecated"
        if let sunset { s += "; sunset \(sunset.ISO8601Format())" }
        if let link { s += "; migrate: \(link)" }
        return s
    }

    /// IMF-fixdate (RFC 9110 §5.6.7): `Thu, 31 Dec 2026 00:00:00 GMT`.
    package static func httpDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "GMT")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int?) -> String { String(format: "%02d", n ?? 0) }
        return "\(days[(c.weekday ?? 1) - 1]), \(two(c.day)) \(months[(c.month ?? 1) - 1]) \(c.year ?? 1970) \(two(c.hour)):\(two(c.minute)):\(two(c.second)) GMT"
    }
}
