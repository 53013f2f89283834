// The result of authorizing one request: the decision, the policies that determined it, and the
// policies that could not be evaluated (which were skipped, so they never decide anything).

/// Allow or deny.
public enum Decision: String, Hashable, Sendable {
    /// At least one permit was satisfied and no forbid was.
    case allow
    /// No permit was satisfied, or a forbid was.
    case deny
}

/// A policy whose evaluation failed for a request. It was skipped: an erroring `forbid` does not
/// deny and an erroring `permit` does not allow.
public struct AuthorizationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The policy that failed.
    public let policyID: PolicyID
    /// Why it failed (for logs; wording may change between versions).
    public let message: String

    public var description: String { "error while evaluating policy `\(policyID)`: \(message)" }
}

/// The answer to an authorization request.
public struct Response: Sendable, Hashable {
    /// The decision.
    public let decision: Decision
    /// The satisfied `permit` policies when allowed; the satisfied `forbid` policies when denied
    /// by one; empty for a default deny. In policy-set order.
    public let determiningPolicies: [PolicyID]
    /// The policies that failed to evaluate, in policy-set order.
    public let errors: [AuthorizationError]
}
