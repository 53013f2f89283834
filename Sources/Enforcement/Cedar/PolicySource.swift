// A policy as the registry holds it (from YAML, the CLI or the admin API), and what checking it
// found. Compiling turns sources into a `PolicyModel` the gateway evaluates.

/// One attached policy: Cedar text under an id, attached to the project or to one server.
package struct PolicySource: Sendable, Equatable {
    /// Unique among the registry's policies; `^[a-z0-9][a-z0-9._-]{0,63}$`.
    package var id: String
    /// The server slug it is attached to, or `nil` for the whole project.
    package var server: String?
    package var mode: PolicyMode
    /// One or more Cedar `forbid` policies.
    package var cedar: String

    package init(id: String, server: String? = nil, mode: PolicyMode = .enforce, cedar: String) {
        self.id = id
        self.server = server
        self.mode = mode
        self.cedar = cedar
    }
}

/// Whether a policy decides, or only records what it would have decided.
package struct PolicyMode: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    package let rawValue: String
    package init(rawValue: String) { self.rawValue = rawValue }

    /// The policy refuses what it forbids.
    package static let enforce = PolicyMode(rawValue: "enforce")
    /// The policy is evaluated and its would-be decision recorded in the audit trail; nothing is refused.
    package static let shadow = PolicyMode(rawValue: "shadow")

    package static let all: [PolicyMode] = [.enforce, .shadow]
    package var description: String { rawValue }
}

/// A problem with a policy, found when it is attached or compiled.
package struct PolicyProblem: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Severity: String, Sendable { case error, warning, note }

    package var severity: Severity
    /// The registry id of the policy.
    package var policy: String
    package var message: String

    package init(_ severity: Severity, policy: String, _ message: String) {
        self.severity = severity
        self.policy = policy
        self.message = message
    }

    package var description: String { "\(severity.rawValue): policy \(policy): \(message)" }
}
