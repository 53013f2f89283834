// Sign-in through an external OpenID Connect provider, with Gatehouse as its client:
// authorization code with PKCE (S256), `state` and `nonce`; the ID token's signature is checked
// against the provider's JWKS (RS256/ES256/PS256 only), then its issuer, audience, expiry and
// nonce. Claims become a Gatehouse user: the configured user claim (default `email`, else `sub`)
// names it, the groups claim (mapped through `group_map`) gives its groups.
import AsyncHTTPClient
import Auth
import Foundation
import JSONSchema
import JWTKit
import Logging
import NIOCore
import Synchronization

/// What the provider said about the person who signed in.
struct ProviderIdentity: Sendable, Equatable {
    var subject: String
    var userName: String
    var email: String?
    var groups: [String]
}

/// The client side of the external provider.
final class ProviderSignIn: Sendable {
    let configuration: ProviderConfiguration
    let http: HTTPClient
    let logger: Logger
    private let discovered = Mutex<ProviderMetadata?>(nil)

    struct ProviderMetadata: Sendable {
        var authorizationEndpoint: String
        var tokenEndpoint: String
        var jwksURI: String
    }

    /// Algorithms accepted on ID tokens.
    static let allowedAlgorithms: Set<String> = ["RS256", "ES256", "PS256"]

    init(configuration: ProviderConfiguration, http: HTTPClient, logger: Logger) {
        self.configuration = configuration
        self.http = http
        self.logger = logger
    }

    /// The provider's metadata, read once from its discovery document (issuer checked exactly).
    func metadata() async throws(OAuthError) -> ProviderMetadata {
        if let known = discovered.withLock({ $0 }) { return known }
        let url = configuration.issuer.trimmingSuffix("/") + "/.well-known/openid-configuration"
        let json = try await getJSON(url)
        guard json["issuer"]?.stringValue == configuration.issuer, let auth = json["authorization_endpoint"]?.stringValue,
            let token = json["token_endpoint"]?.stringValue, let jwks = json["jwks_uri"]?.stringValue
        else {
            throw .serverError("The identity provider's discovery document at \(url) lacks endpoints or names another issuer than \(configuration.issuer).")
        }
        let metadata = ProviderMetadata(authorizationEndpoint: auth, tokenEndpoint: token, jwksURI: jwks)
        discovered.withLock { $0 = metadata }
        return metadata
    }

    /// The provider's authorization URL for a new sign-in, and the login record to keep under `state`.
    func start(pending: String, redirectURI: String, lifetime: Duration, now: Date) async throws(OAuthError) -> (url: String, state: String, login: ProviderLogin) {
        let metadata = try await metadata()
        let state = Base64URL.random(bytes: 24)
        let login = ProviderLogin(pending: pending, nonce: Base64URL.random(bytes: 24), verifier: Base64URL.random(bytes: 48), expiresAt: now + lifetime.timeInterval)
        let query = FormData.encode([
            ("response_type", "code"), ("client_id", configuration.clientID), ("redirect_uri", redirectURI),
            ("scope", configuration.scopes.joined(separator: " ")), ("state", state), ("nonce", login.nonce),
            ("code_challenge", PKCE.challenge(for: login.verifier)), ("code_challenge_method", PKCE.method),
        ])
        let separator = metadata.authorizationEndpoint.contains("?") ? "&" : "?"
        return (metadata.authorizationEndpoint + separator + query, state, login)
    }

