// Facts about a call that the audit stage records but inner stages learn (who, which server,
// which tool): a small shared box, written by the stage that learns each fact.
import Synchronization

/// Audit facts of one call.
package final class CallTrace: Sendable {
    package struct Facts: Sendable, Equatable {
        package var application: String?
        package var server: String?
        package var target: String?
        package init() {}
    }

    private let facts = Mutex(Facts())

    package init() {}

    package var current: Facts { facts.withLock { $0 } }

    package func record(_ update: (inout Facts) -> Void) {
        facts.withLock { update(&$0) }
    }
}
