// Inspect-result stage: Gatehouse's own detectors over what comes back from an upstream, before
// the client (and its model) sees it: personal data, secrets and indirect prompt injection in
// tool results (content, structuredContent), prompt messages and resource contents.
// Reads: the route, the server's guardrail policy, the project's Shield settings. Writes: the hits
// to the call trace. Throws: `.blockedByGuardrail`. Touches the reply: a forwarded result with
// redactions gets its changed string literals re-encoded in place; a clean result is passed on as
// the very bytes the upstream sent.
import Guardrails
import MCPCore

/// Applies the result detectors' actions.
package struct InspectResultStage: GatewayStage {
    let shield: ShieldConfiguration

    package init(shield: ShieldConfiguration) {
        self.shield = shield
    }

    package func handle(_ call: GatewayCall, context: CallContext, next: NextStage) async throws -> GatewayReply {
        let reply = try await next(call, context)
        guard case .target(let target) = context.route, target.kind != .completion,
            case .forwarded(let forwarded) = reply, forwarded.error == nil, let range = forwarded.resultRange
        else { return reply }
        let actions = shield.actions(server: target.server.guardrails, tool: target.kind == .tool ? target.upstreamName : nil)
        let inspector = PayloadInspector(phase: .result, actions: actions, maxScanBytes: shield.maxScanBytes)
        guard inspector.isActive else { return reply }
        let inspection = inspector.inspect(forwarded.bytes, range: range)
        guard !inspection.isClean || inspection.truncated else { return reply }
        context.recordShieldInspection(inspection, "Shield: result hits", server: target.server.slug)
        if let blocked = inspection.blockedBy {
            throw GatewayError(
                .blockedByGuardrail,
                "The result of \(Self.subject(target)) was withheld by Gatehouse Shield: \(blocked.detector) (\(blocked.kind)) at \(blocked.location). "
                    + "An operator can find the call in the audit log (gatehouse audit tail) and review servers[\(target.server.slug)].guardrails.",
                stage: "inspect")
        }
        guard let bytes = inspection.rewritten(forwarded.bytes) else { return reply }
        return .forwarded(
            ForwardedResponse(bytes: bytes, error: nil, resultRange: range.lowerBound..<(range.upperBound + inspection.lengthChange)))
    }

    static func subject(_ target: Target) -> String {
        switch target.kind {
        case .tool: "tool \"\(target.exposedName)\""
        case .prompt: "prompt \"\(target.exposedName)\""
        case .resource, .completion: "resource \"\(target.exposedName)\""
        }
    }
}
