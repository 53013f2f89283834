// The request path, folded once into one closure. Order matters and is written down here:
//
//   audit ─▶ identify ─▶ route ─▶ authorize ─▶ rate limit ─▶ validate ─▶ inspect(args) ─▶ hook(args) ─▶ hook(result) ─▶ inspect(result) ─▶ dispatch
//     ▲                                                                                                                                    │
//     └──── reply (result redacted by inspect, judged by the hook; listing filtered by authorize, named and paged by route) ◀─────────────┘
//
// - audit is outermost so that refusals by every later stage are recorded too;
// - identify precedes route so that nothing about the registry leaks to anonymous callers;
// - authorize sits inside route because it decides on routed targets, and filters listings
//   before route names and pages them (so a page never holds items the caller may not see);
//   it covers server status (revoked, retired), the allow list, enablement (and Shield's enable
//   limit), pins (quarantine) and Cedar policies, so lists and calls share one decision;
// - rate limit comes after authorize: a call that would be refused spends no tokens, and being
//   limited never tells a caller about a target it may not see;
// - validate comes after rate limit: a call with bad arguments still spends a token, so a client
//   cannot retry bad calls faster than good ones;
// - Shield's own detectors run after validate (only well-formed calls are inspected) and before
//   the external hook on the way in, and after the upstream on the way back, so the hook only
//   ever sees what the local detectors let through (redacted), and nothing refused locally
//   reaches it; inspection runs after authorize so that refused calls cost no inspection and
//   reveal nothing about what the detectors look for.
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
