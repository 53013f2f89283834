// Request bodies and mutation responses of the admin API (see `AdminResources.swift` for the
// entries themselves), the error envelope, and the JSON coders every side uses.
import Foundation
import Store

/// `POST /api/v1/keys`.
package struct CreateKeyRequest: Codable, Sendable, Equatable {
    package var application: String
    /// A duration such as `30d` or `12h`; or give `expires_at`; neither means no expiry.
    package var expiresIn: String?
    package var expiresAt: Date?

    enum CodingKeys: String, CodingKey {
        case application
        case expiresIn = "expires_in"
        case expiresAt = "expires_at"
    }

    package init(application: String, expiresIn: String? = nil, expiresAt: Date? = nil) {
        self.application = application
        self.expiresIn = expiresIn
        self.expiresAt = expiresAt
    }
}

/// A new key: the secret, shown this once, and its stored record.
package struct CreatedKeyResource: Codable, Sendable, Equatable {
    package var key: String
    package var apiKey: KeyResource

    enum CodingKeys: String, CodingKey {
        case key
        case apiKey = "api_key"
    }

    package init(key: String, apiKey: KeyResource) {
        self.key = key
        self.apiKey = apiKey
    }
}

/// `POST /api/v1/servers/{slug}/tools/enable` and `/disable`.
package struct ToolNamesRequest: Codable, Sendable, Equatable {
    package var tools: [String]
    package init(tools: [String]) { self.tools = tools }
}

/// The result of a server change, with warnings.
package struct ServerChange: Codable, Sendable, Equatable {
    package var server: ServerResource
    package var diagnostics: [Diagnostic]
    package init(server: ServerResource, diagnostics: [Diagnostic]) {
        self.server = server
        self.diagnostics = diagnostics
    }
}

/// The result of enabling or disabling tools, with warnings.
package struct ToolChange: Codable, Sendable, Equatable {
    package var tools: ToolListResource
    package var diagnostics: [Diagnostic]
    package init(tools: ToolListResource, diagnostics: [Diagnostic]) {
        self.tools = tools
        self.diagnostics = diagnostics
    }
}

/// The result of an application change, with warnings.
package struct ApplicationChange: Codable, Sendable, Equatable {
    package var application: ApplicationResource
    package var diagnostics: [Diagnostic]
    package init(application: ApplicationResource, diagnostics: [Diagnostic]) {
        self.application = application
        self.diagnostics = diagnostics
    }
}

/// `POST /api/v1/apply`.
package struct ApplyRequest: Codable, Sendable, Equatable {
    /// The configuration text, YAML or JSON.
    package var config: String
    /// The identity the entries are marked with (`managed_by`): by convention the absolute path
    /// of the file the text came from. Applying again with the same source prunes what it no
    /// longer declares.
    package var source: String
    /// How diagnostics name the file; defaults to `source`.
    package var file: String?
    package var dryRun: Bool?

    enum CodingKeys: String, CodingKey {
        case config, source, file
        case dryRun = "dry_run"
    }

    package init(config: String, source: String, file: String? = nil, dryRun: Bool = false) {
        self.config = config
        self.source = source
        self.file = file
        self.dryRun = dryRun
    }
}

/// What an apply did (or would do).
package struct ApplyResponse: Codable, Sendable, Equatable {
    package var source: String
    package var dryRun: Bool
    package var changes: [RegistryChange]
    package var unchanged: Int
    /// The diff as printed by `gatehouse apply`.
    package var lines: [String]
    package var diagnostics: [Diagnostic]
    package var generation: Int64

    enum CodingKeys: String, CodingKey {
        case source, changes, unchanged, lines, diagnostics, generation
        case dryRun = "dry_run"
    }

    package init(_ result: ApplyResult) {
        source = result.source
        dryRun = result.dryRun
        changes = result.changes
        unchanged = result.unchanged
        lines = result.lines
        diagnostics = result.diagnostics
        generation = result.generation
    }
}