    /// Exchanges the provider's code and checks the ID token.
    func finish(code: String, login: ProviderLogin, redirectURI: String, now: Date) async throws(OAuthError) -> ProviderIdentity {
        let metadata = try await metadata()
        var form: [(String, String)] = [
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI), ("code_verifier", login.verifier),
        ]
        var request = HTTPClientRequest(url: metadata.tokenEndpoint)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        if let secret = configuration.clientSecret {
            let credentials = FormData.encode([(configuration.clientID, secret)]).replacingOccurrences(of: "=", with: ":")
            request.headers.add(name: "Authorization", value: "Basic " + Data(credentials.utf8).base64EncodedString())
        } else {
            form.append(("client_id", configuration.clientID))
        }
        request.body = .bytes(ByteBuffer(string: FormData.encode(form)))
        let response = try await sendJSON(request, what: "token endpoint")
        guard let idToken = response["id_token"]?.stringValue else {
            throw .serverError("The identity provider returned no ID token; is the openid scope configured?")
        }
        return try await verify(idToken: idToken, nonce: login.nonce, jwksURI: metadata.jwksURI, now: now)
    }

    /// Checks an ID token and maps its claims.
    func verify(idToken: String, nonce: String, jwksURI: String, now: Date) async throws(OAuthError) -> ProviderIdentity {
        let parts = idToken.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = Base64URL.decode(parts[0]), let header = (try? JSONParser.parse(headerBytes))?.objectValue,
            let alg = header["alg"]?.stringValue, Self.allowedAlgorithms.contains(alg),
            let payloadBytes = Base64URL.decode(parts[1]), let claims = (try? JSONParser.parse(payloadBytes))?.objectValue
        else { throw .accessDenied("The identity provider's ID token is malformed or uses an algorithm that is not accepted.") }
        let jwks = try await getJSON(jwksURI)
        do {
            let keys = JWTKeyCollection()
            try await keys.add(jwksJSON: String(decoding: JSONValue.object(jwks).serialized(), as: UTF8.self))
            _ = try await keys.verify(idToken, as: IDTokenSignature.self)
        } catch {
            throw .accessDenied("The identity provider's ID token signature is not valid.")
        }
        guard claims["iss"]?.stringValue == configuration.issuer else { throw .accessDenied("The ID token was issued by another provider.") }
        let audiences = claims["aud"]?.stringValue.map { [$0] } ?? claims["aud"]?.arrayValue?.compactMap(\.stringValue) ?? []
        guard audiences.contains(configuration.clientID) else { throw .accessDenied("The ID token is not for this Gatehouse (audience).") }
        guard let exp = claims["exp"]?.doubleValue, exp > now.timeIntervalSince1970 else { throw .accessDenied("The ID token expired.") }
        guard claims["nonce"]?.stringValue == nonce else { throw .accessDenied("The ID token's nonce does not match this sign-in.") }
        guard let subject = claims["sub"]?.stringValue, !subject.isEmpty else { throw .accessDenied("The ID token has no subject.") }
        let email = claims["email"]?.stringValue
        let name = claims[configuration.userClaim]?.stringValue ?? subject
        let groups = claims[configuration.groupsClaim]?.arrayValue?.compactMap(\.stringValue) ?? []
        return ProviderIdentity(subject: subject, userName: name, email: email, groups: configuration.mapGroups(groups))
    }

    private func getJSON(_ url: String) async throws(OAuthError) -> JSONObject {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "application/json")
        return try await sendJSON(request, what: url)
    }

    private func sendJSON(_ request: HTTPClientRequest, what: String) async throws(OAuthError) -> JSONObject {
        do {
            let response = try await http.execute(request, timeout: .seconds(10))
            let body = try await response.body.collect(upTo: 1 << 20)
            guard response.status == .ok, let json = (try? JSONParser.parse(Array(body.readableBytesView)))?.objectValue else {
                logger.warning("Identity provider request failed", metadata: ["gatehouse.url": "\(what)", "http.status": "\(response.status.code)"])
                throw OAuthError.serverError("The identity provider's \(what) answered HTTP \(response.status.code).")
            }
            return json
        } catch let error as OAuthError {
            throw error
        } catch {
            throw .serverError("The identity provider (\(what)) could not be reached.")
        }
    }
}

/// Only the signature matters to jwt-kit here; claims are checked above, in order.
private struct IDTokenSignature: JWTPayload {
    func verify(using algorithm: some JWTAlgorithm) async throws {}
    init(from decoder: any Decoder) throws {}
    func encode(to encoder: any Encoder) throws {}
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        var s = self
        while s.hasSuffix(suffix) { s.removeLast(suffix.count) }
        return s
    }
}
