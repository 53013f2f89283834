// What the data plane knows, at one moment: servers with their discovered and enabled tools and
// prompts, and the callers (API key hashes) with what they may reach. Built by the composition
// root from the registry; read on every request without touching storage.
import Enforcement
import Foundation
import Guardrails
import JSONSchema
import MCPCore

/// A snapshot of everything routing and authorization need.
package struct GatewayDirectory: Sendable {
    /// The registry generation this snapshot was built from.
    package var generation: Int64
    package var servers: [String: DirectoryServer]
    /// Server slugs in their stable (sorted) order: merged lists follow it.
    package var serverOrder: [String]
    /// Callers by hex SHA-256 of their API key.
    package var callersByKeyHash: [String: DirectoryCaller]
    /// What each application's allow list grants, by application name.
    package var grants: [String: ApplicationGrants]
    /// Every attached Cedar policy, compiled, with the entities they are decided against.
    package var policies: PolicyModel
    /// Rate-limit rules, in registry order.
    package var rateLimits: [RateLimitRule]
    /// Users, token keys, revocations, certificate mappings, projects.
    package var identity = DirectoryIdentity()
    /// Merged-namespace names of every discovered tool and prompt (the same for every caller, so
    /// names never depend on who asks).
    package let mergedTools: MergedNameTable
    package let mergedPrompts: MergedNameTable

    package init(
        generation: Int64 = 0, servers: [DirectoryServer] = [], callers: [DirectoryCaller] = [], grants: [String: ApplicationGrants] = [:],
        policies: PolicyModel = PolicyModel(), rateLimits: [RateLimitRule] = []
    ) {
        self.generation = generation
        self.grants = grants
        self.policies = policies
        self.rateLimits = rateLimits
        self.servers = Dictionary(servers.map { ($0.slug, $0) }, uniquingKeysWith: { a, _ in a })
        self.serverOrder = self.servers.keys.sorted()
        self.callersByKeyHash = Dictionary(callers.map { ($0.keyHash, $0) }, uniquingKeysWith: { a, _ in a })
        mergedTools = MergedNameTable(servers.flatMap { s in s.tools.map { MergedNameTable.Key(server: s.slug, name: $0.name) } })
        mergedPrompts = MergedNameTable(servers.flatMap { s in s.prompts.map { MergedNameTable.Key(server: s.slug, name: $0.name) } })
    }
}

/// One server as the data plane sees it.
package struct DirectoryServer: Sendable {
    package var slug: String
    package var name: String
    package var title: String?
    package var description: String?
    /// `false` for revoked entries: they are listed nowhere and refuse calls.
    package var acceptsCalls: Bool
    /// The entry's semantic version, when given.
    package var version: String?
    /// Set for deprecated entries.
    package var deprecation: DeprecationNotice?
    package var upstream: UpstreamTarget
    package var tools: [CatalogEntry]
    package var prompts: [CatalogEntry]
    package var enablement: ToolEnablement
    /// The server's own Shield settings (detector actions, per-tool overrides, hook).
    package var guardrails: GuardrailPolicy?
    private var toolIndex: [String: Int]
    private var promptIndex: [String: Int]

    package init(
        slug: String, name: String, title: String? = nil, description: String? = nil, acceptsCalls: Bool = true, version: String? = nil,
        deprecation: DeprecationNotice? = nil, upstream: UpstreamTarget, tools: [CatalogEntry] = [], prompts: [CatalogEntry] = [],
        enablement: ToolEnablement, guardrails: GuardrailPolicy? = nil
    ) {
        self.version = version
        self.deprecation = deprecation
        self.guardrails = guardrails
        self.slug = slug
        self.name = name
        self.title = title
        self.description = description
        self.acceptsCalls = acceptsCalls
        self.upstream = upstream
        self.tools = tools
        self.prompts = prompts
        self.enablement = enablement
        self.toolIndex = Dictionary(tools.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        self.promptIndex = Dictionary(prompts.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    package func tool(named name: String) -> CatalogEntry? { toolIndex[name].map { tools[$0] } }
    package func prompt(named name: String) -> CatalogEntry? { promptIndex[name].map { prompts[$0] } }

    /// Whether calls are refused at `now` because the sunset passed.
    package func isRetired(at now: Date) -> Bool { deprecation?.isPastSunset(now) ?? false }

    /// The major version, when the version is semantic.
    package var majorVersion: Int? { version.flatMap { $0.split(separator: ".").first }.flatMap { Int($0) } }
}

/// Which tools of a server are enabled (mirrors the registry's selection: `*` or names, minus
/// explicitly disabled ones).
package struct ToolEnablement: Sendable, Equatable {
    package var all: Bool
    package var names: Set<String>
    package var disabled: Set<String>
    /// Tools the selection enables but Shield holds back (findings above the enable limit), with
    /// the sentence that says why.
    package var heldBack: [String: String]

    package init(all: Bool = false, names: Set<String> = [], disabled: Set<String> = [], heldBack: [String: String] = [:]) {
        self.all = all
        self.names = names
        self.disabled = disabled
        self.heldBack = heldBack
    }

    package func isEnabled(_ tool: String) -> Bool { !disabled.contains(tool) && (all || names.contains(tool)) }
}

/// A discovered tool or prompt definition.
package struct CatalogEntry: Sendable {
    package var name: String
    package var definition: JSONObject
    package var hash: String
    /// The approved definition hash, when one is pinned.
    package var pinnedHash: String?
    /// Tools: the compiled `inputSchema`.
    package var arguments: ArgumentSchema
    /// Tools: what policies see of it (argument types, annotations, findings).
    package var facts: ToolFacts?
    /// Shield's scan findings for the definition (for policy conditions and listings).
    package var findings: [Finding]

    package init(
        name: String, definition: JSONObject, hash: String, pinnedHash: String? = nil, arguments: ArgumentSchema = .none, facts: ToolFacts? = nil,
        findings: [Finding] = []
    ) {
        self.name = name
        self.definition = definition
        self.hash = hash
        self.pinnedHash = pinnedHash
        self.arguments = arguments
        self.facts = facts
        self.findings = findings
    }

    /// The definition changed since it was approved: hidden from lists, calls refused.
    package var isQuarantined: Bool { pinnedHash.map { $0 != hash } ?? false }
}

/// How to reach an upstream server.
package enum UpstreamTarget: Sendable, Hashable {
    case http(url: String, headers: [String: String])
    case stdio(StdioCommand)
}

/// A child process speaking MCP on stdio.
package struct StdioCommand: Sendable, Hashable {
    package var command: String
    package var arguments: [String]
    package var environment: [String: String]
    package var workingDirectory: String?

    package init(command: String, arguments: [String] = [], environment: [String: String] = [:], workingDirectory: String? = nil) {
        self.command = command
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
    }
}

/// An API key and the application it identifies.
package struct DirectoryCaller: Sendable {
    package var application: String
    package var keyID: String
    package var keyHash: String
    package var expiresAt: Date?
    /// The project the key was issued in.
    package var project: String

    package init(application: String, keyID: String, keyHash: String, expiresAt: Date? = nil, project: String = "default") {
        self.application = application
        self.keyID = keyID
        self.keyHash = keyHash
        self.expiresAt = expiresAt
        self.project = project
    }
}

/// What an application's allow list grants: servers, and per server either every enabled tool
/// or the named ones.
package struct ApplicationGrants: Sendable, Equatable {
    /// Granted servers by slug; the value is the allowed tool names, or `nil` for every enabled tool.
    package var servers: [String: Set<String>?]

    package init(servers: [String: Set<String>?] = [:]) {
        self.servers = servers
    }
}
