// The request path, folded once into one closure. Order matters and is written down here:
//
//   audit ─▶ identify ─▶ route ─▶ authorize ─▶ inspect(args) ─▶ hook(args) ─▶ hook(result) ─▶ inspect(result) ─▶ dispatch
//     ▲                                                                                                              │
//     └──────────── reply (result redacted by inspect, judged by the hook; listing filtered by authorize, named by route) ◀┘
//
// - audit is outermost so that refusals by every later stage are recorded too;
// - identify precedes route so that nothing about the registry leaks to anonymous callers;
// - authorize sits inside route because it decides on routed targets, and filters listings
//   before route names and pages them (so a page never holds items the caller may not see);
// - Shield's own detectors run before the external hook on the way in and after the upstream on
//   the way back, so the hook only ever sees what the local detectors let through (redacted),
//   and nothing refused locally reaches it; inspection runs after authorize so that refused calls
//   cost no inspection and reveal nothing about what the detectors look for.
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
