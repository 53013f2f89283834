// Validate-arguments stage: checks a `tools/call`'s arguments against the tool's `inputSchema`,
// compiled once per tool definition when the directory is built (never per call).
// Reads: route, the tool's compiled schema. Writes: trace (validation outcome).
// Answers: arguments that do not match come back as a tool error (`isError: true` result naming
// each path and rule), as MCP asks since SEP-1303 (2025-11-25): the model sees what to fix and can
// retry. Throws: `.invalidArguments` when the tool's own schema does not compile (nothing the
// caller can fix). Touches the reply: no (it answers instead of calling `next`).
import Enforcement
import JSONSchema
import MCPCore

/// Refuses tool calls whose arguments do not match the tool's input schema.
package struct ValidateArgumentsStage: GatewayStage {
    /// Most failures listed in one answer.
    let maxErrors: Int

    package init(maxErrors: Int = 5) {
        self.maxErrors = maxErrors
    }

    package func handle(_ call: GatewayCall, context: CallContext, next: NextStage) async throws -> GatewayReply {
        guard call.method == MCPMethod.toolsCall, case .target(let target) = try context.requireRoute(), target.kind == .tool,
            let tool = target.server.tool(named: target.upstreamName)
        else { return try await next(call, context) }
        let check = tool.arguments.check(call.request.params?["arguments"])
        context.trace.record { $0.enforcement.validation = check.outcome }
        switch check {
        case .valid:
            return try await next(call, context)
        case .unusable(let reason):
            throw GatewayError(
                .invalidArguments,
                "Tool \"\(target.exposedName)\" cannot be called: its input schema does not compile (\(reason)); the server \"\(target.server.slug)\" must fix it.",
                stage: "validate")
        case .invalid(let errors):
            let shown = errors.prefix(maxErrors).joined(separator: "; ")
            let more = errors.count > maxErrors ? " (and \(errors.count - maxErrors) more)" : ""
            let message = "Arguments for tool \"\(target.exposedName)\" are invalid: \(shown)\(more)."
            context.trace.record { f in
                f.enforcement.refusalReason = GatewayError.Code.invalidArguments.reason
                f.enforcement.refusalMessage = message
            }
            return .result(.object(["content": .array([.object(["type": "text", "text": .string(message)])]), "isError": true]))
        }
    }
}
