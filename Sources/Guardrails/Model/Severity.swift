// Guardrails: Gatehouse's own inspection of what passes through it, with no external service:
// risk scanning of tool, prompt and resource-template definitions (tool poisoning, shadowing,
// deceptive text, risky parameters and capabilities), and runtime detectors over call arguments
// (shell and SQL injection, path traversal, SSRF, secrets) and results (personal data, secrets,
// indirect prompt injection). It depends only on JSONSchema (for `JSONValue`) and is public, like
// JSONSchema and Cedar, so the benchmark package can measure it directly.
//
// This file: how bad a scan finding is.

/// How serious a scan finding is, from `info` (worth knowing) to `critical` (a tool that tries to
/// take over the model). Ordered: `info < low < medium < high < critical`.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    case info, low, medium, high, critical

    private var rank: Int {
        switch self {
        case .info: 0
        case .low: 1
        case .medium: 2
        case .high: 3
        case .critical: 4
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

    public var description: String { rawValue }

    /// The accepted spellings, for messages: `info, low, medium, high or critical`.
    public static let spelled = "info, low, medium, high or critical"
}
