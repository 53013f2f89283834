// One audited gateway request, as stored: who called what, through which endpoint, and how it ended.
import Foundation

/// A record of one request through the gateway.
package struct AuditRecord: Codable, Sendable, Equatable {
    /// Position in the log, assigned by the store on append (`nil` before).
    package var sequence: Int64?
    package var time: Date
    /// The JSON-RPC id as the client sent it, as text (`7`, `"abc"`), when there was one.
    package var requestID: String?
    /// The application that called, when identified.
    package var application: String?
    /// The MCP endpoint path: `/mcp` or `/servers/{slug}/mcp`.
    package var endpoint: String
    /// The JSON-RPC method, or `http` for requests refused before one could be read.
    package var method: String
    /// The server the request went to (registry slug), when routed.
    package var server: String?
    /// The tool or prompt (upstream name) or resource URI, when the method has one.
    package var target: String?
    /// `ok`, `error` (the upstream or gateway failed), `denied` (refused by identity or policy),
    /// or `rejected` (malformed or unsupported input).
    package var outcome: String
    package var latencyMicros: Int64
    package var errorCode: Int?
    /// A bounded snake_case reason (`unknown_tool`, `upstream_unavailable`, …).
    package var errorReason: String?
    package var errorMessage: String?
    package var protocolVersion: String?
    package var clientAddress: String?
    /// The upstream the call went to: its URL, or `stdio: command …`.
    package var upstream: String?
    /// Guardrail hits of the call (Shield and the external hook); never the matched text.
    package var guardrails: [GuardrailHitRecord]?
    /// Some payload of the call was larger than Shield's scan limit and only partly inspected.
    package var guardrailsTruncated: Bool?

    /// One guardrail hit as stored.
    package struct GuardrailHitRecord: Codable, Sendable, Equatable {
        /// `arguments` or `result`.
        package var phase: String
        /// `secrets`, `ssrf`, …, or `external_hook`.
        package var detector: String
        /// A finer, bounded name: `aws_access_key`, `loopback`, `timeout`, …
        package var kind: String
        /// `block`, `redact` or `flag`.
        package var action: String
        /// JSON pointer to where the match was: `/arguments/url`, `/content/0/text`.
        package var location: String

        package init(phase: String, detector: String, kind: String, action: String, location: String) {
            self.phase = phase
            self.detector = detector
            self.kind = kind
            self.action = action
            self.location = location
        }
    }

    package init(
        sequence: Int64? = nil, time: Date, requestID: String? = nil, application: String? = nil, endpoint: String,
        method: String, server: String? = nil, target: String? = nil, outcome: String, latencyMicros: Int64,
        errorCode: Int? = nil, errorReason: String? = nil, errorMessage: String? = nil, protocolVersion: String? = nil,
        clientAddress: String? = nil, upstream: String? = nil, guardrails: [GuardrailHitRecord]? = nil, guardrailsTruncated: Bool? = nil
    ) {
        self.upstream = upstream
        self.guardrails = guardrails
        self.guardrailsTruncated = guardrailsTruncated
        self.sequence = sequence
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
}

/// Where audit records are kept. Appends are durable when the call returns.
package protocol AuditLog: Sendable {
    /// Appends records in order, atomically, assigning their sequence numbers.
    func append(_ records: [AuditRecord]) async throws
    /// The newest `limit` records with a sequence above `after` (all when `nil`), oldest first.
    func tail(limit: Int, after: Int64?) async throws -> [AuditRecord]
}
