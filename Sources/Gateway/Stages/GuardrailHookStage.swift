// Guardrail-hook stage: asks the external guardrail service configured for the server (or the
// project) about one phase of a call, after Gatehouse's own detectors, and applies its verdict:
// allow, block, or redact with the rewritten arguments or result it returns. A hook that fails
// (timeout, refused connection, bad answer) lets the call through or refuses it, as the hook's
// `on_failure` says. One instance per phase; see docs/guardrails.md for the contract.
// Reads: route, principal, server policy, the trace's hits. Writes: the verdict to the trace;
// rewritten arguments into the request. Throws: `.blockedByGuardrail`, `.guardrailUnavailable`.
// Touches the reply: the result phase may replace a forwarded result.
import Guardrails
import JSONSchema
import MCPCore

/// Sends a hook request and returns the answer's body.
package protocol GuardrailHookClient: Sendable {
    /// POSTs `body` to the hook and returns its 200 response body.
    /// - Throws: ``HookFailure`` (`timeout`, `unreachable`, `http_status`).
    func post(_ body: [UInt8], to settings: HookSettings) async throws(HookFailure) -> [UInt8]
}

/// Runs one phase of the external hook.
package struct GuardrailHookStage: GatewayStage {
    let phase: Phase
    let shield: ShieldConfiguration
    let client: any GuardrailHookClient

    package init(phase: Phase, shield: ShieldConfiguration, client: any GuardrailHookClient) {
        self.phase = phase
        self.shield = shield
        self.client = client
    }

    package func handle(_ call: GatewayCall, context: CallContext, next: NextStage) async throws -> GatewayReply {
        guard case .target(let target) = try context.requireRoute(), target.kind == .tool || target.kind == .prompt || target.kind == .resource,
            let settings = shield.hook(server: target.server.guardrails), settings.covers(phase)
        else { return try await next(call, context) }
        switch phase {
        case .arguments:
            var call = call
            // A resource read has no arguments: the hook sees its URI (and cannot rewrite it).
            let arguments: JSONObject =
                target.kind == .resource
                ? ["uri": call.request.params?["uri"] ?? .null] : call.request.params?["arguments"]?.objectValue ?? [:]
            if let verdict = try await ask(settings, target: target, call: call, context: context, payload: arguments), target.kind != .resource {
                if verdict.decision == .redact, let replacement = verdict.arguments { call.request.params?["arguments"] = .object(replacement) }
            }
            return try await next(call, context)
        case .result:
            let reply = try await next(call, context)
            guard case .forwarded(let forwarded) = reply, forwarded.error == nil, let range = forwarded.resultRange,
                let result = (try? JSONParser.parse(forwarded.bytes[range]))?.objectValue
            else { return reply }
            guard let verdict = try await ask(settings, target: target, call: call, context: context, payload: result), verdict.decision == .redact,
                let replacement = verdict.result
            else { return reply }
            let encoded = JSONValue.object(replacement).serialized()
            var bytes = Array(forwarded.bytes[..<range.lowerBound])
            bytes += encoded
            bytes += forwarded.bytes[range.upperBound...]
            return .forwarded(ForwardedResponse(bytes: bytes, error: nil, resultRange: range.lowerBound..<(range.lowerBound + encoded.count)))
        }
    }

    /// Asks the hook; returns its verdict (nil when it failed open), throws when it blocks or
    /// failed closed.
    private func ask(_ settings: HookSettings, target: Target, call: GatewayCall, context: CallContext, payload: JSONObject) async throws(GatewayError)
        -> HookVerdict?
    {
        let hits = context.trace.current.guardrailHits.filter { $0.phase == phase }
        let request = HookContract.request(
            phase: phase, server: target.server.slug, method: call.method, target: target.upstreamName, application: context.principal?.application,
            payload: payload, hits: hits, user: context.principal?.user, project: context.principal?.project)
        let location = phase == .arguments ? "/arguments" : ""
        do {
            let body = try await client.post(request.serialized(), to: settings)
            let verdict = try HookContract.verdict(body, phase: phase)
            switch verdict.decision {
            case .allow:
                return verdict
            case .block:
                context.trace.recordGuardrails([GuardrailHit(phase: phase, detector: "external_hook", kind: "verdict", action: .block, location: location)], truncated: false)
                let reason = verdict.reason.map { ": \($0)" } ?? "."
                throw GatewayError(
                    .blockedByGuardrail,
                    phase == .arguments
                        ? "\(InspectArgumentsStage.subject(target)) refused by the external guardrail\(reason)"
                        : "The result of \(InspectResultStage.subject(target)) was withheld by the external guardrail\(reason)",
                    stage: "guardrail_hook")
            case .redact:
                context.trace.recordGuardrails([GuardrailHit(phase: phase, detector: "external_hook", kind: "verdict", action: .redact, location: location)], truncated: false)
                return verdict
            }
        } catch let failure as HookFailure {
            let open = settings.onFailure == .failOpen
            context.trace.recordGuardrails(
                [GuardrailHit(phase: phase, detector: "external_hook", kind: failure.kind, action: open ? .flag : .block, location: location)], truncated: false)
            context.logger.warning(
                "External guardrail failed", metadata: ["gatehouse.server": "\(target.server.slug)", "gatehouse.hook.failure": "\(failure.kind)", "error": "\(failure.description)"])
            if open { return nil }
            throw GatewayError(
                .guardrailUnavailable,
                "The external guardrail for server \"\(target.server.slug)\" at \(settings.url) failed (\(failure.description)), so the call is refused (on_failure: fail_closed).",
                stage: "guardrail_hook", underlying: failure)
        } catch let error as GatewayError {
            throw error
        } catch {
            throw GatewayError(.internalError, "Internal error.", stage: "guardrail_hook", underlying: error)
        }
    }
}
