// Shield settings as written, under a server (`servers[].guardrails`) and for the whole project
// (`shield:`): every field optional, snake_case keys, the same shapes in YAML and in admin API
// bodies. `GuardrailsResolver` checks them and turns them into `Guardrails` values.
//
//   guardrails:
//     detectors: { email: redact, secrets: block }
//     tools: { run_query: { sql_injection: flag } }
//     hook: { url: http://127.0.0.1:9000/check, timeout: 2s, on_failure: fail_closed, phases: [arguments, result] }

/// `servers[].guardrails`.
package struct GuardrailsDefinition: Codable, Sendable, Equatable {
    /// Detector name → `block`, `redact`, `flag` or `off`.
    package var detectors: [String: String]?
    /// Tool name → detector name → action.
    package var tools: [String: [String: String]]?
    package var hook: HookDefinition?

    package init(detectors: [String: String]? = nil, tools: [String: [String: String]]? = nil, hook: HookDefinition? = nil) {
        self.detectors = detectors
        self.tools = tools
        self.hook = hook
    }
}

/// `hook: { url, timeout, on_failure, phases }`.
package struct HookDefinition: Codable, Sendable, Equatable {
    package var url: String?
    /// `500ms`, `2s`, …; default 2 s.
    package var timeout: String?
    /// `fail_open` or `fail_closed` (default).
    package var onFailure: String?
    /// `arguments`, `result`; default both.
    package var phases: [String]?

    enum CodingKeys: String, CodingKey {
        case url, timeout, phases
        case onFailure = "on_failure"
    }

    package init(url: String? = nil, timeout: String? = nil, onFailure: String? = nil, phases: [String]? = nil) {
        self.url = url
        self.timeout = timeout
        self.onFailure = onFailure
        self.phases = phases
    }
}

/// The project's `shield:` section.
package struct ShieldDefinition: Codable, Sendable, Equatable {
    /// Refuse to enable (and hold back) tools with a finding above this severity.
    package var enableMaxSeverity: String?
    /// Most string bytes scanned per payload.
    package var maxScanBytes: Int?
    package var detectors: [String: String]?
    package var hook: HookDefinition?

    enum CodingKeys: String, CodingKey {
        case detectors, hook
        case enableMaxSeverity = "enable_max_severity"
        case maxScanBytes = "max_scan_bytes"
    }

    package init(enableMaxSeverity: String? = nil, maxScanBytes: Int? = nil, detectors: [String: String]? = nil, hook: HookDefinition? = nil) {
        self.enableMaxSeverity = enableMaxSeverity
        self.maxScanBytes = maxScanBytes
        self.detectors = detectors
        self.hook = hook
    }
}

extension GuardrailsDefinition {
    /// The stored policy as written (for API responses and `servers show`).
    package init(_ policy: GuardrailPolicy) {
        detectors = policy.detectors?.mapValues(\.rawValue)
        tools = policy.tools?.mapValues { $0.mapValues(\.rawValue) }
        hook = policy.hook.map {
            HookDefinition(
                url: $0.url, timeout: "\($0.timeoutMilliseconds)ms", onFailure: $0.onFailure.rawValue, phases: $0.phases?.map(\.rawValue))
        }
    }
}

import Guardrails
