// The extension functions of Cedar 4: four constructors called as functions (`ip("...")`) and the
// methods of the `decimal`, `ipaddr`, `datetime` and `duration` types. Calling one with the
// wrong number of arguments is an evaluation error, not a parse error, as in the reference.

/// A Cedar extension function or method.
enum ExtensionFunction: String, Hashable, Sendable, CaseIterable {
    case ip, decimal, datetime, duration
    case lessThan, lessThanOrEqual, greaterThan, greaterThanOrEqual
    case isIpv4, isIpv6, isLoopback, isMulticast, isInRange
    case offset, durationSince, toDate, toTime
    case toMilliseconds, toSeconds, toMinutes, toHours, toDays

    /// Whether the function is called as `f(x)` (the constructors) rather than `x.f(...)`.
    var isConstructor: Bool {
        switch self {
        case .ip, .decimal, .datetime, .duration: true
        default: false
        }
    }

    /// The number of arguments, counting a method's receiver.
    var arity: Int {
        switch self {
        case .ip, .decimal, .datetime, .duration, .isIpv4, .isIpv6, .isLoopback, .isMulticast, .toDate, .toTime,
            .toMilliseconds, .toSeconds, .toMinutes, .toHours, .toDays:
            1
        case .lessThan, .lessThanOrEqual, .greaterThan, .greaterThanOrEqual, .isInRange, .offset, .durationSince:
            2
        }
    }

    /// Looks up a function by its Cedar name (case-sensitive).
    init?(name: String) {
        self.init(rawValue: name)
    }
}
