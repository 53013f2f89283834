// The request path, folded once into one closure. Order matters and is written down here:
//
//   audit ─▶ identify ─▶ route ─▶ authorize ─▶ rate limit ─▶ validate ─▶ dispatch (upstream or gateway-local)
//     ▲                                                                    │
//     └────────────── reply (listing filtered by authorize, named and paged by route) ◀┘
//
// - audit is outermost so that refusals by every later stage are recorded too;
// - identify precedes route so that nothing about the registry leaks to anonymous callers;
// - authorize sits inside route because it decides on routed targets, and filters listings
//   before route names and pages them (so a page never holds items the caller may not see);
//   it covers server status (revoked, retired), the allow list, enablement, pins (quarantine)
//   and Cedar policies, so lists and calls share one decision;
// - rate limit comes after authorize: a call that would be refused spends no tokens, and being
//   limited never tells a caller about a target it may not see;
// - validate comes last before dispatch: it is the most expensive check, paid only by calls
//   that may go ahead and are within their limits (a call with bad arguments still spends a
//   token, so a client cannot retry bad calls faster than good ones).
// Shield's inspect stages go between validate and dispatch.
import MCPCore

/// Runs a call through the stages and the terminal dispatcher.
package struct GatewayPipeline: Sendable {
    private let entry: NextStage

    /// - Parameters:
    ///   - stages: outermost first.
    ///   - terminal: what the innermost stage's `next` calls.
    package init(stages: [any GatewayStage], terminal: @escaping NextStage) {
        var next = terminal
        for stage in stages.reversed() {
            let inner = next
            next = { call, context in try await stage.handle(call, context: context, next: inner) }
        }
        entry = next
    }

    package func run(_ call: GatewayCall, context: CallContext) async throws -> GatewayReply {
        try await entry(call, context)
    }
}
