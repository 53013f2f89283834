// Adapts the registry's snapshot to what the data plane reads: servers with parsed catalogs and
// enablement, keys that still count, and each application's grants.
import Foundation
import Gateway
import JSONSchema
import Registry

/// Builds a ``GatewayDirectory`` from a ``RegistryState``.
enum DirectoryBuilder {
    static func directory(from state: RegistryState) -> GatewayDirectory {
        let servers = state.servers.map { entry -> DirectoryServer in
            let catalog = state.catalogs[entry.slug]
            return DirectoryServer(
                slug: entry.slug, name: entry.name, title: entry.title, description: entry.description, acceptsCalls: entry.status != .revoked,
                upstream: upstream(entry.upstream), tools: (catalog?.tools ?? []).compactMap(catalogEntry),
                prompts: (catalog?.prompts ?? []).compactMap(catalogEntry),
                enablement: ToolEnablement(
                    all: entry.tools.enabled.contains("*"), names: Set(entry.tools.enabled), disabled: Set(entry.tools.disabled)))
        }
        let callers = state.keys.filter { $0.revokedAt == nil }.map {
            DirectoryCaller(application: $0.application, keyID: $0.id, keyHash: $0.hash, expiresAt: $0.expiresAt)
        }
        var grants: [String: ApplicationGrants] = [:]
        for app in state.applications {
            var g = ApplicationGrants()
            for rule in app.allow {
                switch (g.servers[rule.server], rule.tools) {
                case (nil, let tools): g.servers[rule.server] = tools.map(Set.init)
                case (.some(.some(let existing)), .some(let tools)): g.servers[rule.server] = existing.union(tools)
                default: g.servers[rule.server] = .some(nil)  // any rule without a tool list grants every enabled tool
                }
            }
            grants[app.name] = g
        }
        return GatewayDirectory(generation: state.generation, servers: servers, callers: callers, grants: grants)
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
        return CatalogEntry(name: item.name, definition: definition, hash: item.definitionHash)
    }
}
