// The JSON shapes of the admin API, shared by the server (`AdminAPI`), the in-process client and
// the HTTP client, so all three agree by construction. Keys are snake_case like the YAML file;
// dates are ISO 8601 with milliseconds. Secrets never appear: header and environment values of
// upstreams are reduced to their names, API keys to their display prefix (a new key's secret is
// returned once, by the create call).
import Foundation
import JSONSchema
import Store

/// A registered server as the API shows it.
package struct ServerResource: Codable, Sendable, Equatable {
    package var slug: String
    package var name: String
    package var title: String?
    package var description: String?
    package var version: String?
    package var status: String
    package var upstream: UpstreamResource
    package var tools: ToolSelectionDefinition
    /// The configuration file that manages the entry, or absent when created through the CLI/API.
    package var managedBy: String?
    /// The last discovery, when there was one.
    package var discovery: DiscoveryResource?

    enum CodingKeys: String, CodingKey {
        case slug, name, title, description, version, status, upstream, tools, discovery
        case managedBy = "managed_by"
    }

    package init(_ entry: ServerEntry, catalog: DiscoveredCatalog?) {
        slug = entry.slug
        name = entry.name
        title = entry.title
        description = entry.description
        version = entry.version
        status = entry.status.rawValue
        upstream = UpstreamResource(entry.upstream)
        tools = ToolSelectionDefinition(enabled: entry.tools.enabled, disabled: entry.tools.disabled)
        managedBy = entry.managedBy
        discovery = catalog.map(DiscoveryResource.init)
    }
}

/// An upstream without its secrets.
package struct UpstreamResource: Codable, Sendable, Equatable {
    /// `http` (Streamable HTTP) or `stdio`.
    package var transport: String
    package var url: String?
    /// Names of the static headers sent upstream (values are not shown).
    package var headerNames: [String]?
    package var command: String?
    package var args: [String]?
    /// Names of the environment variables set for the process (values are not shown).
    package var envNames: [String]?
    package var workingDirectory: String?

    enum CodingKeys: String, CodingKey {
        case transport, url, command, args
        case headerNames = "header_names"
        case envNames = "env_names"
        case workingDirectory = "working_directory"
    }

    package init(_ spec: UpstreamSpec) {
        switch spec {
        case .http(let http):
            transport = "http"
            url = http.url
            headerNames = http.headers.keys.sorted()
        case .stdio(let stdio):
            transport = "stdio"
            command = stdio.command
            args = stdio.args
            envNames = stdio.env.keys.sorted()
            workingDirectory = stdio.workingDirectory
        }
    }
}

/// When a server was last discovered and what was found.
package struct DiscoveryResource: Codable, Sendable, Equatable {
    package var discoveredAt: Date
    package var protocolVersion: String?
    package var toolCount: Int
    package var promptCount: Int
    package var lastError: String?

    enum CodingKeys: String, CodingKey {
        case discoveredAt = "discovered_at"
        case protocolVersion = "protocol_version"
        case toolCount = "tool_count"
        case promptCount = "prompt_count"
        case lastError = "last_error"
    }

    package init(_ catalog: DiscoveredCatalog) {
        discoveredAt = catalog.discoveredAt
        protocolVersion = catalog.protocolVersion
        toolCount = catalog.tools.count
        promptCount = catalog.prompts.count
        lastError = catalog.lastError
    }
}

/// The discovered tools of a server, each with whether it is enabled.
package struct ToolListResource: Codable, Sendable, Equatable {
    package var server: String
    /// Absent when the server was never discovered.
    package var discoveredAt: Date?
    package var lastError: String?
    package var selection: ToolSelectionDefinition
    package var managedBy: String?
    package var tools: [ToolResource]

    enum CodingKeys: String, CodingKey {
        case server, selection, tools
        case discoveredAt = "discovered_at"
        case lastError = "last_error"
        case managedBy = "managed_by"
    }

    package init(_ entry: ServerEntry, catalog: DiscoveredCatalog?) {
        server = entry.slug
        discoveredAt = catalog?.discoveredAt
        lastError = catalog?.lastError
        selection = ToolSelectionDefinition(enabled: entry.tools.enabled, disabled: entry.tools.disabled)
        managedBy = entry.managedBy
        tools = (catalog?.tools ?? []).map { ToolResource($0, enabled: entry.tools.isEnabled($0.name)) }
    }
}

/// One discovered tool.
package struct ToolResource: Codable, Sendable, Equatable {
    package var name: String
    package var enabled: Bool
    /// Hex SHA-256 of the canonical definition: it changes when the description or schemas do.
    package var definitionHash: String
    package var description: String?

    enum CodingKeys: String, CodingKey {
        case name, enabled, description
        case definitionHash = "definition_hash"
    }

    package init(name: String, enabled: Bool, definitionHash: String, description: String? = nil) {
        self.name = name
        self.enabled = enabled
        self.definitionHash = definitionHash
        self.description = description
    }

    init(_ item: CatalogItem, enabled: Bool) {
        let definition = try? JSONParser.parse(item.definitionJSON)
        self.init(
            name: item.name, enabled: enabled, definitionHash: item.definitionHash, description: definition?["description"]?.stringValue)
    }
}

/// An application and what it may reach.
package struct ApplicationResource: Codable, Sendable, Equatable {
    package var name: String
    package var allow: [AllowRuleDefinition]
    package var managedBy: String?
    /// Keys neither revoked nor expired.
    package var activeKeys: Int

    enum CodingKeys: String, CodingKey {
        case name, allow
        case managedBy = "managed_by"
        case activeKeys = "active_keys"
    }

    package init(_ application: Application, keys: [APIKeyEntry], now: Date = Date()) {
        name = application.name
        allow = application.allow.map { AllowRuleDefinition(server: $0.server, tools: $0.tools) }
        managedBy = application.managedBy
        activeKeys = keys.filter { $0.application == application.name && KeyResource.status(of: $0, now: now) == "active" }.count
    }
}

/// An API key without its secret.
package struct KeyResource: Codable, Sendable, Equatable {
    package var id: String
    package var application: String
    /// The first characters of the key, to tell keys apart.
    package var displayPrefix: String
    package var createdAt: Date
    package var expiresAt: Date?
    package var revokedAt: Date?
    package var lastUsedAt: Date?
    /// `active`, `expired` or `revoked`.
    package var status: String

    enum CodingKeys: String, CodingKey {
        case id, application, status
        case displayPrefix = "display_prefix"
        case createdAt = "created_at"
        case expiresAt = "expires_at"
        case revokedAt = "revoked_at"
        case lastUsedAt = "last_used_at"
    }

    package init(_ entry: APIKeyEntry, now: Date = Date()) {
        id = entry.id
        application = entry.application
        displayPrefix = entry.displayPrefix
        createdAt = entry.createdAt
        expiresAt = entry.expiresAt
        revokedAt = entry.revokedAt
        lastUsedAt = entry.lastUsedAt
        status = Self.status(of: entry, now: now)
    }

    static func status(of entry: APIKeyEntry, now: Date) -> String {
        if entry.revokedAt != nil { return "revoked" }
        if let expiresAt = entry.expiresAt, expiresAt <= now { return "expired" }
        return "active"
    }
}

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

    enum CodingKeys: String, CodingKey {
        case sequence, time, application, endpoint, method, server, target, outcome
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