/// One audit record.
package struct AuditRecordResource: Codable, Sendable, Equatable {
    package var sequence: Int64
    package var time: Date
    package var requestID: String?
    package var application: String?
    package var endpoint: String
    package var method: String
    package var server: String?
    package var target: String?
    package var outcome: String
    package var latencyMicros: Int64
    package var errorCode: Int?
    package var errorReason: String?
    package var errorMessage: String?
    package var protocolVersion: String?
    package var clientAddress: String?
    package var user: String?
    package var authMethod: String?
    package var clientID: String?
    package var project: String?
    package var kind: String?
    package var event: String?
    /// The event's details as JSON text.
    package var details: String?
    package var decision: String?
    package var policies: [String]?
    package var policySetVersion: Int64?
    package var policyErrors: [String]?
    package var shadowDecision: String?
    package var shadowPolicies: [String]?
    package var rateLimitRule: String?
    package var rateLimitRemaining: Int?
    package var retryAfterSeconds: Int?
    package var validation: String?
    package var argumentsHash: String?
    package var arguments: String?
    package var warnings: [String]?

    /// The upstream the call went to (URL, or `stdio: command …`).
    package var upstream: String?
    /// Guardrail hits: phase, detector, kind, action, location (never the matched text).
    package var guardrails: [AuditRecord.GuardrailHitRecord]?
    package var guardrailsTruncated: Bool?

    enum CodingKeys: String, CodingKey {
        case sequence, time, application, endpoint, method, server, target, outcome, upstream, guardrails
        case kind, event, details, decision, policies, validation, arguments, warnings, user, project
        case authMethod = "auth_method"
        case clientID = "client_id"
        case policySetVersion = "policy_set_version"
        case policyErrors = "policy_errors"
        case shadowDecision = "shadow_decision"
        case shadowPolicies = "shadow_policies"
        case rateLimitRule = "rate_limit_rule"
        case rateLimitRemaining = "rate_limit_remaining"
        case retryAfterSeconds = "retry_after_seconds"
        case argumentsHash = "arguments_hash"
        case guardrailsTruncated = "guardrails_truncated"
        case requestID = "request_id"
        case latencyMicros = "latency_us"
        case errorCode = "error_code"
        case errorReason = "error_reason"
        case errorMessage = "error_message"
        case protocolVersion = "protocol_version"
        case clientAddress = "client_address"
    }

    package init(_ record: AuditRecord) {
        sequence = record.sequence ?? 0
        time = record.time
        requestID = record.requestID
        application = record.application
        endpoint = record.endpoint
        method = record.method
        server = record.server
        target = record.target
        outcome = record.outcome
        latencyMicros = record.latencyMicros
        errorCode = record.errorCode
        errorReason = record.errorReason
        errorMessage = record.errorMessage
        protocolVersion = record.protocolVersion
        clientAddress = record.clientAddress
        user = record.user
        authMethod = record.authMethod
        clientID = record.clientID
        project = record.project
        kind = record.kind
        event = record.event
        details = record.details
        decision = record.decision
        policies = record.policies
        policySetVersion = record.policySetVersion
        policyErrors = record.policyErrors
        shadowDecision = record.shadowDecision
        shadowPolicies = record.shadowPolicies
        rateLimitRule = record.rateLimitRule
        rateLimitRemaining = record.rateLimitRemaining
        retryAfterSeconds = record.retryAfterSeconds
        validation = record.validation
        argumentsHash = record.argumentsHash
        arguments = record.arguments
        warnings = record.warnings
        upstream = record.upstream
        guardrails = record.guardrails
        guardrailsTruncated = record.guardrailsTruncated
    }
}

/// Lists are wrapped in objects so fields can be added beside them later.
package struct ServerList: Codable, Sendable, Equatable {
    package var servers: [ServerResource]
    package init(servers: [ServerResource]) { self.servers = servers }
}

package struct ApplicationList: Codable, Sendable, Equatable {
    package var applications: [ApplicationResource]
    package init(applications: [ApplicationResource]) { self.applications = applications }
}

package struct KeyList: Codable, Sendable, Equatable {
    package var keys: [KeyResource]
    package init(keys: [KeyResource]) { self.keys = keys }
}

package struct AuditTail: Codable, Sendable, Equatable {
    package var records: [AuditRecordResource]
    package init(records: [AuditRecordResource]) { self.records = records }
}

/// Every error response: `{"error": {"code": "not_found", "message": "…", "diagnostics": […]}}`.
package struct ErrorResponse: Codable, Sendable, Equatable {
    package struct Body: Codable, Sendable, Equatable {
        package var code: String
        package var message: String
        package var diagnostics: [Diagnostic]?
    }

    package var error: Body

    package init(_ error: RegistryError) {
        self.error = Body(code: error.code.rawValue, message: error.message, diagnostics: error.diagnostics.isEmpty ? nil : error.diagnostics)
    }
}

/// The JSON coders of the admin API.
package enum AdminJSON {
    package static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        }
        return encoder
    }

    package static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
            if let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) { return date }
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected an ISO 8601 date such as 2026-01-31T12:00:00Z, got \"\(text.prefix(40))\"")
        }
        return decoder
    }
}
