// The authorization server's HTTP surface:
//
//   GET  /.well-known/oauth-protected-resource[/mcp | /servers/{slug}/mcp]   RFC 9728
//   GET  /.well-known/oauth-authorization-server, /.well-known/openid-configuration   RFC 8414, OIDC
//   GET  /oauth/jwks (also /.well-known/jwks.json)
//   GET  /oauth/authorize → sign-in page → consent page → redirect with code, state, iss
//   POST /oauth/login, GET /oauth/login/provider, GET /oauth/callback, GET|POST /oauth/consent
//   POST /oauth/token, POST /oauth/revoke, POST /oauth/register, GET|DELETE /oauth/register/{id}
//
// Machine endpoints answer JSON (errors as RFC 6749 `{error, error_description}`) with
// `Cache-Control: no-store` and CORS open to any origin (they carry no cookies; browser-based
// MCP clients need them); the pages answer HTML.
import Auth
import Foundation
import HTTPTypes
import Hummingbird
import JSONSchema
import NIOCore
import NIOPosix
import Registry

/// Mounts the authorization server's routes.
package enum IdentityRoutes {
    static let maxFormBytes = 64 << 10

    /// Registers every route on `router`.
    package static func register<Context: RequestContext>(on router: some RouterMethods<Context>, server: AuthorizationServer) {
        router.get("/.well-known/oauth-protected-resource") { _, _ in json(resourceMetadata(server, path: nil)) }
        router.get("/.well-known/oauth-protected-resource/mcp") { _, _ in json(resourceMetadata(server, path: "/mcp")) }
        router.get("/.well-known/oauth-protected-resource/servers/{slug}/mcp") { _, context in
            let slug = context.parameters.get("slug") ?? ""
            guard server.servers.hasServer(slug) else {
                return json(["error": "not_found", "error_description": "No MCP endpoint /servers/\(slug.prefix(40))/mcp."], status: .notFound)
            }
            return json(resourceMetadata(server, path: "/servers/\(slug)/mcp"))
        }
        router.get("/.well-known/oauth-authorization-server") { _, _ in json(authorizationServerMetadata(server)) }
        router.get("/.well-known/openid-configuration") { _, _ in json(authorizationServerMetadata(server)) }
        for path in ["/oauth/jwks", "/.well-known/jwks.json"] {
            router.get(RouterPath(path)) { _, _ in
                let keys = (try? await server.jwks()) ?? []
                return json(.object(["keys": .array(keys.map { key in .object(JSONObject(key.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })) })]))
            }
        }

        router.get("/oauth/authorize") { request, _ in
            let query = FormData(request.uri.query ?? "")
            return await page(for: await server.authorize(query), server: server, request: request)
        }
        router.post("/oauth/login") { request, _ in
            let form = try await readForm(request)
            guard let pendingID = form["request"], let pending = try await server.pending(pendingID) else {
                return html(IdentityPages.error(.invalidRequest("This sign-in request expired; start again from the application.")), status: .badRequest)
            }
            let client = try? await server.client(pending.clientID, now: Date())
            guard let user = await server.signIn(username: form["username"] ?? "", password: form["password"] ?? "") else {
                return html(
                    IdentityPages.signIn(
                        pending: pendingID, clientName: client?.clientName ?? pending.clientID, error: "Wrong user name or password.",
                        providerName: server.provider?.configuration.displayName),
                    status: .unauthorized)
            }
            return redirect("/oauth/consent?request=\(pendingID)", cookie: server.cookies.setCookie(server.cookies.issue(user: user), secure: server.isSecure))
        }
        router.get("/oauth/login/provider") { request, _ in
            guard let pendingID = request.uri.queryParameters.get("request"), let provider = server.provider else {
                return html(IdentityPages.error(.invalidRequest("No identity provider is configured.")), status: .badRequest)
            }
            switch await server.startProviderSignIn(pendingID: pendingID, provider: provider) {
            case .success(let url): return redirect(url)
            case .failure(let error): return html(IdentityPages.error(error), status: .init(code: error.status))
            }
        }
        router.get("/oauth/callback") { request, _ in
            let query = FormData(request.uri.query ?? "")
            switch await server.finishProviderSignIn(query) {
            case .success(let (user, pendingID)):
                return redirect("/oauth/consent?request=\(pendingID)", cookie: server.cookies.setCookie(server.cookies.issue(user: user), secure: server.isSecure))
            case .failure(let error):
                return html(IdentityPages.error(error), status: .init(code: error.status))
            }
        }
        router.get("/oauth/consent") { request, _ in
            guard let pendingID = request.uri.queryParameters.get("request"), let pending = try await server.pending(pendingID) else {
                return html(IdentityPages.error(.invalidRequest("This sign-in request expired; start again from the application.")), status: .badRequest)
            }
            guard let user = server.cookies.user(BrowserSessions.read(request.headers[.cookie])) else {
                return await page(for: .pending(pending, try await server.client(pending.clientID, now: Date()) ?? OAuthClientRecord(clientID: pending.clientID, redirectURIs: [], source: "unknown")), server: server, request: request)
            }
            return await consentPage(pending, user: user, server: server)
        }
        router.post("/oauth/consent") { request, _ in
            let form = try await readForm(request)
            guard let pendingID = form["request"], let pending = try await server.pending(pendingID),
                let user = server.cookies.user(BrowserSessions.read(request.headers[.cookie])),
                let token = form["form_token"], ConstantTime.equal(Array(token.utf8), Array(server.cookies.formToken(user: user, pending: pending).utf8))
            else {
                return html(IdentityPages.error(.invalidRequest("This consent form is not valid any more; start again from the application.")), status: .badRequest)
            }
            return await page(for: await server.decide(pendingID: pendingID, user: user, approve: form["decision"] == "approve"), server: server, request: request)
        }

        router.post("/oauth/token") { request, _ in
            let form = try await readForm(request)
            do {
                let response = try await server.token(form, basic: basicCredentials(request))
                let data = try AuthorizationServer.encoder.encode(response)
                return Response(status: .ok, headers: jsonHeaders, body: .init(byteBuffer: ByteBuffer(bytes: data)))
            } catch let error as OAuthError {
                return oauthError(error, basicAttempted: basicCredentials(request) != nil)
            }
        }
        router.post("/oauth/revoke") { request, _ in
            let form = try await readForm(request)
            do throws(OAuthError) {
                try await server.revoke(form, basic: basicCredentials(request))
                return Response(status: .ok, headers: jsonHeaders)
            } catch {
                return oauthError(error, basicAttempted: basicCredentials(request) != nil)
            }
        }
        router.post("/oauth/register") { request, _ in
            let body = try await request.body.collect(upTo: AuthorizationServer.maxClientDocumentBytes)
            do throws(OAuthError) {
                let metadata = try await server.register(Array(body.readableBytesView))
                return json(.object(JSONObject(metadata.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })), status: .created)
            } catch {
                return oauthError(error, basicAttempted: false)
            }
        }
        for method in [HTTPRequest.Method.get, .delete] {
            router.on("/oauth/register/{client_id}", method: method) { request, context in
                let token = bearer(request)
                do throws(OAuthError) {
                    guard let metadata = try await server.registeredClient(context.parameters.get("client_id") ?? "", registrationToken: token, delete: method == .delete) else {
                        return Response(status: .noContent, headers: jsonHeaders)
                    }
                    return json(.object(JSONObject(metadata.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })))
                } catch {
                    return oauthError(error, basicAttempted: false)
                }
            }
        }
        for path in ["/oauth/token", "/oauth/revoke", "/oauth/register"] {
            router.on(RouterPath(path), method: .options) { _, _ in
                var headers = jsonHeaders
                headers[.accessControlAllowMethods] = "POST, OPTIONS"
                headers[.accessControlAllowHeaders] = "Authorization, Content-Type, MCP-Protocol-Version"
                return Response(status: .noContent, headers: headers)
            }
        }
    }

    // MARK: - Documents

    /// RFC 9728 metadata of an endpoint (`nil` path: the whole origin).
    static func resourceMetadata(_ server: AuthorizationServer, path: String?) -> JSONValue {
        let resource = path.map { server.publicURL.resource(forPath: $0) } ?? server.publicURL.base
        var name = "Gatehouse"
        if let path, let slug = server.serverSlug(ofPath: path) { name += " (\(slug))" }
        return [
            "resource": .string(resource),
            "authorization_servers": [.string(server.issuer)],
            "scopes_supported": .array(OAuthScope.required.map(JSONValue.string)),
            "bearer_methods_supported": ["header"],
            "resource_name": .string(name),
            "jwks_uri": .string(server.jwksURI),
        ]
    }

    /// RFC 8414 metadata, also served as the OpenID discovery document.
    static func authorizationServerMetadata(_ server: AuthorizationServer) -> JSONValue {
        let authMethods: JSONValue = ["none", "client_secret_basic", "client_secret_post"]
        return [
            "issuer": .string(server.issuer),
            "authorization_endpoint": .string(server.authorizationEndpoint),
            "token_endpoint": .string(server.tokenEndpoint),
            "registration_endpoint": .string(server.registrationEndpoint),
            "revocation_endpoint": .string(server.revocationEndpoint),
            "jwks_uri": .string(server.jwksURI),
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "grant_types_supported": ["authorization_code", "refresh_token"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": authMethods,
            "revocation_endpoint_auth_methods_supported": authMethods,
            "scopes_supported": .array((OAuthScope.supported + ["openid", "profile", "email"]).map(JSONValue.string)),
            "authorization_response_iss_parameter_supported": true,
            "client_id_metadata_document_supported": true,
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["ES256"],
        ]
    }

    // MARK: - Pages

    static func page(for result: AuthorizeResult, server: AuthorizationServer, request: Request) async -> Response {
        switch result {
        case .show(let error):
            return html(IdentityPages.error(error), status: .init(code: error.status))
        case .redirect(let url):
            return redirect(url)
        case .pending(let pending, let client):
            if let user = server.cookies.user(BrowserSessions.read(request.headers[.cookie])) {
                return await consentPage(pending, user: user, server: server)
            }
            return html(
                IdentityPages.signIn(
                    pending: pending.id, clientName: client.clientName ?? client.clientID, error: nil, providerName: server.provider?.configuration.displayName))
        }
    }

    static func consentPage(_ pending: PendingAuthorization, user: String, server: AuthorizationServer) async -> Response {
        let client = try? await server.client(pending.clientID, now: Date())
        let application = await server.application(of: user)
        let path = server.endpointPath(ofResource: pending.resource) ?? "/mcp"
        let servers = server.servers.servers(for: application, endpointServer: server.serverSlug(ofPath: path))
        return html(
            IdentityPages.consent(
                pending: pending.id, formToken: server.cookies.formToken(user: user, pending: pending), user: user,
                clientName: client?.clientName ?? pending.clientID, redirectHost: URLComponents(string: pending.redirectURI)?.host ?? pending.redirectURI,
                resource: pending.resource, servers: servers, scopes: pending.scopes))
    }

    // MARK: - HTTP helpers

    static let jsonHeaders: HTTPFields = [.contentType: "application/json", .cacheControl: "no-store", .accessControlAllowOrigin: "*"]

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: jsonHeaders, body: .init(byteBuffer: ByteBuffer(bytes: value.serialized())))
    }

    static func json(_ value: [String: String], status: HTTPResponse.Status = .ok) -> Response {
        json(.object(JSONObject(value.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })), status: status)
    }

    static func oauthError(_ error: OAuthError, basicAttempted: Bool) -> Response {
        var response = json(error.json, status: .init(code: error.status))
        if error.status == 401 {
            response.headers[.wwwAuthenticate] = basicAttempted ? #"Basic realm="gatehouse""# : #"Bearer realm="gatehouse", error="\#(error.code)""#
        }
        return response
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store", .init("X-Frame-Options")!: "DENY",
                .init("Content-Security-Policy")!: "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
            ],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String, cookie: String? = nil) -> Response {
        var headers: HTTPFields = [.location: location, .cacheControl: "no-store"]
        if let cookie { headers[.setCookie] = cookie }
        return Response(status: .found, headers: headers)
    }

    static func readForm(_ request: Request) async throws -> FormData {
        let body = try await request.body.collect(upTo: maxFormBytes)
        return FormData(String(decoding: body.readableBytesView, as: UTF8.self))
    }

    /// Client credentials from `Authorization: Basic` (each part form-urlencoded, RFC 6749 §2.3.1).
    static func basicCredentials(_ request: Request) -> (id: String, secret: String)? {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("basic "),
            let decoded = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)).map({ String(decoding: $0, as: UTF8.self) }),
            let colon = decoded.firstIndex(of: ":")
        else { return nil }
        return (FormData.decode(decoded[..<colon]), FormData.decode(decoded[decoded.index(after: colon)...]))
    }

    static func bearer(_ request: Request) -> String? {
        request.headers[.authorization].flatMap(BearerToken.from(authorization:))
    }
}

