// Enforcement settings the registry holds beside servers and applications: attached Cedar
// policies, rate-limit rules, and the approved (pinned) definitions of tools and prompts.
import Enforcement
import Foundation

/// An attached Cedar policy.
package struct PolicyEntry: Codable, Sendable, Equatable {
    /// Unique: `^[a-z0-9][a-z0-9._-]{0,63}$`, not starting with `gatehouse.`.
    package var id: String
    /// The server it is attached to, or `nil` for the whole project.
    package var server: String?
    /// `enforce` or `shadow`.
    package var mode: String
    /// One or more Cedar `forbid` policies.
    package var cedar: String
    package var description: String?
    /// See ``ServerEntry/managedBy``.
    package var managedBy: String?

    package init(id: String, server: String? = nil, mode: String = PolicyMode.enforce.rawValue, cedar: String, description: String? = nil, managedBy: String? = nil) {
        self.id = id
        self.server = server
        self.mode = mode
        self.cedar = cedar
        self.description = description
        self.managedBy = managedBy
    }

    /// What the compiler reads.
    package var source: PolicySource {
        PolicySource(id: id, server: server, mode: PolicyMode(rawValue: mode), cedar: cedar)
    }
}

/// A rate-limit rule (see `Enforcement.RateLimitRule` for how selectors match).
package struct RateLimitEntry: Codable, Sendable, Equatable {
    /// Unique; derived from the selectors when not given (`application=ci-agent,tool=notes/echo`).
    package var id: String
    package var application: String?
    package var user: String?
    package var server: String?
    /// `slug/name`.
    package var tool: String?
    package var project: String?
    /// Calls allowed per `periodSeconds` on average.
    package var limit: Int
    package var periodSeconds: Int
    /// Most calls at once; `limit` when absent.
    package var burst: Int?
    package var managedBy: String?

    package init(
        id: String, application: String? = nil, user: String? = nil, server: String? = nil, tool: String? = nil, project: String? = nil,
        limit: Int, periodSeconds: Int, burst: Int? = nil, managedBy: String? = nil
    ) {
        self.id = id
        self.application = application
        self.user = user
        self.server = server
        self.tool = tool
        self.project = project
        self.limit = limit
        self.periodSeconds = periodSeconds
        self.burst = burst
        self.managedBy = managedBy
    }

    /// The id a rule gets from its selectors: `application=ci-agent,tool=notes/echo` (`all` for none).
    package static func derivedID(application: String?, user: String?, server: String?, tool: String?, project: String?) -> String {
        let parts = [("project", project), ("application", application), ("user", user), ("server", server), ("tool", tool)]
            .compactMap { key, value in value.map { "\(key)=\($0)" } }
        return parts.isEmpty ? "all" : parts.joined(separator: ",")
    }

    /// The rule the rate limiter applies.
    package var rule: RateLimitRule {
        RateLimitRule(
            id: id, application: application.map(RateLimitRule.Selector.init), user: user.map(RateLimitRule.Selector.init),
            server: server.map(RateLimitRule.Selector.init), tool: tool.map(RateLimitRule.Selector.init),
            project: project.map(RateLimitRule.Selector.init), limit: limit, period: Double(periodSeconds), burst: burst)
    }
}

/// The approved definitions of one server's tools and prompts (rug-pull defence).
package struct ServerPins: Codable, Sendable, Equatable {
    package var server: String
    /// By tool name.
    package var tools: [String: Pin]
    /// By prompt name.
    package var prompts: [String: Pin]

    package init(server: String, tools: [String: Pin] = [:], prompts: [String: Pin] = [:]) {
        self.server = server
        self.tools = tools
        self.prompts = prompts
    }

    /// One approved definition.
    package struct Pin: Codable, Sendable, Equatable {
        /// Hex SHA-256 of the canonical definition (see `DefinitionHash`).
        package var hash: String
        /// The definition as approved (compact JSON), for the before/after diff.
        package var definitionJSON: String
        package var approvedAt: Date
        /// `enabled` (pinned when first enabled and discovered), `cli`/`api` re-approvals.
        package var approvedBy: String?

        package init(hash: String, definitionJSON: String, approvedAt: Date, approvedBy: String? = nil) {
            self.hash = hash
            self.definitionJSON = definitionJSON
            self.approvedAt = approvedAt
            self.approvedBy = approvedBy
        }
    }
}

/// How a server entry is being retired.
package struct DeprecationInfo: Codable, Sendable, Equatable {
    /// When it was deprecated (the `Deprecation` header's date).
    package var since: Date?
    /// When it stops serving calls (HTTP 410 afterwards).
    package var sunset: Date?
    /// The migration guide.
    package var link: String?

    package init(since: Date? = nil, sunset: Date? = nil, link: String? = nil) {
        self.since = since
        self.sunset = sunset
        self.link = link
    }
}
