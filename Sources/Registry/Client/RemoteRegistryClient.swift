// The `RegistryClient` over HTTP: the CLI's `--server URL` mode. It speaks the admin API and turns
// its error bodies back into `RegistryError`s, so a command prints the same line whether it ran
// against a folder or a server.
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A ``RegistryClient`` for a running Gatehouse's admin API.
package struct RemoteRegistryClient: RegistryClient {
    /// The server's base URL, e.g. `http://127.0.0.1:8080`.
    package let baseURL: String
    private let adminToken: String
    private let httpClient: HTTPClient
    /// How long one request may take.
    package var timeout: TimeAmount = .seconds(30)
    /// The largest response read.
    static let maxResponseBytes = 64 << 20

    /// - Parameters:
    ///   - baseURL: Where Gatehouse listens (`http://host:port`, optionally with a path prefix).
    ///   - adminToken: Sent as `Authorization: Bearer …`.
    ///   - httpClient: The client to use; the shared one by default.
    package init(baseURL: String, adminToken: String, httpClient: HTTPClient = .shared) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.adminToken = adminToken
        self.httpClient = httpClient
    }

    /// Runs `body` with a client whose connections are made for one command-line invocation: a
    /// refused or slow connection fails after `connectTimeout` instead of being retried until the
    /// request times out. The HTTP client is shut down afterwards.
    package static func with<T>(
        baseURL: String, adminToken: String, connectTimeout: TimeAmount = .seconds(5),
        _ body: (RemoteRegistryClient) async throws -> T
    ) async throws -> T {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: connectTimeout, read: .seconds(60))
        configuration.connectionPool.retryConnectionEstablishment = false
        let httpClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        do {
            let result = try await body(RemoteRegistryClient(baseURL: baseURL, adminToken: adminToken, httpClient: httpClient))
            try? await httpClient.shutdown()
            return result
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
    }

    package func listServers() async throws -> [ServerResource] {
        try await send(.GET, ["servers"], as: ServerList.self).servers
    }

    package func server(_ slug: String) async throws -> ServerResource {
        try await send(.GET, ["servers", slug], as: ServerResource.self)
    }

    package func createServer(_ definition: ServerDefinition) async throws -> ServerChange {
        try await send(.POST, ["servers"], body: definition, as: ServerChange.self)
    }

    package func replaceServer(_ slug: String, with definition: ServerDefinition) async throws -> ServerChange {
        try await send(.PUT, ["servers", slug], body: definition, as: ServerChange.self)
    }

    package func removeServer(_ slug: String) async throws -> ServerChange {
        try await send(.DELETE, ["servers", slug], as: ServerChange.self)
    }

    package func tools(server slug: String) async throws -> ToolListResource {
        try await send(.GET, ["servers", slug, "tools"], as: ToolListResource.self)
    }

    package func setTools(_ tools: [String], enabled: Bool, server slug: String) async throws -> ToolChange {
        try await send(.POST, ["servers", slug, "tools", enabled ? "enable" : "disable"], body: ToolNamesRequest(tools: tools), as: ToolChange.self)
    }

    package func listApplications() async throws -> [ApplicationResource] {
        try await send(.GET, ["applications"], as: ApplicationList.self).applications
    }

    package func application(_ name: String) async throws -> ApplicationResource {
        try await send(.GET, ["applications", name], as: ApplicationResource.self)
    }

    package func createApplication(_ definition: ApplicationDefinition) async throws -> ApplicationChange {
        try await send(.POST, ["applications"], body: definition, as: ApplicationChange.self)
    }

    package func replaceApplication(_ name: String, with definition: ApplicationDefinition) async throws -> ApplicationChange {
        try await send(.PUT, ["applications", name], body: definition, as: ApplicationChange.self)
    }

    package func removeApplication(_ name: String) async throws -> ApplicationChange {
        try await send(.DELETE, ["applications", name], as: ApplicationChange.self)
    }

    package func createKey(_ request: CreateKeyRequest) async throws -> CreatedKeyResource {
        try await send(.POST, ["keys"], body: request, as: CreatedKeyResource.self)
    }

    package func listKeys(application: String?) async throws -> [KeyResource] {
        try await send(.GET, ["keys"], query: application.map { ["application": $0] } ?? [:], as: KeyList.self).keys
    }

    package func revokeKey(id: String) async throws -> KeyResource {
        try await send(.POST, ["keys", id, "revoke"], as: KeyResource.self)
    }

    package func apply(_ request: ApplyRequest) async throws -> ApplyResponse {
        try await send(.POST, ["apply"], body: request, as: ApplyResponse.self)
    }

    package func auditTail(limit: Int, after: Int64?) async throws -> [AuditRecordResource] {
        var query = ["limit": String(limit)]
        if let after { query["after"] = String(after) }
        return try await send(.GET, ["audit"], query: query, as: AuditTail.self).records
    }

    package func auditExport(after: Int64?, limit: Int) async throws -> [ExportedAuditRecord] {
        var query = ["limit": String(limit)]
        if let after { query["after"] = String(after) }
        return try await send(.GET, ["audit", "export"], query: query, as: AuditExport.self).records
    }

    package func auditVerify() async throws -> AuditVerificationResource {
        try await send(.POST, ["audit", "verify"], as: AuditVerificationResource.self)
    }

    package func listPolicies() async throws -> PolicyList {
        try await send(.GET, ["policies"], as: PolicyList.self)
    }

    package func policy(_ id: String) async throws -> PolicyResource {
        try await send(.GET, ["policies", id], as: PolicyResource.self)
    }

    package func createPolicy(_ definition: PolicyDefinition) async throws -> PolicyChange {
        try await send(.POST, ["policies"], body: definition, as: PolicyChange.self)
    }

    package func replacePolicy(_ id: String, with definition: PolicyDefinition) async throws -> PolicyChange {
        try await send(.PUT, ["policies", id], body: definition, as: PolicyChange.self)
    }

    package func removePolicy(_ id: String) async throws -> PolicyChange {
        try await send(.DELETE, ["policies", id], as: PolicyChange.self)
    }

    package func testPolicy(_ request: PolicyTestRequest) async throws -> PolicyTestResult {
        try await send(.POST, ["policies", "test"], body: request, as: PolicyTestResult.self)
    }

    package func listRateLimits() async throws -> [RateLimitResource] {
        try await send(.GET, ["rate-limits"], as: RateLimitList.self).rateLimits
    }

    package func createRateLimit(_ definition: RateLimitDefinition) async throws -> RateLimitChange {
        try await send(.POST, ["rate-limits"], body: definition, as: RateLimitChange.self)
    }

    package func removeRateLimit(_ id: String) async throws -> RateLimitChange {
        try await send(.DELETE, ["rate-limits", id], as: RateLimitChange.self)
    }

    package func approve(server slug: String, _ request: ApproveRequest) async throws -> ToolChange {
        try await send(.POST, ["servers", slug, "approve"], body: request, as: ToolChange.self)
    }

    // MARK: - Transport

    private struct NoBody: Encodable {}

    private func send<Response: Decodable>(
        _ method: HTTPMethod, _ segments: [String], query: [String: String] = [:], as type: Response.Type
    ) async throws -> Response {
        try await send(method, segments, query: query, body: NoBody?.none, as: type)
    }

    private func send<Body: Encodable, Response: Decodable>(
        _ method: HTTPMethod, _ segments: [String], query: [String: String] = [:], body: Body?, as type: Response.Type
    ) async throws -> Response {
        let url = self.url(segments, query: query)
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(adminToken)")
        request.headers.add(name: "Accept", value: "application/json")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try AdminJSON.encoder().encode(body)))
        }

        let response: HTTPClientResponse
        let bytes: ByteBuffer
        do {
            response = try await httpClient.execute(request, timeout: timeout)
            bytes = try await response.body.collect(upTo: Self.maxResponseBytes)
        } catch {
            throw RegistryError(
                .unavailable, "Cannot reach Gatehouse at \(baseURL) (\(Self.describe(error))); check --server and that `gatehouse serve` runs there.")
        }
        let data = Data(bytes.readableBytesView)
        guard (200..<300).contains(response.status.code) else {
            if let failure = try? AdminJSON.decoder().decode(ErrorResponse.self, from: data) {
                throw RegistryError(
                    RegistryError.Code(rawValue: failure.error.code), failure.error.message, diagnostics: failure.error.diagnostics ?? [])
            }
            let excerpt = String(decoding: data.prefix(200), as: UTF8.self)
            throw RegistryError(
                response.status.code == 401 ? .unauthorized : .internal,
                "Gatehouse at \(baseURL) answered \(response.status.code) \(response.status.reasonPhrase)\(excerpt.isEmpty ? "" : ": \(excerpt)").")
        }
        do {
            return try AdminJSON.decoder().decode(type, from: data)
        } catch {
            throw RegistryError(
                .internal, "Gatehouse at \(baseURL) sent a response this gatehouse cannot read (\(error)); are both the same version?")
        }
    }

    func url(_ segments: [String], query: [String: String]) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#")
        let path = segments.map { $0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0 }.joined(separator: "/")
        var url = "\(baseURL)\(AdminAPI.basePath)/\(path)"
        if !query.isEmpty {
            var queryAllowed = CharacterSet.urlQueryAllowed
            queryAllowed.remove(charactersIn: "&=+?#")
            url += "?" + query.sorted { $0.key < $1.key }
                .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: queryAllowed) ?? $0.value)" }
                .joined(separator: "&")
        }
        return url
    }

    private static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        return text.count > 160 ? String(text.prefix(160)) + "…" : text
    }
}
