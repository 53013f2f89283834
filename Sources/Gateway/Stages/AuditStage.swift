// Audit stage (outermost): records every call, refused or served, with its latency and outcome.
// Reads: the call trace filled by inner stages. Writes: nothing in the context. Throws: only what
// inner stages throw (rethrown unchanged). Touches the reply: no.
import Foundation
import MCPCore

/// Records one ``AuditEvent`` per call through the ``AuditSink`` (which queues; recording never
/// waits on storage).
package struct AuditStage: GatewayStage {
    let sink: any AuditSink

    package init(sink: any AuditSink) {
        self.sink = sink
    }

    package func handle(_ call: GatewayCall, context: CallContext, next: NextStage) async throws -> GatewayReply {
        let started = ContinuousClock.now
        let time = Date()
        do {
            let reply = try await next(call, context)
            if case .forwarded(let f) = reply, let upstreamError = f.error {
                sink.record(
                    event(
                        call, context, time, started, outcome: .error, errorCode: upstreamError.code, reason: "upstream_error",
                        message: String(upstreamError.message.prefix(500))))
            } else {
                sink.record(event(call, context, time, started, outcome: .ok))
            }
            return reply
        } catch let error as GatewayError {
            sink.record(
                event(
                    call, context, time, started, outcome: AuditEvent.outcome(of: error), errorCode: error.code.jsonRPCCode.rawValue,
                    reason: error.code.reason, message: error.message))
            throw error
        } catch {
            let reason = error is CancellationError ? GatewayError.Code.cancelled.reason : GatewayError.Code.internalError.reason
            sink.record(event(call, context, time, started, outcome: .error, errorCode: JSONRPCErrorCode.internalError.rawValue, reason: reason))
            throw error
        }
    }

    private func event(
        _ call: GatewayCall, _ context: CallContext, _ time: Date, _ started: ContinuousClock.Instant, outcome: AuditEvent.Outcome,
        errorCode: Int? = nil, reason: String? = nil, message: String? = nil
    ) -> AuditEvent {
        let facts = context.trace.current
        let elapsed = ContinuousClock.now - started
        return AuditEvent(
            time: time, requestID: call.request.id.description, application: facts.application, endpoint: context.endpoint.path,
            method: call.method, server: facts.server, target: facts.target, outcome: outcome,
            latencyMicros: elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000,
            errorCode: errorCode, errorReason: reason, errorMessage: message, protocolVersion: context.protocolVersion.rawValue,
            clientAddress: context.clientAddress, upstream: facts.upstream, guardrails: facts.guardrailHits,
            guardrailsTruncated: facts.guardrailsTruncated)
    }
}
