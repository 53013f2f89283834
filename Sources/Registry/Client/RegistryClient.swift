// One interface for every control-plane operation, with two implementations: in-process over a
// data folder (`LocalRegistryClient`) and over HTTP against a running Gatehouse
// (`RemoteRegistryClient`). Each CLI command is written once against it, and the admin API serves
// the local one, so the CLI, the API and the two CLI modes cannot drift apart.

/// The operations of the CLI and the admin API. Errors are ``RegistryError``s.
package protocol RegistryClient: Sendable {
    func listServers() async throws -> [ServerResource]
    func server(_ slug: String) async throws -> ServerResource
    func createServer(_ definition: ServerDefinition) async throws -> ServerChange
    func replaceServer(_ slug: String, with definition: ServerDefinition) async throws -> ServerChange
    func removeServer(_ slug: String) async throws -> ServerChange

    /// The discovered tools of a server, enabled or not.
    func tools(server slug: String) async throws -> ToolListResource
    /// Enables (`enabled: true`) or disables tools of a server.
    func setTools(_ tools: [String], enabled: Bool, server slug: String) async throws -> ToolChange

    func listApplications() async throws -> [ApplicationResource]
    func application(_ name: String) async throws -> ApplicationResource
    func createApplication(_ definition: ApplicationDefinition) async throws -> ApplicationChange
    func replaceApplication(_ name: String, with definition: ApplicationDefinition) async throws -> ApplicationChange
    func removeApplication(_ name: String) async throws -> ApplicationChange

    /// A new key; the response holds the secret, once.
    func createKey(_ request: CreateKeyRequest) async throws -> CreatedKeyResource
    func listKeys(application: String?) async throws -> [KeyResource]
    func revokeKey(id: String) async throws -> KeyResource

    /// Applies (or with `dryRun`, previews) a configuration text.
    func apply(_ request: ApplyRequest) async throws -> ApplyResponse

    /// The newest `limit` audit records after sequence `after`, oldest first.
    func auditTail(limit: Int, after: Int64?) async throws -> [AuditRecordResource]
    /// Up to `limit` audit records after sequence `after`, oldest first, with their chain hashes.
    func auditExport(after: Int64?, limit: Int) async throws -> [ExportedAuditRecord]
    /// Checks the audit trail's hash chain.
    func auditVerify() async throws -> AuditVerificationResource

    func listPolicies() async throws -> PolicyList
    func policy(_ id: String) async throws -> PolicyResource
    func createPolicy(_ definition: PolicyDefinition) async throws -> PolicyChange
    func replacePolicy(_ id: String, with definition: PolicyDefinition) async throws -> PolicyChange
    func removePolicy(_ id: String) async throws -> PolicyChange
    /// What the gateway would decide for one call.
    func testPolicy(_ request: PolicyTestRequest) async throws -> PolicyTestResult

    func listRateLimits() async throws -> [RateLimitResource]
    func createRateLimit(_ definition: RateLimitDefinition) async throws -> RateLimitChange
    func removeRateLimit(_ id: String) async throws -> RateLimitChange

    /// Approves the current definitions of tools and prompts (ends their quarantine).
    func approve(server slug: String, _ request: ApproveRequest) async throws -> ToolChange
}
