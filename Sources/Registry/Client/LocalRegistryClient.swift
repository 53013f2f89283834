// The in-process `RegistryClient`: the CLI's `--data` mode, and what the admin API serves.
import Foundation

/// A ``RegistryClient`` over a ``RegistryService`` in this process.
package struct LocalRegistryClient: RegistryClient {
    package let registry: RegistryService

    package init(registry: RegistryService) { self.registry = registry }

    package func listServers() async throws -> [ServerResource] {
        let state = try await registry.state()
        return state.servers.map { ServerResource($0, catalog: state.catalogs[$0.slug]) }
    }

    package func server(_ slug: String) async throws -> ServerResource {
        let entry = try await registry.server(slug)
        return ServerResource(entry, catalog: try await registry.catalog(for: slug))
    }

    package func createServer(_ definition: ServerDefinition) async throws -> ServerChange {
        let outcome = try await registry.createServer(definition)
        return ServerChange(server: ServerResource(outcome.value, catalog: nil), diagnostics: outcome.diagnostics)
    }

    package func replaceServer(_ slug: String, with definition: ServerDefinition) async throws -> ServerChange {
        let outcome = try await registry.replaceServer(slug, with: definition)
        return ServerChange(
            server: ServerResource(outcome.value, catalog: try await registry.catalog(for: slug)), diagnostics: outcome.diagnostics)
    }

    package func removeServer(_ slug: String) async throws -> ServerChange {
        let outcome = try await registry.removeServer(slug)
        return ServerChange(server: ServerResource(outcome.value, catalog: nil), diagnostics: outcome.diagnostics)
    }

    package func tools(server slug: String) async throws -> ToolListResource {
        let entry = try await registry.server(slug)
        return ToolListResource(entry, catalog: try await registry.catalog(for: slug), projectLimit: try await registry.projectEnableLimit())
    }

    package func setTools(_ tools: [String], enabled: Bool, server slug: String) async throws -> ToolChange {
        let outcome = try await registry.setTools(tools, enabled: enabled, server: slug)
        return ToolChange(
            tools: ToolListResource(outcome.value, catalog: try await registry.catalog(for: slug), projectLimit: try await registry.projectEnableLimit()),
            diagnostics: outcome.diagnostics)
    }

    package func listApplications() async throws -> [ApplicationResource] {
        let state = try await registry.state()
        return state.applications.map { ApplicationResource($0, keys: state.keys) }
    }

    package func application(_ name: String) async throws -> ApplicationResource {
        ApplicationResource(try await registry.application(name), keys: try await registry.keys(application: name))
    }

    package func createApplication(_ definition: ApplicationDefinition) async throws -> ApplicationChange {
        let outcome = try await registry.createApplication(definition)
        return ApplicationChange(application: ApplicationResource(outcome.value, keys: []), diagnostics: outcome.diagnostics)
    }

    package func replaceApplication(_ name: String, with definition: ApplicationDefinition) async throws -> ApplicationChange {
        let outcome = try await registry.replaceApplication(name, with: definition)
        return ApplicationChange(
            application: ApplicationResource(outcome.value, keys: try await registry.keys(application: name)),
            diagnostics: outcome.diagnostics)
    }

    package func removeApplication(_ name: String) async throws -> ApplicationChange {
        let outcome = try await registry.removeApplication(name)
        return ApplicationChange(application: ApplicationResource(outcome.value, keys: []), diagnostics: outcome.diagnostics)
    }

    package func createKey(_ request: CreateKeyRequest) async throws -> CreatedKeyResource {
        let now = Date()
        var expiresAt = request.expiresAt
        if let text = request.expiresIn {
            guard expiresAt == nil else {
                throw RegistryError(.badRequest, "Give expires_in or expires_at, not both.")
            }
            expiresAt = now.addingTimeInterval(try DurationText.seconds(text))
        }
        let created = try await registry.createKey(application: request.application, expiresAt: expiresAt, now: now)
        return CreatedKeyResource(key: created.key, apiKey: KeyResource(created.entry, now: now))
    }

    package func listKeys(application: String?) async throws -> [KeyResource] {
        let now = Date()
        return try await registry.keys(application: application).map { KeyResource($0, now: now) }
    }

    package func revokeKey(id: String) async throws -> KeyResource {
        KeyResource(try await registry.revokeKey(id: id))
    }

    package func apply(_ request: ApplyRequest) async throws -> ApplyResponse {
        guard !request.source.isEmpty else {
            throw RegistryError(.badRequest, "source is empty; give the absolute path of the configuration file (it marks the entries the file manages).")
        }
        let result = try await registry.apply(
            text: request.config, file: request.file ?? request.source, source: request.source, dryRun: request.dryRun ?? false)
        return ApplyResponse(result)
    }

    package func auditTail(limit: Int, after: Int64?) async throws -> [AuditRecordResource] {
        guard limit > 0 else { throw RegistryError(.badRequest, "limit must be at least 1 (got \(limit)).") }
        return try await registry.auditLog.tail(limit: min(limit, 10_000), after: after).map(AuditRecordResource.init)
    }
}
