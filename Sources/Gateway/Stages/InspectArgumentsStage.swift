// Inspect-arguments stage: Gatehouse's own detectors over what a call sends upstream: tool and
// prompt arguments (shell and SQL injection, path traversal, SSRF, secrets) and resource URIs
// (path traversal). Reads: the route, the server's guardrail policy, the project's Shield settings.
// Writes: the hits to the call trace (for audit); redacted arguments into the request.
// Throws: `.blockedByGuardrail`. Touches the reply: no.
import Guardrails
import JSONSchema
import Logging
import MCPCore

/// Applies the argument detectors' actions: block refuses the call, redact rewrites the argument,
/// flag records.
package struct InspectArgumentsStage: GatewayStage {
    let shield: ShieldConfiguration

    package init(shield: ShieldConfiguration) {
        self.shield = shield
    }

    package func handle(_ call: GatewayCall, context: CallContext, next: NextStage) async throws -> GatewayReply {
        guard case .target(let target) = try context.requireRoute() else { return try await next(call, context) }
        var actions = shield.actions(server: target.server.guardrails, tool: target.kind == .tool ? target.upstreamName : nil)
        let key: String
        let prefix: String
        switch target.kind {
        case .tool, .prompt:
            key = "arguments"
            prefix = "/arguments"
        case .resource:
            // A resource URI is the server's own address space: only traversal out of it counts
            // (an SSRF rule would refuse every file:// resource).
            for d in DetectorID.allCases where d != .pathTraversal { actions[d] = .off }
            key = "uri"
            prefix = "/uri"
        case .completion:
            return try await next(call, context)
        }
        let inspector = PayloadInspector(phase: .arguments, actions: actions, maxScanBytes: shield.maxScanBytes)
        guard inspector.isActive, let value = call.request.params?[key] else { return try await next(call, context) }
        let (inspection, rewritten) = inspector.inspect(value: value, pointerPrefix: prefix)
        guard !inspection.isClean || inspection.truncated else { return try await next(call, context) }
        context.recordShieldInspection(inspection, "Shield: argument hits", server: target.server.slug)
        if let blocked = inspection.blockedBy {
            throw GatewayError(
                .blockedByGuardrail,
                "\(Self.subject(target)) refused by Gatehouse Shield: \(blocked.detector) (\(blocked.kind)) at \(blocked.location). "
                    + "If this is expected for this tool, an operator can set servers[\(target.server.slug)].guardrails.tools.\(target.upstreamName).\(blocked.detector) to flag.",
                stage: "inspect")
        }
        var call = call
        if let rewritten { call.request.params?[key] = rewritten }
        return try await next(call, context)
    }

    /// `Arguments of tool "notes__run" were` / `The URI of resource "…" was`.
    static func subject(_ target: Target) -> String {
        switch target.kind {
        case .tool: "Arguments of tool \"\(target.exposedName)\" were"
        case .prompt: "Arguments of prompt \"\(target.exposedName)\" were"
        case .resource, .completion: "The URI of resource \"\(target.exposedName)\" was"
        }
    }
}

extension CallContext {
    /// Puts a Shield inspection on the call's record (for audit) and logs that it found something;
    /// shared by the argument and result stages.
    func recordShieldInspection(_ inspection: Inspection, _ message: Logger.Message, server: String) {
        trace.recordGuardrails(inspection.hits, truncated: inspection.truncated)
        guard !inspection.isClean else { return }
        logger.info(message, metadata: ["gatehouse.server": "\(server)", "gatehouse.guardrail.hits": "\(inspection.hits.count + inspection.unrecordedHits)"])
    }
}
