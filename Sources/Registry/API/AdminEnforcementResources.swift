// The admin API's shapes for enforcement: policies, policy tests, rate limits, approvals of
// changed definitions, and the audit trail's export and verification. Shared by the server, the
// in-process client and the HTTP client, as the other admin shapes are.
import Foundation
import JSONSchema
import Store

/// An attached policy as the API shows it.
package struct PolicyResource: Codable, Sendable, Equatable {
    package var id: String
    /// Absent when attached to the whole project.
    package var server: String?
    package var mode: String
    package var cedar: String
    package var description: String?
    package var managedBy: String?

    enum CodingKeys: String, CodingKey {
        case id, server, mode, cedar, description
        case managedBy = "managed_by"
    }

    package init(_ entry: PolicyEntry) {
        id = entry.id
        server = entry.server
        mode = entry.mode
        cedar = entry.cedar
        description = entry.description
        managedBy = entry.managedBy
    }
}

/// Every attached policy and the policy-set version.
package struct PolicyList: Codable, Sendable, Equatable {
    package var version: Int64
    package var policies: [PolicyResource]
    package init(version: Int64, policies: [PolicyResource]) {
        self.version = version
        self.policies = policies
    }
}

/// The result of a policy change: the policy, the new policy-set version, and warnings.
package struct PolicyChange: Codable, Sendable, Equatable {
    package var policy: PolicyResource
    package var version: Int64
    package var diagnostics: [Diagnostic]
    package init(policy: PolicyResource, version: Int64, diagnostics: [Diagnostic]) {
        self.policy = policy
        self.version = version
        self.diagnostics = diagnostics
    }
}

/// `POST /api/v1/policies/test`: what the gateway would decide for one call.
package struct PolicyTestRequest: Codable, Sendable, Equatable {
    package var application: String
    /// `slug/name`.
    package var tool: String
    /// The call's arguments (a JSON object).
    package var arguments: AnyJSON?
    /// The client address to put in the context (absent: none).
    package var clientAddress: String?

    enum CodingKeys: String, CodingKey {
        case application, tool, arguments
        case clientAddress = "client_address"
    }

    package init(application: String, tool: String, arguments: JSONValue? = nil, clientAddress: String? = nil) {
        self.application = application
        self.tool = tool
        self.arguments = arguments.map(AnyJSON.init)
        self.clientAddress = clientAddress
    }
}

/// What a policy test found.
package struct PolicyTestResult: Codable, Sendable, Equatable {
    /// `allow` or `deny`.
    package var decision: String
    /// Which step decided a denial: `server_status`, `allow_list`, `enablement`, `quarantine`,
    /// `policy` (a target policy: the tool is hidden), `argument_policy` (this call only).
    package var deniedBy: String?
    /// Why, in the words the caller (or audit record) would read.
    package var reason: String?
    /// The policies that determined a denial, or could not be evaluated.
    package var determiningPolicies: [String]
    /// `policy: message` for each policy that could not be evaluated (they refuse: fail closed).
    package var errors: [String]
    /// Whether `tools/list` shows the tool to this application.
    package var listed: Bool
    /// What enforce and shadow policies together would decide, when shadow policies apply.
    package var shadowDecision: String?
    package var shadowPolicies: [String]?
    package var policySetVersion: Int64

    enum CodingKeys: String, CodingKey {
        case decision, reason, errors, listed
        case deniedBy = "denied_by"
        case determiningPolicies = "determining_policies"
        case shadowDecision = "shadow_decision"
        case shadowPolicies = "shadow_policies"
        case policySetVersion = "policy_set_version"
    }
}

/// A rate-limit rule as the API shows it.
package struct RateLimitResource: Codable, Sendable, Equatable {
    package var id: String
    package var application: String?
    package var user: String?
    package var server: String?
    package var tool: String?
    package var project: String?
    package var limit: Int
    package var periodSeconds: Int
    package var burst: Int?
    package var managedBy: String?

    enum CodingKeys: String, CodingKey {
        case id, application, user, server, tool, project, limit, burst
        case periodSeconds = "period_seconds"
        case managedBy = "managed_by"
    }

    package init(_ e: RateLimitEntry) {
        id = e.id
        application = e.application
        user = e.user
        server = e.server
        tool = e.tool
        project = e.project
        limit = e.limit
        periodSeconds = e.periodSeconds
        burst = e.burst
        managedBy = e.managedBy
    }
}