extension AuthorizationServer {
    /// Whether the public URL is https (cookies are then `Secure`).
    var isSecure: Bool { publicURL.base.hasPrefix("https://") }

    /// Checks a built-in account's password; `nil` when wrong, unknown or disabled (one answer for all).
    func signIn(username: String, password: String) async -> String? {
        let user = try? await registry.user(username)
        // scrypt takes ~0.1 s of CPU on purpose: it runs on the blocking-work threads, never on
        // an event loop or the cooperative pool. Unknown users cost the same time (a decoy hash),
        // so timing does not reveal which names exist.
        let hash = user.flatMap { $0.disabled ? nil : $0.passwordHash } ?? Self.decoyHash
        let matches = (try? await NIOThreadPool.singleton.runIfActive { PasswordHasher.verify(password, against: hash) }) ?? false
        guard let user, matches, hash != Self.decoyHash else { return nil }
        return user.name
    }

    static let decoyHash = (try? PasswordHasher.standard.hash(Base64URL.random(bytes: 12))) ?? ""

    /// The application a user's calls use (their own, else the default).
    func application(of user: String) async -> String? {
        (try? await registry.user(user))?.application ?? configuration.defaultApplication
    }

    /// Begins a sign-in at the identity provider for a pending request.
    func startProviderSignIn(pendingID: String, provider: ProviderSignIn) async -> Result<String, OAuthError> {
        do {
            guard try await pending(pendingID) != nil else { return .failure(.invalidRequest("This sign-in request expired; start again.")) }
            let (url, state, login) = try await provider.start(
                pending: pendingID, redirectURI: publicURL.base + "/oauth/callback", lifetime: configuration.pendingLifetime, now: Date())
            try await store.write { tx in try await self.put(login, key: GrantKey.login(state), in: .oauthGrants, tx: tx) }
            return .success(url)
        } catch let error as OAuthError {
            return .failure(error)
        } catch {
            return .failure(.serverError("The sign-in could not be started."))
        }
    }

