// The JSON shapes of the admin API, shared by the server (`AdminAPI`), the in-process client and
// the HTTP client, so all three agree by construction. Keys are snake_case like the YAML file;
// dates are ISO 8601 with milliseconds. Secrets never appear: header and environment values of
// upstreams are reduced to their names, API keys to their display prefix (a new key's secret is
// returned once, by the create call).
import Foundation
import Guardrails
import JSONSchema

/// A registered server as the API shows it.
package struct ServerResource: Codable, Sendable, Equatable {
    package var slug: String
    package var name: String
    package var title: String?
    package var description: String?
    package var version: String?
    package var status: String
    /// For deprecated entries: `since`, `sunset` (ISO 8601) and `link`.
    package var deprecation: DeprecationDefinition?
    package var upstream: UpstreamResource
    package var tools: ToolSelectionDefinition
    /// The configuration file that manages the entry, or absent when created through the CLI/API.
    package var managedBy: String?
    /// The last discovery, when there was one.
    package var discovery: DiscoveryResource?
    /// Shield settings of the server, when it has its own.
    package var guardrails: GuardrailsDefinition?

    enum CodingKeys: String, CodingKey {
        case slug, name, title, description, version, status, deprecation, upstream, tools, discovery, guardrails
        case managedBy = "managed_by"
    }

    package init(_ entry: ServerEntry, catalog: DiscoveredCatalog?) {
        slug = entry.slug
        name = entry.name
        title = entry.title
        description = entry.description
        version = entry.version
        status = entry.status.rawValue
        deprecation = entry.deprecation.map {
            DeprecationDefinition(since: $0.since?.ISO8601Format(), sunset: $0.sunset?.ISO8601Format(), link: $0.link)
        }
        upstream = UpstreamResource(entry.upstream)
        tools = ToolSelectionDefinition(enabled: entry.tools.enabled, disabled: entry.tools.disabled, maxSeverity: entry.tools.maxSeverity?.rawValue)
        managedBy = entry.managedBy
        discovery = catalog.map(DiscoveryResource.init)
        guardrails = entry.guardrails.map(GuardrailsDefinition.init)
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
    /// Prompts whose definition changed since it was approved (absent when none).
    package var quarantinedPrompts: [String]?
    /// Discovered prompts with their Shield findings.
    package var prompts: [ScannedItemResource]?
    /// Discovered resource templates with their Shield findings.
    package var resourceTemplates: [ScannedItemResource]?

    enum CodingKeys: String, CodingKey {
        case server, selection, tools, prompts
        case discoveredAt = "discovered_at"
        case lastError = "last_error"
        case managedBy = "managed_by"
        case quarantinedPrompts = "quarantined_prompts"
        case resourceTemplates = "resource_templates"
    }

    /// - Parameters:
    ///   - pins: The server's approved definition hashes, for `status` and `quarantined_prompts`.
    ///   - projectLimit: The project's `shield.enable_max_severity`, for `held_back`.
    package init(_ entry: ServerEntry, catalog: DiscoveredCatalog?, pins: ServerPins? = nil, projectLimit: Severity? = nil) {
        server = entry.slug
        discoveredAt = catalog?.discoveredAt
        lastError = catalog?.lastError
        selection = ToolSelectionDefinition(enabled: entry.tools.enabled, disabled: entry.tools.disabled, maxSeverity: entry.tools.maxSeverity?.rawValue)
        managedBy = entry.managedBy
        let heldBack = RegistryService.heldBack(entry: entry, catalog: catalog, projectLimit: projectLimit)
        tools = (catalog?.tools ?? []).map {
            ToolResource($0, enabled: entry.tools.isEnabled($0.name), pin: pins?.tools[$0.name], heldBack: heldBack[$0.name] != nil)
        }
        let quarantined = (catalog?.prompts ?? []).filter { item in pins?.prompts[item.name].map { $0.hash != item.definitionHash } ?? false }
        quarantinedPrompts = quarantined.isEmpty ? nil : quarantined.map(\.name)
        prompts = catalog.map { $0.prompts.map(ScannedItemResource.init) }
        resourceTemplates = catalog?.resourceTemplates.map { $0.map(ScannedItemResource.init) }
    }
}

/// One discovered tool.
package struct ToolResource: Codable, Sendable, Equatable {
    package var name: String
    package var enabled: Bool
    /// Hex SHA-256 of the canonical definition: it changes when the description or schemas do.
    package var definitionHash: String
    package var description: String?
    /// The approved hash, when the tool was pinned (absent until it is enabled and discovered).
    package var pinnedHash: String?
    /// `enabled`, `disabled`, or `quarantined` (its definition changed since it was approved).
    package var status: String?
    /// Why its `inputSchema` does not compile (its calls are refused), when it does not.
    package var schemaError: String?
    /// Shield's scan findings, most severe first (absent when the tool was discovered before Shield).
    package var findings: [Finding]?
    /// Enabled by the selection but refused by Shield: a finding exceeds the enable limit.
    package var heldBack: Bool?

    enum CodingKeys: String, CodingKey {
        case name, enabled, description, status, findings
        case definitionHash = "definition_hash"
        case pinnedHash = "pinned_hash"
        case schemaError = "schema_error"
        case heldBack = "held_back"
    }

    package init(
        name: String, enabled: Bool, definitionHash: String, description: String? = nil, pinnedHash: String? = nil, status: String? = nil,
        schemaError: String? = nil, findings: [Finding]? = nil, heldBack: Bool? = nil
    ) {
        self.name = name
        self.enabled = enabled
        self.definitionHash = definitionHash
        self.description = description
        self.pinnedHash = pinnedHash
        self.status = status
        self.schemaError = schemaError
        self.findings = findings
        self.heldBack = heldBack
    }

    init(_ item: CatalogItem, enabled: Bool, pin: ServerPins.Pin? = nil, heldBack: Bool = false) {
        let definition = try? JSONParser.parse(item.definitionJSON)
        let quarantined = pin.map { $0.hash != item.definitionHash } ?? false
        self.init(
            name: item.name, enabled: enabled, definitionHash: item.definitionHash, description: definition?["description"]?.stringValue,
            pinnedHash: pin?.hash, status: quarantined ? "quarantined" : (enabled ? "enabled" : "disabled"), schemaError: item.schemaError,
            findings: item.findings, heldBack: heldBack ? true : nil)
    }
}

/// A discovered prompt or resource template with its Shield findings.
package struct ScannedItemResource: Codable, Sendable, Equatable {
    package var name: String
    package var definitionHash: String
    package var description: String?
    package var findings: [Finding]?

    enum CodingKeys: String, CodingKey {
        case name, description, findings
        case definitionHash = "definition_hash"
    }

    init(_ item: CatalogItem) {
        name = item.name
        definitionHash = item.definitionHash
        description = (try? JSONParser.parse(item.definitionJSON))?["description"]?.stringValue
        findings = item.findings
    }
}

/// An application and what it may reach.
package struct ApplicationResource: Codable, Sendable, Equatable {
    package var name: String
    package var allow: [AllowRuleDefinition]
    package var managedBy: String?
    /// Keys neither revoked nor expired.
    package var activeKeys: Int
    /// The project, when set (else `default`).
    package var project: String?

    enum CodingKeys: String, CodingKey {
        case name, allow, project
        case managedBy = "managed_by"
        case activeKeys = "active_keys"
    }

    package init(_ application: Application, keys: [APIKeyEntry], now: Date = Date()) {
        name = application.name
        allow = application.allow.map { AllowRuleDefinition(server: $0.server, tools: $0.tools) }
        managedBy = application.managedBy
        project = application.project
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
    /// The project the key was issued in (absent for keys from before projects: `default`).
    package var project: String?

    enum CodingKeys: String, CodingKey {
        case id, application, status, project
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
        project = entry.project
    }

    static func status(of entry: APIKeyEntry, now: Date) -> String {
        if entry.revokedAt != nil { return "revoked" }
        if let expiresAt = entry.expiresAt, expiresAt <= now { return "expired" }
        return "active"
    }
}
