// Adapts the registry's snapshot to what the data plane reads: servers with parsed catalogs and
// enablement, keys that still count, and each application's grants.
import Foundation
import Gateway
import Guardrails
import JSONSchema
import Registry

/// Builds a ``GatewayDirectory`` from a ``RegistryState``.
enum DirectoryBuilder {
    /// - Parameter projectLimit: `shield.enable_max_severity`: enabled tools with findings above
    ///   it (or above their server's `tools.max_severity`) are held back.
    static func directory(from state: RegistryState, projectLimit: Severity? = nil) -> GatewayDirectory {
        let servers = state.servers.map { entry -> DirectoryServer in
            let catalog = state.catalogs[entry.slug]
            return DirectoryServer(
                slug: entry.slug, name: entry.name, title: entry.title, description: entry.description, acceptsCalls: entry.status != .revoked,
                upstream: upstream(entry.upstream), tools: (catalog?.tools ?? []).compactMap(catalogEntry),
                prompts: (catalog?.prompts ?? []).compactMap(catalogEntry),
                enablement: ToolEnablement(
                    all: entry.tools.enabled.contains("*"), names: Set(entry.tools.enabled), disabled: Set(entry.tools.disabled),
                    heldBack: RegistryService.heldBack(entry: entry, catalog: catalog, projectLimit: projectLimit)),
                guardrails: entry.guardrails)
        }
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
        var directory = GatewayDirectory(generation: state.generation, servers: servers, callers: callers, grants: grants)
        directory.identity = IdentityDirectoryBuilder.identity(from: state, projects: projects)
        return directory
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
