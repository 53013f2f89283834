// What the data plane hands to the audit trail: one event per request, given without waiting.
import Foundation
import Guardrails

/// Receives audit events. `record` must not block or fail the request: implementations queue.
package protocol AuditSink: Sendable {
    func record(_ event: AuditEvent)
}

/// One request's audit facts.
package struct AuditEvent: Sendable, Equatable {
    package enum Outcome: String, Sendable {
        /// Served (an upstream tool error with `isError: true` is still `ok`: the call happened).
        case ok
        /// The gateway or the upstream failed.
        case error
        /// Refused by identity or authorization.
        case denied
        /// Malformed or unsupported input.
        case rejected
    }

    package var time: Date
    package var requestID: String?
    package var application: String?
    package var endpoint: String
    package var method: String
    package var server: String?
    package var target: String?
    package var outcome: Outcome
    package var latencyMicros: Int64
    package var errorCode: Int?
    package var errorReason: String?
    package var errorMessage: String?
    package var protocolVersion: String?
    package var clientAddress: String?
    /// The signed-in user, how the caller authenticated, its OAuth client and project (identify).
    package var user: String?
    package var authMethod: String?
    package var clientID: String?
    package var project: String?
    /// What enforcement learnt on the way (policy decisions, rate limits, validation, warnings).
    package var enforcement: CallTrace.Enforcement
    /// The upstream the call went to (URL, or `stdio: command …`).
    package var upstream: String?
    /// Shield hits: detector, kind, action, location; never the matched text.
    package var guardrails: [GuardrailHit]
    /// Some payload of the call was larger than Shield's scan limit.
    package var guardrailsTruncated: Bool

    package init(
        time: Date, requestID: String? = nil, application: String? = nil, endpoint: String, method: String, server: String? = nil,
        target: String? = nil, outcome: Outcome, latencyMicros: Int64, errorCode: Int? = nil, errorReason: String? = nil,
        errorMessage: String? = nil, protocolVersion: String? = nil, clientAddress: String? = nil, enforcement: CallTrace.Enforcement = .init(),
        upstream: String? = nil, guardrails: [GuardrailHit] = [], guardrailsTruncated: Bool = false
    ) {
        self.enforcement = enforcement
        self.upstream = upstream
        self.guardrails = guardrails
        self.guardrailsTruncated = guardrailsTruncated
        self.time = time
        self.requestID = requestID
        self.application = application
        self.endpoint = endpoint
        self.method = method
        self.server = server
        self.target = target
        self.outcome = outcome
        self.latencyMicros = latencyMicros
        self.errorCode = errorCode
        self.errorReason = errorReason
        self.errorMessage = errorMessage
        self.protocolVersion = protocolVersion
        self.clientAddress = clientAddress
    }

    /// The outcome class of a gateway error.
    package static func outcome(of error: GatewayError) -> Outcome {
        switch error.code {
        case .unauthenticated, .notAllowed, .toolDisabled, .serverUnavailable, .forbiddenOrigin, .serverRetired, .policyDenied, .argumentsDenied,
            .quarantined, .rateLimited, .blockedByGuardrail:
            .denied
        case .parseError, .invalidRequest, .bodyTooLarge, .methodNotFound, .invalidParams, .unsupportedProtocolVersion, .headerMismatch,
            .missingMeta, .sessionRequired, .sessionNotFound, .unknownServer, .unknownTool, .unknownPrompt, .unknownResource, .unknownVersion,
            .invalidArguments:
            .rejected
        default: .error
        }
    }
}
