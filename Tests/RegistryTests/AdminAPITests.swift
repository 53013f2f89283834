// The admin API through Hummingbird's router test client: authentication, every operation, error
// shapes, and the OpenAPI document's agreement with the routes.
import Auth
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Store
import Testing

@testable import Registry

@Suite struct AdminAPITests {
    static let token = "test-admin-token"

    /// An app serving the admin API on a fresh registry whose admin token is ``token``.
    func withAPI(_ body: @escaping @Sendable (any TestClientProtocol, RegistryService) async throws -> Void) async throws {
        try await withRegistry(environment: ["GATEHOUSE_ADMIN_TOKEN": Self.token]) { registry, _ in
            let router = Router()
            AdminAPI.register(on: router, registry: registry)
            AdminAPI.registerIdentity(on: router, registry: registry, rotateSigningKey: { "kid-rotated" })
            try await Application(router: router).test(.router) { client in try await body(client, registry) }
        }
    }

    func call(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, json: String? = nil, token: String? = token
    ) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = "application/json" }
        return try await client.execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        try AdminJSON.decoder().decode(type, from: Data(response.body.readableBytesView))
    }

    // MARK: Authentication

    @Test func requestWithoutTokenIs401WithBearerChallenge() async throws {
        try await withAPI { client, _ in
            let response = try await call(client, .get, "/api/v1/servers", token: nil)
            #expect(response.status == .unauthorized)
            #expect(response.headers[.wwwAuthenticate] == #"Bearer realm="gatehouse-admin""#)
            let error = try decode(ErrorResponse.self, response)
            #expect(error.error.code == "unauthorized")
            #expect(error.error.message == "The admin API needs an admin token: send Authorization: Bearer <token>.")
        }
    }

    @Test func requestWithWrongTokenIs401InvalidToken() async throws {
        try await withAPI { client, _ in
            for header in ["Bearer wrong", "Basic dGVzdA==", "Bearer", "Bearer \(Self.token)x"] {
                let response = try await client.execute(uri: "/api/v1/servers", method: .get, headers: [.authorization: header])
                #expect(response.status == .unauthorized, "\(header)")
                #expect(response.headers[.wwwAuthenticate] == #"Bearer realm="gatehouse-admin", error="invalid_token""#)
            }
        }
    }

    // MARK: Operations

    @Test func serversCanBeCreatedShownListedAndRemoved() async throws {
        try await withAPI { client, _ in
            let created = try await call(
                client, .post, "/api/v1/servers",
                json: #"{"slug":"notes","name":"com.example/notes","upstream":{"url":"http://127.0.0.1:8765/mcp","headers":{"Authorization":"secret"}},"tools":{"enabled":["echo"]}}"#)
            #expect(created.status == .created)
            let change = try decode(ServerChange.self, created)
            #expect(change.server.slug == "notes")
            #expect(change.server.upstream.headerNames == ["Authorization"])
            #expect(!String(buffer: created.body).contains("secret"))  // header values never leave

            let shown = try decode(ServerResource.self, try await call(client, .get, "/api/v1/servers/notes"))
            #expect(shown == change.server)
            let list = try decode(ServerList.self, try await call(client, .get, "/api/v1/servers"))
            #expect(list.servers.map(\.slug) == ["notes"])

            let removed = try await call(client, .delete, "/api/v1/servers/notes")
            #expect(removed.status == .ok)
            let missing = try await call(client, .get, "/api/v1/servers/notes")
            #expect(missing.status == .notFound)
            #expect(
                try decode(ErrorResponse.self, missing).error
                    == .init(code: "not_found", message: #"No server "notes" is registered; `gatehouse servers list` shows the registered ones."#))
        }
    }

    @Test func invalidDefinitionIs422WithEveryDiagnostic() async throws {
        try await withAPI { client, _ in
            let response = try await call(client, .post, "/api/v1/servers", json: #"{"slug":"Notes","name":"notes","upstream":{"url":"htp://x"}}"#)
            #expect(response.status == .unprocessableContent)
            let error = try decode(ErrorResponse.self, response).error
            #expect(error.code == "invalid")
            #expect(error.message == "The server definition has 3 errors.")
            #expect(error.diagnostics?.filter { $0.severity == .error }.map(\.path) == ["slug", "name", "upstream.url"])
        }
    }

    @Test func malformedBodyIs400SayingWhatIsWrong() async throws {
        try await withAPI { client, _ in
            _ = try await call(client, .post, "/api/v1/servers", json: #"{"slug":"notes","name":"com.example/notes","upstream":{"url":"http://a.example.com"}}"#)
            let notJSON = try await call(client, .post, "/api/v1/servers/notes/tools/enable", json: "{tools: [echo]")
            #expect(notJSON.status == .badRequest)
            #expect(try decode(ErrorResponse.self, notJSON).error.message == "The request body is not valid: it is not JSON.")
            let missing = try await call(client, .post, "/api/v1/servers/notes/tools/enable", json: "{}")
            #expect(try decode(ErrorResponse.self, missing).error.message == "The request body is not valid: tools is required.")
            let wrongType = try await call(client, .post, "/api/v1/servers/notes/tools/enable", json: #"{"tools":"echo"}"#)
            #expect(try decode(ErrorResponse.self, wrongType).error.message == "The request body is not valid: tools must be a list.")
            let empty = try await call(client, .post, "/api/v1/servers", json: nil)
            #expect(try decode(ErrorResponse.self, empty).error.message == "The request needs a JSON body.")
        }
    }

    @Test func duplicateSlugIs409() async throws {
        try await withAPI { client, _ in
            let body = #"{"slug":"notes","name":"com.example/notes","upstream":{"url":"http://a.example.com"},"tools":{"enabled":["*"]}}"#
            #expect(try await call(client, .post, "/api/v1/servers", json: body).status == .created)
            let again = try await call(client, .post, "/api/v1/servers", json: body)
            #expect(again.status == .conflict)
            #expect(try decode(ErrorResponse.self, again).error.code == "conflict")
        }
    }

    @Test func toolsAreListedWithHashesAndEnabledThroughTheAPI() async throws {
        try await withAPI { client, registry in
            _ = try await call(client, .post, "/api/v1/servers", json: #"{"slug":"notes","name":"com.example/notes","upstream":{"url":"http://a.example.com"},"tools":{"enabled":["echo"]}}"#)
            let undiscovered = try decode(ToolListResource.self, try await call(client, .get, "/api/v1/servers/notes/tools"))
            #expect(undiscovered.discoveredAt == nil)
            #expect(undiscovered.tools.isEmpty)

            try await registry.recordDiscovery(
                DiscoveredCatalog(
                    server: "notes", discoveredAt: Date(timeIntervalSince1970: 1_800_000_000),
                    tools: [
                        CatalogItem(name: "echo", definitionJSON: #"{"name":"echo","description":"Echo it."}"#, definitionHash: "11"),
                        CatalogItem(name: "add", definitionJSON: #"{"name":"add"}"#, definitionHash: "22"),
                    ]))
            let change = try decode(ToolChange.self, try await call(client, .post, "/api/v1/servers/notes/tools/enable", json: #"{"tools":["add"]}"#))
            #expect(change.diagnostics == [])
            #expect(
                change.tools.tools == [
                    ToolResource(name: "echo", enabled: true, definitionHash: "11", description: "Echo it.", pinnedHash: "11", status: "enabled"),
                    ToolResource(name: "add", enabled: true, definitionHash: "22", pinnedHash: "22", status: "enabled"),
                ], "enabled and discovered: pinned")
            let disabled = try decode(ToolChange.self, try await call(client, .post, "/api/v1/servers/notes/tools/disable", json: #"{"tools":["echo"]}"#))
            #expect(disabled.tools.tools.map(\.enabled) == [false, true])
            #expect(disabled.tools.discoveredAt == Date(timeIntervalSince1970: 1_800_000_000))
        }
    }

    @Test func keysAreCreatedOnceListedWithoutSecretsAndRevoked() async throws {
        try await withAPI { client, registry in
            _ = try await call(client, .post, "/api/v1/servers", json: #"{"slug":"notes","name":"com.example/notes","upstream":{"url":"http://a.example.com"},"tools":{"enabled":["*"]}}"#)
            let app = try await call(client, .post, "/api/v1/applications", json: #"{"name":"ci-agent","allow":[{"server":"notes"}]}"#)
            #expect(app.status == .created)

            let createdResponse = try await call(client, .post, "/api/v1/keys", json: #"{"application":"ci-agent","expires_in":"30d"}"#)
            #expect(createdResponse.status == .created)
            let created = try decode(CreatedKeyResource.self, createdResponse)
            #expect(APIKey.isWellFormed(created.key))
            #expect(created.apiKey.status == "active")
            let expiry = try #require(created.apiKey.expiresAt).timeIntervalSince(created.apiKey.createdAt)
            #expect(abs(expiry - 30 * 86_400) < 1)
            #expect(try await registry.state().keys.first?.hash == APIKey.hash(created.key))

            let listed = try await call(client, .get, "/api/v1/keys?application=ci-agent")
            #expect(!String(buffer: listed.body).contains(created.key))
            #expect(try decode(KeyList.self, listed).keys.map(\.id) == [created.apiKey.id])
            #expect(try decode(ApplicationResource.self, try await call(client, .get, "/api/v1/applications/ci-agent")).activeKeys == 1)

            let revoked = try decode(KeyResource.self, try await call(client, .post, "/api/v1/keys/\(created.apiKey.id)/revoke"))
            #expect(revoked.status == "revoked")
            #expect(try await call(client, .post, "/api/v1/keys/key_nope/revoke").status == .notFound)
            let badExpiry = try await call(client, .post, "/api/v1/keys", json: #"{"application":"ci-agent","expires_in":"soon"}"#)
            #expect(badExpiry.status == .unprocessableContent)
        }
    }

    @Test func applyPreviewsAppliesAndRejectsThroughTheAPI() async throws {
        try await withAPI { client, registry in
            let request = ApplyRequest(config: ConfigResolveTests.example, source: "/srv/gatehouse.yaml", file: "gatehouse.yaml", dryRun: true)
            let body = String(decoding: try AdminJSON.encoder().encode(request), as: UTF8.self)
            let preview = try decode(ApplyResponse.self, try await call(client, .post, "/api/v1/apply", json: body))
            #expect(preview.dryRun && preview.lines == ["+ server notes", "+ server demo", "+ application ci-agent"])
            #expect(try await registry.servers().isEmpty)

            var real = request
            real.dryRun = false
            let applied = try decode(
                ApplyResponse.self,
                try await call(client, .post, "/api/v1/apply", json: String(decoding: try AdminJSON.encoder().encode(real), as: UTF8.self)))
            #expect(applied.changes.count == 3 && applied.generation == 1)

            var broken = real
            broken.config = real.config.replacingOccurrences(of: "http://127", with: "htp://127")
            let rejected = try await call(
                client, .post, "/api/v1/apply", json: String(decoding: try AdminJSON.encoder().encode(broken), as: UTF8.self))
            #expect(rejected.status == .unprocessableContent)
            #expect(
                try decode(ErrorResponse.self, rejected).error.diagnostics?.map(\.description) == [
                    #"gatehouse.yaml:5: error: servers[0].upstream.url has unsupported scheme "htp"; use http, https or stdio."#
                ])
        }
    }

    @Test func auditTailPagesWithAfter() async throws {
        try await withAPI { client, registry in
            try await registry.auditLog.append(
                (1...5).map { AuditRecord(time: Date(), requestID: "\($0)", endpoint: "/mcp", method: "ping", outcome: "ok", latencyMicros: 5) })
            let last = try decode(AuditTail.self, try await call(client, .get, "/api/v1/audit?limit=2"))
            #expect(last.records.map(\.requestID) == ["4", "5"])
            let after = try decode(AuditTail.self, try await call(client, .get, "/api/v1/audit?after=3"))
            #expect(after.records.map(\.sequence) == [4, 5])
            #expect(try await call(client, .get, "/api/v1/audit?limit=lots").status == .badRequest)
        }
    }

    // MARK: The OpenAPI document

    @Test func openAPIDocumentIsServedWithoutToken() async throws {
        try await withAPI { client, _ in
            let response = try await call(client, .get, "/api/v1/openapi.json", token: nil)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
            #expect(document["openapi"] as? String == "3.1.0")
        }
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedOperationIsRouted() async throws {
        try await withRegistry { registry, _ in
            let router = Router()
            AdminAPI.register(on: router, registry: registry)
            AdminAPI.registerIdentity(on: router, registry: registry, rotateSigningKey: { "kid-rotated" })
            let routed = Set(router.routes.map { "\($0.method.rawValue) \($0.path.description)" })
            let documented = Set(OpenAPIDocument.operations.map { "\($0.method) \($0.path)" })
            #expect(routed == documented)
            #expect(routed.count == 39)
        }
    }

    @Test func everyDocumentedOperationAnswersAndAsksForTheToken() async throws {
        try await withAPI { client, _ in
            for operation in OpenAPIDocument.operations where operation.path != "/api/v1/openapi.json" {
                let uri = operation.path.replacingOccurrences(of: "{slug}", with: "notes").replacingOccurrences(of: "{name}", with: "ci")
                    .replacingOccurrences(of: "{id}", with: "key_x")
                let response = try await call(client, HTTPRequest.Method(operation.method)!, uri, token: nil)
                #expect(response.status == .unauthorized, "\(operation.method) \(operation.path)")
                let documented = OpenAPIDocument.responseStatuses(of: operation)
                #expect(documented.contains("401"), "\(operation.method) \(operation.path) does not document 401")
            }
        }
    }

    @Test func documentExamplesDecodeIntoTheAPITypesAndMatchTheirSchemas() throws {
        for example in OpenAPIDocument.examples() {
            guard let type = OpenAPIDocument.swiftTypes[example.schema] else {
                Issue.record("\(example.location): no Swift type for schema \(example.schema)")
                continue
            }
            // Decoding proves the example has what the type needs; encoding it again and comparing
            // proves the example has nothing the type would drop.
            do {
                let value = try type.decodeExample(example.json)
                #expect(NSDictionary(dictionary: value) == NSDictionary(dictionary: example.object), "\(example.location)")
            } catch {
                Issue.record("\(example.location): \(error)")
            }
            for problem in OpenAPIDocument.schemaProblems(example.object, schema: example.schemaObject) {
                Issue.record("\(example.location): \(problem)")
            }
        }
        #expect(OpenAPIDocument.examples().count >= 25)
    }

    @Test func schemaCheckCatchesUnknownMissingAndMistypedFields() {
        let problems = OpenAPIDocument.schemaProblems(
            ["id": "key_1", "aplication": "x", "display_prefix": 3, "created_at": "2026-01-01T00:00:00Z", "status": "gone"],
            schema: ["$ref": "#/components/schemas/Key"])
        #expect(
            Set(problems) == [
                ".aplication is not in the schema", ".display_prefix: expected a string", #".status: "gone" is not one of ["active", "expired", "revoked"]"#,
                ".application is required by the schema",
            ])
    }
}

/// The identity routes: users (passwords in, never out) and certificate mappings.
@Suite struct AdminIdentityRoutesTests {
    @Test func usersAndCertificatesThroughTheAdminAPI() async throws {
        let api = AdminAPITests()
        try await api.withAPI { client, _ in
            _ = try await api.call(client, .post, "/api/v1/applications", json: #"{"name":"ci-agent","allow":[]}"#)
            let created = try await api.call(client, .post, "/api/v1/users", json: #"{"name":"ada","password":"correct horse","application":"ci-agent"}"#)
            #expect(created.status == .created)
            let body = String(buffer: created.body)
            #expect(body.contains(#""has_password":true"#) && !body.contains("correct horse") && !body.contains("scrypt"))
            let weak = try await api.call(client, .post, "/api/v1/users", json: #"{"name":"bob","password":"short"}"#)
            #expect(weak.status == .unprocessableContent)
            let mapped = try await api.call(client, .post, "/api/v1/certificates", json: #"{"subject":"DNS:Agent.Internal","application":"ci-agent"}"#)
            #expect(mapped.status == .created && String(buffer: mapped.body).contains(#""subject":"dns:agent.internal""#))
            #expect(try await api.call(client, .delete, "/api/v1/certificates/dns:agent.internal").status == .ok)
            #expect(try await api.call(client, .delete, "/api/v1/certificates/dns:agent.internal").status == .notFound)
            #expect(String(buffer: try await api.call(client, .post, "/api/v1/signing-keys/rotate").body) == #"{"kid":"kid-rotated"}"#)
            #expect(try await api.call(client, .delete, "/api/v1/users/ada").status == .ok)
        }
    }
}