package struct RateLimitList: Codable, Sendable, Equatable {
    package var rateLimits: [RateLimitResource]
    enum CodingKeys: String, CodingKey { case rateLimits = "rate_limits" }
    package init(rateLimits: [RateLimitResource]) { self.rateLimits = rateLimits }
}

package struct RateLimitChange: Codable, Sendable, Equatable {
    package var rateLimit: RateLimitResource
    package var diagnostics: [Diagnostic]
    enum CodingKeys: String, CodingKey {
        case diagnostics
        case rateLimit = "rate_limit"
    }
    package init(rateLimit: RateLimitResource, diagnostics: [Diagnostic]) {
        self.rateLimit = rateLimit
        self.diagnostics = diagnostics
    }
}

/// `POST /api/v1/servers/{slug}/approve`: approve the current definitions (`["*"]` for all).
package struct ApproveRequest: Codable, Sendable, Equatable {
    package var tools: [String]?
    package var prompts: [String]?
    package init(tools: [String]? = nil, prompts: [String]? = nil) {
        self.tools = tools
        self.prompts = prompts
    }
}

/// One exported audit record: the record, and its place in the hash chain.
package struct ExportedAuditRecord: Codable, Sendable, Equatable {
    package var record: AuditRecordResource
    package var previousHash: String?
    package var hash: String?

    enum CodingKeys: String, CodingKey {
        case record, hash
        case previousHash = "previous_hash"
    }
}

package struct AuditExport: Codable, Sendable, Equatable {
    package var records: [ExportedAuditRecord]
    package init(records: [ExportedAuditRecord]) { self.records = records }
}

/// What `audit verify` found.
package struct AuditVerificationResource: Codable, Sendable, Equatable {
    package var intact: Bool
    package var records: Int
    package var unchained: Int
    package var headSequence: Int64?
    package var headHash: String?
    package var problems: [String]

    enum CodingKeys: String, CodingKey {
        case intact, records, unchained, problems
        case headSequence = "head_sequence"
        case headHash = "head_hash"
    }

    package init(_ v: AuditVerification) {
        intact = v.intact
        records = v.records
        unchained = v.unchained
        headSequence = v.headSequence
        headHash = v.headHash
        problems = v.problems
    }
}

/// A JSON value that travels through `Codable` (tool arguments in a policy test).
package struct AnyJSON: Codable, Sendable, Equatable {
    package var value: JSONValue

    package init(_ value: JSONValue) { self.value = value }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    package init(from decoder: any Decoder) throws {
        if var array = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !array.isAtEnd { items.append(try array.decode(AnyJSON.self).value) }
            value = .array(items)
        } else if let object = try? decoder.container(keyedBy: Key.self) {
            var o = JSONObject()
            for key in object.allKeys { o[key.stringValue] = try object.decode(AnyJSON.self, forKey: key).value }
            value = .object(o)
        } else {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() {
                value = .null
            } else if let b = try? single.decode(Bool.self) {
                value = .bool(b)
            } else if let i = try? single.decode(Int64.self) {
                value = .int(i)
            } else if let d = try? single.decode(Double.self) {
                value = .double(d)
            } else {
                value = .string(try single.decode(String.self))
            }
        }
    }

    package func encode(to encoder: any Encoder) throws {
        switch value {
        case .null:
            var c = encoder.singleValueContainer()
            try c.encodeNil()
        case .bool(let b):
            var c = encoder.singleValueContainer()
            try c.encode(b)
        case .int(let i):
            var c = encoder.singleValueContainer()
            try c.encode(i)
        case .double(let d):
            var c = encoder.singleValueContainer()
            try c.encode(d)
        case .string(let s):
            var c = encoder.singleValueContainer()
            try c.encode(s)
        case .array(let items):
            var c = encoder.unkeyedContainer()
            for item in items { try c.encode(AnyJSON(item)) }
        case .object(let o):
            var c = encoder.container(keyedBy: Key.self)
            for (k, v) in o { try c.encode(AnyJSON(v), forKey: Key(stringValue: k)) }
        }
    }
}
