// Facts about a call that the audit stage records but inner stages learn (who, which server,
// which tool): a small shared box, written by the stage that learns each fact.
import Guardrails
import Synchronization

/// Audit facts of one call.
package final class CallTrace: Sendable {
    package struct Facts: Sendable, Equatable {
        package var application: String?
        package var server: String?
        package var target: String?
        /// Where the call went upstream (URL, or `stdio: command …`); route stage.
        package var upstream: String?
        /// Shield hits (never the matched text); inspect and guardrail-hook stages.
        package var guardrailHits: [GuardrailHit] = []
        /// A payload was larger than Shield's scan limit and was only partly inspected.
        package var guardrailsTruncated = false
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
