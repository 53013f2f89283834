// Facts about a call that the audit stage records but inner stages learn (who, which server,
// which tool): a small shared box, written by the stage that learns each fact.
import Enforcement
import Guardrails
import Synchronization

/// Audit facts of one call.
package final class CallTrace: Sendable {
    package struct Facts: Sendable, Equatable {
        package var application: String?
        package var server: String?
        package var target: String?
        /// Identify: who is behind the call beyond the application (absent for API keys).
        package var user: String?
        /// Identify: `api_key`, `access_token` or `certificate`.
        package var authMethod: String?
        /// Identify: the OAuth client the access token was issued to.
        package var clientID: String?
        /// Identify: the application's project.
        package var project: String?
        /// Written by the enforcement stages (authorize, rate limit, validate arguments).
        package var enforcement = Enforcement()
        /// Authorize: the server answering is deprecated; the transport adds `Deprecation`,
        /// `Sunset` and `Link` to the response.
        package var deprecation: DeprecationNotice?
        /// Where the call went upstream (URL, or `stdio: command …`); route stage.
        package var upstream: String?
        /// Shield hits (never the matched text); inspect and guardrail-hook stages.
        package var guardrailHits: [GuardrailHit] = []
        /// A payload was larger than Shield's scan limit and was only partly inspected.
        package var guardrailsTruncated = false
        package init() {}
    }

    /// Enforcement facts of one call, for its audit record.
    package struct Enforcement: Sendable, Equatable {
        /// `allow` or `deny`, when policies were consulted.
        package var decision: String?
        /// The policies that determined a denial (or could not be evaluated).
        package var policies: [String] = []
        package var policySetVersion: Int64?
        package var policyErrors: [String] = []
        /// Shadow mode: what enforce and shadow policies together would have decided.
        package var shadowDecision: String?
        package var shadowPolicies: [String] = []
        /// The rate-limit rule that counted the call (the tightest, or the refusing one).
        package var rateLimitRule: String?
        package var rateLimitRemaining: Int?
        package var retryAfterSeconds: Int?
        /// `passed`, `failed` or `schema_error`.
        package var validation: String?
        /// Hex SHA-256 of the canonical arguments.
        package var argumentsHash: String?
        /// Raw arguments (only when configured).
        package var arguments: String?
        package var warnings: [String] = []
        /// Set when a stage refused the call with a result rather than an error (invalid
        /// arguments are a tool error, `isError: true`): the audit reason.
        package var refusalReason: String?
        package var refusalMessage: String?

        package init() {}
    }

    private let facts = Mutex(Facts())

    package init() {}

    package var current: Facts { facts.withLock { $0 } }

    package func record(_ update: (inout Facts) -> Void) {
        facts.withLock { update(&$0) }
    }

    /// Adds Shield hits (at most 200 per call are kept).
    package func recordGuardrails(_ hits: [GuardrailHit], truncated: Bool) {
        facts.withLock {
            $0.guardrailHits += hits.prefix(max(0, 200 - $0.guardrailHits.count))
            if truncated { $0.guardrailsTruncated = true }
        }
    }
}
