// Resolved data-plane settings: every value set, each with its default and unit. The YAML file
// model and the resolution (flag > env > file > default) live in the composition root.

/// Settings of the gateway's request path.
package struct GatewayConfiguration: Sendable, Equatable {
    package var limits: Limits
    package var sessions: Sessions
    package var origins: Origins
    package var upstream: Upstream
    package var audit: Audit
    /// Items per page of `tools/list`, `prompts/list`, `resources/list` results. Default 200.
    package var listPageSize: Int
    /// Interval between SSE keep-alive comments on long streams. Default 15 s.
    package var keepAliveInterval: Duration

    package init(
        limits: Limits = Limits(), sessions: Sessions = Sessions(), origins: Origins = Origins(), upstream: Upstream = Upstream(),
        audit: Audit = Audit(), listPageSize: Int = 200, keepAliveInterval: Duration = .seconds(15)
    ) {
        self.audit = audit
        self.limits = limits
        self.sessions = sessions
        self.origins = origins
        self.upstream = upstream
        self.listPageSize = listPageSize
        self.keepAliveInterval = keepAliveInterval
    }

    /// Bounds on what a client may send, checked before anything else is parsed.
    package struct Limits: Sendable, Equatable {
        /// Largest request body, in bytes (`gateway.limits.max_body_bytes`). Default 1 MiB.
        package var maxBodyBytes: Int
        /// Deepest nesting of JSON arrays and objects (`gateway.limits.max_json_depth`). Default 64.
        package var maxJSONDepth: Int

        package init(maxBodyBytes: Int = 1 << 20, maxJSONDepth: Int = 64) {
            self.maxBodyBytes = maxBodyBytes
            self.maxJSONDepth = maxJSONDepth
        }
    }

    /// Legacy (2025) sessions.
    package struct Sessions: Sendable, Equatable {
        /// How long a session id stays valid after `initialize`. Default 24 h.
        package var lifetime: Duration

        package init(lifetime: Duration = .seconds(24 * 3600)) {
            self.lifetime = lifetime
        }
    }

    /// Browser origins allowed to call the MCP endpoints (DNS-rebinding defence: a request with an
    /// `Origin` header that is not allowed gets 403; requests without one are not browsers).
    package struct Origins: Sendable, Equatable {
        /// Exact origins allowed, e.g. `https://studio.example.com`.
        package var allowed: [String]
        /// Whether `http(s)://localhost|127.0.0.1|[::1]` on any port are allowed. Default true.
        package var allowLoopback: Bool

        package init(allowed: [String] = [], allowLoopback: Bool = true) {
            self.allowed = allowed
            self.allowLoopback = allowLoopback
        }

        package func permits(_ origin: String) -> Bool {
            if allowed.contains(origin) { return true }
            guard allowLoopback else { return false }
            for scheme in ["http://", "https://"] where origin.hasPrefix(scheme) {
                var host = origin.dropFirst(scheme.count)
                if host.hasPrefix("[::1]") { host = host.dropFirst(5) }
                else if host.hasPrefix("localhost") { host = host.dropFirst(9) }
                else if host.hasPrefix("127.0.0.1") { host = host.dropFirst(9) }
                else { continue }
                if host.isEmpty || (host.first == ":" && host.dropFirst().allSatisfy(\.isNumber)) { return true }
            }
            return false
        }
    }

    /// Talking to upstream servers.
    package struct Upstream: Sendable, Equatable {
        /// Longest an upstream request may take. Default 120 s.
        package var requestTimeout: Duration
        /// Connect timeout for HTTP upstreams. Default 5 s.
        package var connectTimeout: Duration
        /// How long a stdio server may take to answer `server/discover` before it is taken for a
        /// legacy server. Default 5 s.
        package var probeTimeout: Duration
        /// Largest upstream response, in bytes. Default 32 MiB.
        package var maxResponseBytes: Int
        /// HTTP connections kept per upstream host. Default 64.
        package var maxConnectionsPerHost: Int
        /// How often servers whose discovery failed (down at start, say) are asked again. Default 15 s.
        package var rediscoveryInterval: Duration
        /// How often every server is discovered again, so a definition changed upstream without a
        /// `list_changed` is caught (and quarantined) (`gateway.upstream.refresh_interval`). Default 5 min.
        package var refreshInterval: Duration

        package init(
            requestTimeout: Duration = .seconds(120), connectTimeout: Duration = .seconds(5), probeTimeout: Duration = .seconds(5),
            maxResponseBytes: Int = 32 << 20, maxConnectionsPerHost: Int = 64, rediscoveryInterval: Duration = .seconds(15),
            refreshInterval: Duration = .seconds(300)
        ) {
            self.refreshInterval = refreshInterval
            self.rediscoveryInterval = rediscoveryInterval
            self.requestTimeout = requestTimeout
            self.connectTimeout = connectTimeout
            self.probeTimeout = probeTimeout
            self.maxResponseBytes = maxResponseBytes
            self.maxConnectionsPerHost = maxConnectionsPerHost
        }
    }

    /// The audit trail.
    package struct Audit: Sendable, Equatable {
        /// Whether records keep a call's raw arguments (`gateway.audit.record_arguments`). Default
        /// false: records keep only their SHA-256.
        /// Warning: arguments may hold personal data or secrets.
        package var recordArguments: Bool

        package init(recordArguments: Bool = false) {
            self.recordArguments = recordArguments
        }
    }
}
