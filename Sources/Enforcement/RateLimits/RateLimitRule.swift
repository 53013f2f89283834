// A rate limit as configured (`rate_limits:` in YAML, the admin API), and which calls it counts.
// Selectors name an application, user, server, tool or project; `*` means "each one separately",
// a name means "only that one", and an absent selector means "all together". A rule counts a call
// when every selector it has matches; its bucket is shared by the calls that agree on every `*`.
//
//   { application: ci-agent, tool: notes/echo, per_minute: 5 }  ci-agent's calls of notes/echo
//   { application: "*", per_second: 20, burst: 40 }             each application separately
//   { server: notes, per_minute: 600 }                           every call to notes, all callers together

/// One rate-limit rule.
package struct RateLimitRule: Sendable, Equatable, Hashable {
    /// How a selector matches.
    package enum Selector: Sendable, Equatable, Hashable, CustomStringConvertible {
        /// One bucket per distinct value (`*`).
        case each
        /// Only this value.
        case only(String)

        package init(_ text: String) { self = text == "*" ? .each : .only(text) }
        package var description: String {
            switch self {
            case .each: "*"
            case .only(let s): s
            }
        }
    }

    /// How the rule is named in messages and audit records (its `id`, or `rate_limits[2]`).
    package var id: String
    package var application: Selector?
    package var user: Selector?
    package var server: Selector?
    /// `slug/name`; a rule with a tool selector counts only `tools/call`.
    package var tool: Selector?
    package var project: Selector?
    /// Calls allowed per `period` on average.
    package var limit: Int
    /// Seconds.
    package var period: Double
    /// Most calls in a burst; `limit` by default.
    package var burst: Int

    package init(
        id: String, application: Selector? = nil, user: Selector? = nil, server: Selector? = nil, tool: Selector? = nil,
        project: Selector? = nil, limit: Int, period: Double, burst: Int? = nil
    ) {
        self.id = id
        self.application = application
        self.user = user
        self.server = server
        self.tool = tool
        self.project = project
        self.limit = max(1, limit)
        self.period = period
        self.burst = max(1, burst ?? limit)
    }

    /// `5 per minute`.
    package var rateText: String {
        let unit: String =
            switch period {
            case 1: "second"
            case 60: "minute"
            case 3600: "hour"
            case 86_400: "day"
            default: "\(Int(period)) s"
            }
        return "\(limit) per \(unit)"
    }

    /// Everything that makes two rules count the same way; buckets survive a configuration
    /// reload exactly when this is unchanged.
    package var signature: String {
        [application, user, server, tool, project].map { $0?.description ?? "" }.joined(separator: "|") + "|\(limit)/\(period)/\(burst)"
    }

    /// The bucket key for `call`, or `nil` when the rule does not count it.
    package func key(for call: RateLimitedCall) -> String? {
        var key = signature
        func match(_ selector: Selector?, _ value: String?) -> Bool {
            switch selector {
            case nil: return true
            case .only(let s)?: return value == s
            case .each?:
                guard let value else { return false }
                key += "|" + value
                return true
            }
        }
        guard match(application, call.application), match(user, call.user), match(server, call.server), match(tool, call.tool),
            match(project, call.project)
        else { return nil }
        return key
    }
}

/// What rate limits see of a call.
package struct RateLimitedCall: Sendable, Equatable {
    package var application: String
    package var user: String?
    package var server: String
    /// `slug/name` for `tools/call`, else `nil`.
    package var tool: String?
    package var project: String

    package init(application: String, user: String? = nil, server: String, tool: String?, project: String = "default") {
        self.application = application
        self.user = user
        self.server = server
        self.tool = tool
        self.project = project
    }
}
