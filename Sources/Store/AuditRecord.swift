// One audited gateway request (or control-plane event), as stored: who called what, through which
// endpoint, how it ended, and what enforcement decided on the way. Every field added after the
// first release is optional, so records written by older versions still decode.
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
    /// The signed-in user (OAuth access tokens), how the caller authenticated (`api_key`,
    /// `access_token`, `certificate`), the OAuth client and the application's project.
    package var user: String?
    package var authMethod: String?
    package var clientID: String?
    package var project: String?
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

    /// `event` for control-plane events (a policy change, a quarantine); absent for requests.
    package var kind: String?
    /// The event's name (`policy_set_changed`, `tool_quarantined`, `tool_approved`, …).
    package var event: String?
    /// The event's details as JSON text (a before/after diff, the new policy ids, …).
    package var details: String?
    /// `allow` or `deny`: the policy decision, when policies were consulted.
    package var decision: String?
    /// The policies that determined a denial (forbids satisfied or that could not be evaluated).
    package var policies: [String]?
    /// The policy-set version decided under.
    package var policySetVersion: Int64?
    /// `policy: message` for each policy that could not be evaluated.
    package var policyErrors: [String]?
    /// What enforce and shadow policies together would have decided (shadow mode).
    package var shadowDecision: String?
    package var shadowPolicies: [String]?
    /// The rate-limit rule that counted the call (the tightest, or the one that refused it).
    package var rateLimitRule: String?
    /// Tokens left in that rule's bucket after the call.
    package var rateLimitRemaining: Int?
    /// For a refused call, seconds until the bucket has a token again.
    package var retryAfterSeconds: Int?
    /// The argument check: `passed`, `failed` or `schema_error`.
    package var validation: String?
    /// Hex SHA-256 of the call's arguments (canonical JSON).
    package var argumentsHash: String?
    /// The raw arguments (compact JSON), only when `gateway.audit.record_arguments` is on.
    package var arguments: String?
    /// Things an operator should know (a deprecated server was called, …).
    package var warnings: [String]?

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

/// A stored record with its place in the hash chain.
package struct ChainedAuditRecord: Sendable, Equatable {
    package var record: AuditRecord
    /// Hex SHA-256 of the previous record's `hash` (64 zeros for the first), or `nil` for records
    /// written before the chain existed.
    package var previousHash: String?
    /// Hex SHA-256 over `previousHash`, the sequence and the stored record text.
    package var hash: String?

    package init(record: AuditRecord, previousHash: String?, hash: String?) {
        self.record = record
        self.previousHash = previousHash
        self.hash = hash
    }
}

/// What `verify` found.
package struct AuditVerification: Sendable, Equatable {
    /// Records read.
    package var records: Int
    /// Records written before the chain began (by an older Gatehouse), at the start of the log.
    package var unchained: Int
    /// The last record's sequence and hash (keep them elsewhere to detect a rewrite of the whole log).
    package var headSequence: Int64?
    package var headHash: String?
    /// Each problem: which record, and what is wrong with it. Empty when the chain is intact.
    package var problems: [String]

    package init(records: Int = 0, unchained: Int = 0, headSequence: Int64? = nil, headHash: String? = nil, problems: [String] = []) {
        self.records = records
        self.unchained = unchained
        self.headSequence = headSequence
        self.headHash = headHash
        self.problems = problems
    }

    package var intact: Bool { problems.isEmpty }
}

/// Where audit records are kept. Appends are durable when the call returns.
package protocol AuditLog: Sendable {
    /// Appends records in order, atomically, assigning their sequence numbers.
    func append(_ records: [AuditRecord]) async throws
    /// The newest `limit` records with a sequence above `after` (all when `nil`), oldest first.
    func tail(limit: Int, after: Int64?) async throws -> [AuditRecord]
    /// Up to `limit` records with a sequence above `after`, oldest first, with their hashes.
    func export(after: Int64?, limit: Int) async throws -> [ChainedAuditRecord]
    /// Walks the whole log and checks every link of the hash chain, each record's hash, and the
    /// head the store keeps (so a truncated tail shows).
    func verify() async throws -> AuditVerification
}
