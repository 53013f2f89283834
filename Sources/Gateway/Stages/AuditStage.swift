// Audit stage (outermost): records every call, refused or served, with its latency and outcome.
// Reads: the call trace filled by inner stages. Writes: nothing in the context. Throws: only what
// inner stages throw (rethrown unchanged). Touches the reply: no.
import Crypto
import Foundation
import JSONSchema
import MCPCore

/// Records one ``AuditEvent`` per call through the ``AuditSink`` (which queues; recording never
/// waits on storage).
package struct AuditStage: GatewayStage {
    let sink: any AuditSink
    /// Whether records keep the raw arguments (`gateway.audit.record_arguments`); they always keep
    /// their hash.
    let recordArguments: Bool

    package init(sink: any AuditSink, recordArguments: Bool = false) {
        self.sink = sink
        self.recordArguments = recordArguments
    }

    package func handle(_ call: GatewayCall, context: CallContext, next: NextStage) async throws -> GatewayReply {
        let started = ContinuousClock.now
        let time = Date()
        do {
            let reply = try await next(call, context)
            let refusal = context.trace.current.enforcement
            if let reason = refusal.refusalReason {
                // A stage answered with a tool error instead of calling the upstream.
                sink.record(
                    event(call, context, time, started, outcome: .rejected, errorCode: nil, reason: reason, message: refusal.refusalMessage))
            } else if case .forwarded(let f) = reply, let upstreamError = f.error {
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

    /// Hex SHA-256 of the canonical JSON of a call's arguments (sorted keys, normalised numbers),
    /// so equal arguments hash alike whatever their key order.
    package static func argumentsHash(_ arguments: JSONValue) -> String {
        SHA256.hash(data: arguments.serialized(.canonical)).hexEncoded
    }

    private func event(
        _ call: GatewayCall, _ context: CallContext, _ time: Date, _ started: ContinuousClock.Instant, outcome: AuditEvent.Outcome,
        errorCode: Int? = nil, reason: String? = nil, message: String? = nil
    ) -> AuditEvent {
        let facts = context.trace.current
        let elapsed = ContinuousClock.now - started
        var enforcement = facts.enforcement
        if let arguments = call.request.params?["arguments"], call.method == MCPMethod.toolsCall || call.method == MCPMethod.promptsGet {
            enforcement.argumentsHash = Self.argumentsHash(arguments)
            if recordArguments { enforcement.arguments = arguments.jsonString() }
        }
        var event = AuditEvent(
            time: time, requestID: call.request.id.description, application: facts.application, endpoint: context.endpoint.path,
            method: call.method, server: facts.server, target: facts.target, outcome: outcome,
            latencyMicros: elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000,
            errorCode: errorCode, errorReason: reason, errorMessage: message, protocolVersion: context.protocolVersion.rawValue,
            clientAddress: context.clientAddress, enforcement: enforcement, upstream: facts.upstream, guardrails: facts.guardrailHits,
            guardrailsTruncated: facts.guardrailsTruncated)
        event.user = facts.user
        event.authMethod = facts.authMethod
        event.clientID = facts.clientID
        event.project = facts.project
        return event
    }
}