    /// Completes a sign-in at the identity provider: the user is created or updated from the
    /// provider's claims. Returns the user and the pending request to continue.
    func finishProviderSignIn(_ query: FormData) async -> Result<(String, String), OAuthError> {
        guard let provider else { return .failure(.invalidRequest("No identity provider is configured.")) }
        if let error = query["error"] { return .failure(.accessDenied("The identity provider refused the sign-in (\(error.prefix(60))).")) }
        guard let state = query["state"], let code = query["code"] else { return .failure(.invalidRequest("The provider's answer lacks code or state.")) }
        do {
            let key = GrantKey.login(state)
            let login = try await store.write { tx -> ProviderLogin? in
                let login = try await self.get(ProviderLogin.self, key: key, in: .oauthGrants, from: tx)
                _ = try await tx.delete(key, in: .oauthGrants)
                return login
            }
            guard let login, login.expiresAt > Date() else { return .failure(.invalidRequest("This sign-in expired or was already completed; start again.")) }
            let identity = try await provider.finish(code: code, login: login, redirectURI: publicURL.base + "/oauth/callback", now: Date())
            guard IdentityRules.isValidUserName(identity.userName) else {
                return .failure(.accessDenied("The provider's user name \"\(identity.userName.prefix(60))\" cannot be a Gatehouse user name."))
            }
            let user = try await registry.upsertProviderUser(
                name: identity.userName, subject: identity.subject, email: identity.email, groups: identity.groups,
                application: provider.configuration.application(for: identity.groups))
            guard !user.disabled else { return .failure(.accessDenied("The user \"\(user.name)\" is disabled.")) }
            await registryChanged()
            logger.info("Signed in through the identity provider", metadata: ["gatehouse.user": "\(user.name)"])
            return .success((user.name, login.pending))
        } catch let error as OAuthError {
            return .failure(error)
        } catch {
            logger.error("Provider sign-in failed", metadata: ["error": "\(error)"])
            return .failure(.serverError("The sign-in could not be completed."))
        }
    }
}
