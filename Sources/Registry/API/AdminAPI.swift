// The admin REST API under `/api/v1`: JSON in and out, a bearer admin token on every route but the
// OpenAPI document, errors as `{"error": {"code", "message", "diagnostics"}}`. Each route is a thin
// adapter over `LocalRegistryClient`, the same code the CLI runs in `--data` mode. The routes and
// `AdminAPIDocument` (served at `/api/v1/openapi.json`) must list the same operations; a test holds
// them to it.
import Auth
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Store

/// Mounts the admin API on a router.
package enum AdminAPI {
    /// The prefix of every admin route.
    package static let basePath = "/api/v1"
    /// The largest request body accepted (a configuration file, say): 4 MiB.
    package static let maxBodyBytes = 4 << 20

    /// Registers every admin route, the OpenAPI document (unauthenticated) and the bearer-token check.
    ///
    /// ```swift
    /// let router = Router()
    /// AdminAPI.register(on: router, registry: registry)
    /// ```
    /// - Parameters:
    ///   - router: A `Router` or `RouterGroup` at the root path (routes start with `/api/v1`).
    ///   - registry: The registry the routes read and change; it also verifies the admin token.
    package static func register<Context: RequestContext>(on router: some RouterMethods<Context>, registry: RegistryService) {
        let client = LocalRegistryClient(registry: registry)
        router.get("\(basePath)/openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: AdminAPIDocument.json)))
        }

        let api = router.group(RouterPath(basePath)).add(middleware: AdminAuthMiddleware<Context>(registry: registry))

        api.get("servers") { _, _ in
            try await respond { ServerList(servers: try await client.listServers()) }
        }
        api.post("servers") { request, _ in
            try await respond(status: .created) { try await client.createServer(try await decode(ServerDefinition.self, from: request)) }
        }
        api.get("servers/{slug}") { _, context in
            try await respond { try await client.server(try context.parameters.require("slug")) }
        }
        api.put("servers/{slug}") { request, context in
            try await respond {
                try await client.replaceServer(try context.parameters.require("slug"), with: try await decode(ServerDefinition.self, from: request))
            }
        }
        api.delete("servers/{slug}") { _, context in
            try await respond { try await client.removeServer(try context.parameters.require("slug")) }
        }
        api.get("servers/{slug}/tools") { _, context in
            try await respond { try await client.tools(server: try context.parameters.require("slug")) }
        }
        api.post("servers/{slug}/tools/enable") { request, context in
            try await respond {
                let body = try await decode(ToolNamesRequest.self, from: request)
                return try await client.setTools(body.tools, enabled: true, server: try context.parameters.require("slug"))
            }
        }
        api.post("servers/{slug}/tools/disable") { request, context in
            try await respond {
                let body = try await decode(ToolNamesRequest.self, from: request)
                return try await client.setTools(body.tools, enabled: false, server: try context.parameters.require("slug"))
            }
        }

        api.get("applications") { _, _ in
            try await respond { ApplicationList(applications: try await client.listApplications()) }
        }
        api.post("applications") { request, _ in
            try await respond(status: .created) {
                try await client.createApplication(try await decode(ApplicationDefinition.self, from: request))
            }
        }
        api.get("applications/{name}") { _, context in
            try await respond { try await client.application(try context.parameters.require("name")) }
        }
        api.put("applications/{name}") { request, context in
            try await respond {
                try await client.replaceApplication(
                    try context.parameters.require("name"), with: try await decode(ApplicationDefinition.self, from: request))
            }
        }
        api.delete("applications/{name}") { _, context in
            try await respond { try await client.removeApplication(try context.parameters.require("name")) }
        }

        api.get("keys") { request, _ in
            try await respond { KeyList(keys: try await client.listKeys(application: request.uri.queryParameters.get("application"))) }
        }
        api.post("keys") { request, _ in
            try await respond(status: .created) { try await client.createKey(try await decode(CreateKeyRequest.self, from: request)) }
        }
        api.post("keys/{id}/revoke") { _, context in
            try await respond { try await client.revokeKey(id: try context.parameters.require("id")) }
        }

        api.post("apply") { request, _ in
            try await respond { try await client.apply(try await decode(ApplyRequest.self, from: request)) }
        }

        api.post("servers/{slug}/approve") { request, context in
            try await respond {
                try await client.approve(server: try context.parameters.require("slug"), try await decode(ApproveRequest.self, from: request))
            }
        }

        api.get("policies") { _, _ in
            try await respond { try await client.listPolicies() }
        }
        api.post("policies") { request, _ in
            try await respond(status: .created) { try await client.createPolicy(try await decode(PolicyDefinition.self, from: request)) }
        }
        api.post("policies/test") { request, _ in
            try await respond { try await client.testPolicy(try await decode(PolicyTestRequest.self, from: request)) }
        }
        api.get("policies/{id}") { _, context in
            try await respond { try await client.policy(try context.parameters.require("id")) }
        }
        api.put("policies/{id}") { request, context in
            try await respond {
                try await client.replacePolicy(try context.parameters.require("id"), with: try await decode(PolicyDefinition.self, from: request))
            }
        }
        api.delete("policies/{id}") { _, context in
            try await respond { try await client.removePolicy(try context.parameters.require("id")) }
        }

        api.get("rate-limits") { _, _ in
            try await respond { RateLimitList(rateLimits: try await client.listRateLimits()) }
        }
        api.post("rate-limits") { request, _ in
            try await respond(status: .created) { try await client.createRateLimit(try await decode(RateLimitDefinition.self, from: request)) }
        }
        api.delete("rate-limits/{id}") { _, context in
            try await respond { try await client.removeRateLimit(try context.parameters.require("id")) }
        }

        api.get("audit/export") { request, _ in
            try await respond {
                let query = request.uri.queryParameters
                let limit = try integer(query.get("limit"), name: "limit") ?? 1000
                let after = try integer(query.get("after"), name: "after")
                return AuditExport(records: try await client.auditExport(after: after.map(Int64.init), limit: min(limit, 10_000)))
            }
        }
        api.post("audit/verify") { _, _ in
            try await respond { try await client.auditVerify() }
        }

        api.get("audit") { request, _ in
            try await respond {
                let query = request.uri.queryParameters
                let limit = try integer(query.get("limit"), name: "limit") ?? 100
                let after = try integer(query.get("after"), name: "after")
                return AuditTail(records: try await client.auditTail(limit: limit, after: after.map(Int64.init)))
            }
        }
    }

    // MARK: - Helpers

    /// Runs a route's work and renders its value, or its error, as JSON.
    static func respond<T: Encodable>(status: HTTPResponse.Status = .ok, _ work: () async throws -> T) async throws -> Response {
        do {
            return try json(try await work(), status: status)
        } catch let error as RegistryError {
            return errorResponse(error)
        } catch let error as StoreError {
            // The operator needs the store's message; it names the data folder, which the admin already knows.
            let code: RegistryError.Code = error.code == .busy ? .unavailable : .internal
            return errorResponse(RegistryError(code, error.description))
        }
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try AdminJSON.encoder().encode(value)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func errorResponse(_ error: RegistryError, headers: HTTPFields = [:]) -> Response {
        var response = (try? json(ErrorResponse(error), status: HTTPResponse.Status(code: error.code.httpStatus)))
            ?? Response(status: .internalServerError)
        for field in headers { response.headers.append(field) }
        return response
    }

    /// Reads the whole body (up to ``maxBodyBytes``) and decodes it, with a 400 that says what is wrong.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBodyBytes)
        } catch is NIOTooManyBytesError {
            throw RegistryError(.badRequest, "The request body is larger than \(maxBodyBytes >> 20) MiB.")
        }
        guard buffer.readableBytes > 0 else {
            throw RegistryError(.badRequest, "The request needs a JSON body.")
        }
        do {
            return try AdminJSON.decoder().decode(type, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw RegistryError(.badRequest, "The request body is not valid: \(describe(error)).")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context.codingPath)
            return "\(parent.isEmpty ? "" : parent + ".")\(key.stringValue) is required"
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "\(path(context.codingPath)) must be \(describe(type))"
        case .dataCorrupted(let context):
            let at = path(context.codingPath)
            return at.isEmpty ? "it is not JSON" : "\(at): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Int64.Type: "a whole number"
        case is [String].Type, is [Any].Type: "a list"
        default: type == [String: String].self ? "an object of strings" : "a \(type)"
        }
    }

    private static func integer(_ text: String?, name: String) throws -> Int? {
        guard let text else { return nil }
        guard let value = Int(text), value >= 0 else {
            throw RegistryError(.badRequest, "The query parameter \(name) must be a whole number (got \"\(text.prefix(20))\").")
        }
        return value
    }
}

/// Lets a request through only with `Authorization: Bearer <admin token>`; otherwise answers 401
/// with `WWW-Authenticate: Bearer`. The token is checked against the stored hash in constant time.
struct AdminAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let registry: RegistryService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            return AdminAPI.errorResponse(
                RegistryError(.unauthorized, "The admin API needs an admin token: send Authorization: Bearer <token>."),
                headers: [.wwwAuthenticate: #"Bearer realm="gatehouse-admin""#])
        }
        guard let token = BearerToken.from(authorization: header), await registry.verifyAdminToken(token) else {
            return AdminAPI.errorResponse(
                RegistryError(.unauthorized, "The admin token is not valid."),
                headers: [.wwwAuthenticate: #"Bearer realm="gatehouse-admin", error="invalid_token""#])
        }
        return try await next(request, context)
    }
}
