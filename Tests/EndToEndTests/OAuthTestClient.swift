// A small OAuth client for end-to-end tests: registers, authorizes (Gatehouse in test mode
// approves at once) without following redirects, exchanges codes, and calls MCP endpoints with a
// bearer token, returning raw statuses, headers and JSON so tests can assert whole errors.
import AsyncHTTPClient
import Crypto
import Foundation
import JSONSchema
import NIOCore
import NIOHTTP1

struct HTTPReply {
    var status: Int
    var headers: HTTPHeaders
    var body: String
    var json: JSONValue { (try? JSONParser.parse(body)) ?? .null }
    var location: String? { headers.first(name: "location") }
    /// Query parameters of the Location header.
    var redirectParameters: [String: String] {
        guard let location, let items = URLComponents(string: location)?.queryItems else { return [:] }
        return Dictionary(items.map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { a, _ in a })
    }
}

struct OAuthTestClient {
    let base: String
    static let redirect = "http://127.0.0.1:33418/callback"

    static let http: HTTPClient = {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5), read: .seconds(30)))
        configuration.httpVersion = .http1Only
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    func send(_ method: HTTPMethod, _ url: String, headers: [(String, String)] = [], body: String? = nil) async throws -> HTTPReply {
        var request = HTTPClientRequest(url: url.hasPrefix("http") ? url : base + url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await Self.http.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return HTTPReply(status: Int(response.status.code), headers: response.headers, body: String(buffer: bytes))
    }

    func form(_ url: String, _ pairs: [(String, String)], headers: [(String, String)] = []) async throws -> HTTPReply {
        try await send(.POST, url, headers: [("Content-Type", "application/x-www-form-urlencoded")] + headers, body: Self.encode(pairs))
    }

    static func encode(_ pairs: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return pairs.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
    }

    /// Registers a public client; returns its id.
    func register(redirects: [String] = [redirect], grants: [String] = ["authorization_code", "refresh_token"]) async throws -> String {
        let body = JSONValue.object([
            "client_name": "e2e", "redirect_uris": .array(redirects.map(JSONValue.string)), "grant_types": .array(grants.map(JSONValue.string)),
            "application_type": "native",
        ]).jsonString()
        let reply = try await send(.POST, "/oauth/register", headers: [("Content-Type", "application/json")], body: body)
        guard reply.status == 201, let id = reply.json["client_id"]?.stringValue else { throw TestEnvironment.Missing(description: "register: \(reply.status) \(reply.body)") }
        return id
    }

    struct PKCEPair {
        let verifier = String((0..<64).map { _ in "abcdefghijklmnopqrstuvwxyz0123456789".randomElement()! })
        var challenge: String {
            Data(SHA256.hash(data: Array(verifier.utf8))).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        }
    }

    /// GET /oauth/authorize with the usual parameters, overridable.
    func authorize(
        clientID: String, pkce: PKCEPair, resource: String?, scope: String? = "mcp offline_access", redirect: String = redirect,
        challengeMethod: String = "S256", extra: [(String, String)] = []
    ) async throws -> HTTPReply {
        var pairs: [(String, String)] = [
            ("response_type", "code"), ("client_id", clientID), ("redirect_uri", redirect), ("state", "st-123"),
            ("code_challenge", pkce.challenge), ("code_challenge_method", challengeMethod),
        ]
        if let resource { pairs.append(("resource", resource)) }
        if let scope { pairs.append(("scope", scope)) }
        return try await send(.GET, "/oauth/authorize?" + Self.encode(pairs + extra))
    }

    func exchange(clientID: String, code: String, verifier: String, resource: String?, redirect: String = redirect) async throws -> HTTPReply {
        var pairs = [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirect), ("client_id", clientID), ("code_verifier", verifier)]
        if let resource { pairs.append(("resource", resource)) }
        return try await form("/oauth/token", pairs)
    }

    /// A full sign-in: returns the token response JSON.
    func signIn(resource: String, scope: String? = "mcp offline_access") async throws -> (clientID: String, tokens: JSONValue) {
        let clientID = try await register()
        let pkce = PKCEPair()
        let reply = try await authorize(clientID: clientID, pkce: pkce, resource: resource, scope: scope)
        guard let code = reply.redirectParameters["code"] else { throw TestEnvironment.Missing(description: "authorize: \(reply.status) \(reply.location ?? reply.body)") }
        let tokens = try await exchange(clientID: clientID, code: code, verifier: pkce.verifier, resource: resource)
        guard tokens.status == 200 else { throw TestEnvironment.Missing(description: "token: \(tokens.status) \(tokens.body)") }
        return (clientID, tokens.json)
    }

    /// A 2026-07-28 `tools/list` on an endpoint with a bearer token.
    func listTools(_ path: String, token: String) async throws -> HTTPReply {
        try await send(ModernRequest(method: "tools/list"), to: path, token: token)
    }

    /// A 2026-07-28 `tools/call`.
    func callTool(_ path: String, name: String, token: String) async throws -> HTTPReply {
        try await send(ModernRequest(id: 2, method: "tools/call", name: name, arguments: "{}"), to: path, token: token)
    }

    private func send(_ request: ModernRequest, to path: String, token: String) async throws -> HTTPReply {
        try await send(.POST, path, headers: [("Authorization", "Bearer \(token)")] + request.headers, body: request.body)
    }
}
