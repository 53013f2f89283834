// The registry sections of a configuration file exactly as written: every field optional, keys
// in snake_case. The same types are the request bodies of the admin API's create endpoints, so a
// server is described the same way in YAML, in JSON and on the wire. `RegistryConfigResolver`
// turns them into model values and reports what is wrong.

/// A server as written in `servers:` (or POSTed to `/api/v1/servers`).
package struct ServerDefinition: Codable, Sendable, Equatable {
    package var slug: String?
    package var name: String?
    package var title: String?
    package var description: String?
    package var version: String?
    /// `active` (default), `deprecated` or `revoked`.
    package var status: String?
    /// For `deprecated`: since when, the sunset date, the migration guide.
    package var deprecation: DeprecationDefinition?
    package var upstream: UpstreamDefinition?
    package var tools: ToolSelectionDefinition?
    /// Shield settings (see `GuardrailsDefinition`).
    package var guardrails: GuardrailsDefinition?

    package init(
        slug: String? = nil, name: String? = nil, title: String? = nil, description: String? = nil, version: String? = nil,
        status: String? = nil, deprecation: DeprecationDefinition? = nil, upstream: UpstreamDefinition? = nil, tools: ToolSelectionDefinition? = nil,
        guardrails: GuardrailsDefinition? = nil
    ) {
        self.deprecation = deprecation
        self.guardrails = guardrails
        self.slug = slug
        self.name = name
        self.title = title
        self.description = description
        self.version = version
        self.status = status
        self.upstream = upstream
        self.tools = tools
    }
}

/// How to reach a server: `url` (Streamable HTTP) or `command` (stdio), not both.
package struct UpstreamDefinition: Codable, Sendable, Equatable {
    package var url: String?
    package var headers: [String: String]?
    package var command: String?
    package var args: [String]?
    package var env: [String: String]?
    package var workingDirectory: String?

    enum CodingKeys: String, CodingKey {
        case url, headers, command, args, env
        case workingDirectory = "working_directory"
    }

    package init(
        url: String? = nil, headers: [String: String]? = nil, command: String? = nil, args: [String]? = nil,
        env: [String: String]? = nil, workingDirectory: String? = nil
    ) {
        self.url = url
        self.headers = headers
        self.command = command
        self.args = args
        self.env = env
        self.workingDirectory = workingDirectory
    }
}

/// `tools: { enabled: [...], disabled: [...], max_severity: high }`.
package struct ToolSelectionDefinition: Codable, Sendable, Equatable {
    package var enabled: [String]?
    package var disabled: [String]?
    /// `info`, `low`, `medium`, `high` or `critical`: tools with a Shield finding above it are held back.
    package var maxSeverity: String?

    enum CodingKeys: String, CodingKey {
        case enabled, disabled
        case maxSeverity = "max_severity"
    }

    package init(enabled: [String]? = nil, disabled: [String]? = nil, maxSeverity: String? = nil) {
        self.enabled = enabled
        self.disabled = disabled
        self.maxSeverity = maxSeverity
    }
}

/// An application as written in `applications:` (or POSTed to `/api/v1/applications`).
package struct ApplicationDefinition: Codable, Sendable, Equatable {
    package var name: String?
    package var allow: [AllowRuleDefinition]?
    /// The project the application and its keys belong to; absent means `default`.
    package var project: String?

    package init(name: String? = nil, allow: [AllowRuleDefinition]? = nil, project: String? = nil) {
        self.name = name
        self.allow = allow
        self.project = project
    }
}

/// `{ server: notes, tools: [echo] }`.
package struct AllowRuleDefinition: Codable, Sendable, Equatable {
    package var server: String?
    package var tools: [String]?

    package init(server: String? = nil, tools: [String]? = nil) {
        self.server = server
        self.tools = tools
    }
}

/// `deprecation: { since: 2026-10-01, sunset: 2026-12-31, link: https://… }` on a server.
package struct DeprecationDefinition: Codable, Sendable, Equatable {
    /// A date (`2026-10-01`) or an ISO 8601 time.
    package var since: String?
    package var sunset: String?
    package var link: String?

    package init(since: String? = nil, sunset: String? = nil, link: String? = nil) {
        self.since = since
        self.sunset = sunset
        self.link = link
    }
}

/// A policy as written in `policies:` (or POSTed to `/api/v1/policies`).
package struct PolicyDefinition: Codable, Sendable, Equatable {
    package var id: String?
    /// Attach to one server; omit to attach to the whole project.
    package var server: String?
    /// `enforce` (default) or `shadow`.
    package var mode: String?
    package var cedar: String?
    package var description: String?

    package init(id: String? = nil, server: String? = nil, mode: String? = nil, cedar: String? = nil, description: String? = nil) {
        self.id = id
        self.server = server
        self.mode = mode
        self.cedar = cedar
        self.description = description
    }
}

/// A rate limit as written in `rate_limits:` (or POSTed to `/api/v1/rate-limits`): selectors
/// (`*` for each one separately) and exactly one rate.
package struct RateLimitDefinition: Codable, Sendable, Equatable {
    package var id: String?
    package var application: String?
    package var user: String?
    package var server: String?
    /// `slug/name`.
    package var tool: String?
    package var project: String?
    package var perSecond: Int?
    package var perMinute: Int?
    package var perHour: Int?
    package var perDay: Int?
    package var burst: Int?

    enum CodingKeys: String, CodingKey {
        case id, application, user, server, tool, project, burst
        case perSecond = "per_second"
        case perMinute = "per_minute"
        case perHour = "per_hour"
        case perDay = "per_day"
    }

    package init(
        id: String? = nil, application: String? = nil, user: String? = nil, server: String? = nil, tool: String? = nil, project: String? = nil,
        perSecond: Int? = nil, perMinute: Int? = nil, perHour: Int? = nil, perDay: Int? = nil, burst: Int? = nil
    ) {
        self.id = id
        self.application = application
        self.user = user
        self.server = server
        self.tool = tool
        self.project = project
        self.perSecond = perSecond
        self.perMinute = perMinute
        self.perHour = perHour
        self.perDay = perDay
        self.burst = burst
    }
}
