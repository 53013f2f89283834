// What an operator configured: per server (stored with the registry entry) and for the whole
// project (`shield:` in the configuration file). Per call, the effective detector actions are the
// built-in defaults, then the project's, then the server's, then the tool's.

/// A server's guardrail settings, as stored with its registry entry. Every field is optional so
/// that entries written by older versions (and by newer ones, with fields this one ignores) decode.
public struct GuardrailPolicy: Codable, Sendable, Equatable {
    /// Detector name → action, for every tool of the server.
    public var detectors: [String: GuardrailAction]?
    /// Tool name (the upstream's) → detector name → action, over the server's own.
    public var tools: [String: [String: GuardrailAction]]?
    /// The external guardrail service for this server (over the project's).
    public var hook: HookSettings?

    public init(detectors: [String: GuardrailAction]? = nil, tools: [String: [String: GuardrailAction]]? = nil, hook: HookSettings? = nil) {
        self.detectors = detectors
        self.tools = tools
        self.hook = hook
    }

    public var isEmpty: Bool { (detectors ?? [:]).isEmpty && (tools ?? [:]).isEmpty && hook == nil }
}

/// The project-wide Shield settings (`shield:`), resolved.
public struct ShieldConfiguration: Sendable, Equatable {
    /// The default built-in limit on string bytes scanned per payload: 1 MiB.
    public static let defaultMaxScanBytes = 1 << 20

    /// Actions for every server (built-in defaults with `shield.detectors` over them).
    public var detectors: DetectorActions
    /// The external guardrail service for servers that name none (`shield.hook`).
    public var hook: HookSettings?
    /// Most string bytes inspected in one payload (`shield.max_scan_bytes`). Past it the rest is
    /// forwarded uninspected and the audit record says `truncated`. Default 1 MiB.
    public var maxScanBytes: Int
    /// Tools with a finding above this severity cannot be enabled, and are held back if a
    /// selection (`*`, a configuration file) enables them anyway (`shield.enable_max_severity`).
    /// `nil`: no limit. Servers may set their own (`servers[].tools.max_severity`).
    public var enableMaxSeverity: Severity?

    public init(
        detectors: DetectorActions = DetectorActions(), hook: HookSettings? = nil, maxScanBytes: Int = Self.defaultMaxScanBytes,
        enableMaxSeverity: Severity? = nil
    ) {
        self.detectors = detectors
        self.hook = hook
        self.maxScanBytes = maxScanBytes
        self.enableMaxSeverity = enableMaxSeverity
    }

    /// The actions for one call: project defaults, then the server's, then the tool's.
    public func actions(server policy: GuardrailPolicy?, tool: String?) -> DetectorActions {
        var actions = detectors.merged(policy?.detectors)
        if let tool, let overrides = policy?.tools?[tool] { actions = actions.merged(overrides) }
        return actions
    }

    /// The hook for a server: its own, else the project's.
    public func hook(server policy: GuardrailPolicy?) -> HookSettings? { policy?.hook ?? hook }
}

/// An external guardrail service: where it is, how long to wait, and what to do when it fails.
public struct HookSettings: Codable, Sendable, Equatable {
    /// `http(s)://…`; receives a POST per inspected phase (see docs/guardrails.md).
    public var url: String
    /// Longest wait for a verdict, in milliseconds. Default 2000.
    public var timeoutMilliseconds: Int
    /// What a failure (timeout, refused connection, non-200, unreadable verdict) means.
    public var onFailure: FailureMode
    /// Which phases are sent; `nil` means both.
    public var phases: [Phase]?

    public init(url: String, timeoutMilliseconds: Int = 2000, onFailure: FailureMode = .failClosed, phases: [Phase]? = nil) {
        self.url = url
        self.timeoutMilliseconds = timeoutMilliseconds
        self.onFailure = onFailure
        self.phases = phases
    }

    public func covers(_ phase: Phase) -> Bool { phases?.contains(phase) ?? true }

    /// Whether a broken hook lets calls through.
    public enum FailureMode: String, Codable, Sendable, CaseIterable {
        /// The call proceeds; the failure is recorded.
        case failOpen = "fail_open"
        /// The call is refused.
        case failClosed = "fail_closed"
    }

    enum CodingKeys: String, CodingKey {
        case url, phases
        case timeoutMilliseconds = "timeout_ms"
        case onFailure = "on_failure"
    }
}
