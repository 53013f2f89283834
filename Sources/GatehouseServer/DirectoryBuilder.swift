// Adapts the registry's snapshot to what the data plane reads: servers with parsed catalogs,
// enablement, pins and compiled argument schemas; keys that still count; each application's
// grants; the compiled policies and the rate-limit rules. Runs once per registry generation.
import Enforcement
import Foundation
import Gateway
import Guardrails
import JSONSchema
import Registry

/// Builds a ``GatewayDirectory`` from a ``RegistryState``.
enum DirectoryBuilder {
    /// Compiled input schemas by definition hash, kept across rebuilds: a schema is compiled once
    /// per tool definition.
    static let schemas = ArgumentSchemaCache()

    /// - Parameter projectLimit: `shield.enable_max_severity`: enabled tools with findings above
    ///   it (or above their server's `tools.max_severity`) are held back.
    static func directory(from state: RegistryState, projectLimit: Severity? = nil) -> GatewayDirectory {
        var hashes = Set<String>()
        let servers = state.servers.map { entry -> DirectoryServer in
            let catalog = state.catalogs[entry.slug]
            let pins = state.pins[entry.slug]
            let tools = (catalog?.tools ?? []).compactMap { item -> CatalogEntry? in
                guard var e = catalogEntry(item) else { return nil }
                hashes.insert(item.definitionHash)
                e.pinnedHash = pins?.tools[item.name]?.hash
                e.arguments = schemas.schema(hash: item.definitionHash, inputSchema: e.definition["inputSchema"])
                // Shield's rule ids feed Cedar's `context.findings`.
                e.facts = ToolFacts(definition: e.definition, findings: Set((item.findings ?? []).map(\.rule)))
                return e
            }
            let prompts = (catalog?.prompts ?? []).compactMap { item -> CatalogEntry? in
                guard var e = catalogEntry(item) else { return nil }
                e.pinnedHash = pins?.prompts[item.name]?.hash
                return e
            }
            return DirectoryServer(
                slug: entry.slug, name: entry.name, title: entry.title, description: entry.description, acceptsCalls: entry.status != .revoked,
                version: entry.version, deprecation: deprecation(entry), upstream: upstream(entry.upstream), tools: tools, prompts: prompts,
                enablement: ToolEnablement(
                    all: entry.tools.enabled.contains("*"), names: Set(entry.tools.enabled), disabled: Set(entry.tools.disabled),
                    heldBack: RegistryService.heldBack(entry: entry, catalog: catalog, projectLimit: projectLimit)),
                guardrails: entry.guardrails)
        }
        schemas.retain(only: hashes)
        let projects = Dictionary(state.applications.map { ($0.name, $0.projectName) }, uniquingKeysWith: { a, _ in a })
        let callers = state.keys.filter { $0.revokedAt == nil }.map {
            DirectoryCaller(
                application: $0.application, keyID: $0.id, keyHash: $0.hash, expiresAt: $0.expiresAt,
                project: $0.project ?? projects[$0.application] ?? Application.defaultProject)
        }
        var grants: [String: ApplicationGrants] = [:]
        for app in state.applications {
            var g = ApplicationGrants()
            for rule in app.allow {
                // The dictionary's values are optional (nil = every enabled tool), so assignments
                // spell out `.some` to never remove a key by accident.
                let named: Set<String>? = rule.tools.map { Set($0) }
                if let existing = g.servers[rule.server] {
                    // Several rules for one server add up; any rule without a tool list grants all.
                    if let existing, let named { g.servers[rule.server] = .some(existing.union(named)) } else { g.servers[rule.server] = .some(nil) }
                } else {
                    g.servers[rule.server] = .some(named)
                }
            }
            grants[app.name] = g
        }
        let facts = servers.map { s in
            ServerFacts(
                slug: s.slug, name: s.name, version: s.version, status: s.acceptsCalls ? (s.deprecation == nil ? "active" : "deprecated") : "revoked",
                tools: s.tools.compactMap(\.facts), prompts: s.prompts.map(\.name))
        }
        let policies = PolicyModel(
            version: state.policySetVersion, sources: state.policies.map(\.source), applications: state.applications.map(\.name), servers: facts,
            projects: projects)
        var directory = GatewayDirectory(
            generation: state.generation, servers: servers, callers: callers, grants: grants, policies: policies,
            rateLimits: state.rateLimits.map(\.rule))
        directory.identity = IdentityDirectoryBuilder.identity(from: state, projects: projects)
        return directory
    }

    static func deprecation(_ entry: ServerEntry) -> DeprecationNotice? {
        guard entry.status == .deprecated else { return nil }
        return DeprecationNotice(
            server: entry.slug, version: entry.version, since: entry.deprecation?.since, sunset: entry.deprecation?.sunset, link: entry.deprecation?.link)
    }

    static func upstream(_ spec: UpstreamSpec) -> UpstreamTarget {
        switch spec {
        case .http(let h): .http(url: h.url, headers: h.headers)
        case .stdio(let s):
            .stdio(StdioCommand(command: s.command, arguments: s.args, environment: s.env, workingDirectory: s.workingDirectory))
        }
    }

    static func catalogEntry(_ item: CatalogItem) -> CatalogEntry? {
        guard let definition = (try? JSONParser.parse(item.definitionJSON))?.objectValue else { return nil }
        return CatalogEntry(name: item.name, definition: definition, hash: item.definitionHash, findings: item.findings ?? [])
    }
}
