// Gatehouse as the OAuth 2.1 authorization server of its own MCP endpoints. This type holds the
// decisions and the state; `IdentityRoutes` adapts it to HTTP. Grants (codes, refresh tokens,
// pending authorizations) and clients are kept in the store's bookkeeping collections; users,
// signing keys and revocations are registry entries, so the data plane sees them.
import AsyncHTTPClient
import Auth
import Foundation
import Logging
import Registry
import Store
import Synchronization

/// What the authorization server needs to know about the MCP endpoints it protects.
package protocol ProtectedServers: Sendable {
    /// Whether a server with this slug is registered and takes calls.
    func hasServer(_ slug: String) -> Bool
    /// Servers an application may reach through an endpoint (`nil` slug: the merged `/mcp`), as
    /// `(slug, title)` pairs for the consent screen.
    func servers(for application: String?, endpointServer: String?) -> [(slug: String, title: String)]
}

/// The authorization server.
package final class AuthorizationServer: Sendable {
    package let publicURL: PublicURL
    package let configuration: IdentityConfiguration
    let registry: RegistryService
    let store: any RegistryStore
    let servers: any ProtectedServers
    let http: HTTPClient?
    package let logger: Logger
    /// Called after a registry change the data plane must see at once (a new signing key, a
    /// revocation): the composition root reloads the directory.
    let registryChanged: @Sendable () async -> Void
    let cookies: BrowserSessions
    private let activeKey = Mutex<(key: SigningKey, fetched: ContinuousClock.Instant)?>(nil)
    let provider: ProviderSignIn?

    package init(
        publicURL: PublicURL, configuration: IdentityConfiguration, registry: RegistryService, servers: any ProtectedServers, http: HTTPClient?,
        cookieKey: [UInt8], logger: Logger, registryChanged: @escaping @Sendable () async -> Void
    ) {
        self.publicURL = publicURL
        self.configuration = configuration
        self.registry = registry
        self.store = registry.store
        self.servers = servers
        self.http = http
        self.logger = logger
        self.registryChanged = registryChanged
        self.cookies = BrowserSessions(key: cookieKey, lifetime: configuration.browserSessionLifetime)
        self.provider = configuration.provider.flatMap { p in http.map { ProviderSignIn(configuration: p, http: $0, logger: logger) } }
    }

    // MARK: - Endpoint URLs

    package var issuer: String { publicURL.issuer }
    var authorizationEndpoint: String { publicURL.base + "/oauth/authorize" }
    var tokenEndpoint: String { publicURL.base + "/oauth/token" }
    var registrationEndpoint: String { publicURL.base + "/oauth/register" }
    var revocationEndpoint: String { publicURL.base + "/oauth/revoke" }
    var jwksURI: String { publicURL.base + "/oauth/jwks" }

    /// The endpoint path a resource indicator names, or `nil` when it is not one of Gatehouse's
    /// MCP endpoints: `<public URL>/mcp` or `<public URL>/servers/<registered slug>/mcp`.
    func endpointPath(ofResource resource: String) -> String? {
        let base = publicURL.base
        guard resource.hasPrefix(base) else { return nil }
        let path = String(resource.dropFirst(base.count))
        if path == "/mcp" { return path }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 4, parts[0].isEmpty, parts[1] == "servers", parts[3] == "mcp", servers.hasServer(String(parts[2])) { return path }
        return nil
    }

    /// The slug of a per-server resource, `nil` for `/mcp`.
    func serverSlug(ofPath path: String) -> String? {
        let parts = path.split(separator: "/")
        return parts.count == 3 ? String(parts[1]) : nil
    }

    // MARK: - Signing keys

    /// Makes sure a signing key exists (and rotates an old one); called at start.
    package func prepareSigningKeys() async throws {
        _ = try await signingKey()
        await registryChanged()
    }

    /// The key that signs now (cached for a minute; rotation happens here when it is due).
    func signingKey() async throws -> SigningKey {
        if let cached = activeKey.withLock({ $0 }), ContinuousClock.now - cached.fetched < .seconds(60) { return cached.key }
        let before = try await registry.currentSigningKey()?.kid
        let record = try await registry.activeSigningKey(rotateAfter: configuration.signingKeyRotation, retainFor: retention)
        let key = try SigningKey(kid: record.kid, pem: record.privateKeyPEM)
        activeKey.withLock { $0 = (key, .now) }
        if before != record.kid {
            logger.info("Signing key rotated", metadata: ["gatehouse.kid": "\(record.kid)"])
            await registryChanged()
        }
        return key
    }

    /// Rotates the signing key now; the previous key keeps verifying its tokens until they expire.
    @discardableResult
    package func rotateSigningKey() async throws -> String {
        let record = try await registry.rotateSigningKey(retainFor: retention)
        activeKey.withLock { $0 = nil }
        await registryChanged()
        return record.kid
    }

    /// How long a retired key stays published: the access token lifetime plus a margin.
    var retention: Duration { configuration.accessTokenLifetime + .seconds(300) }

    /// The published JWKS: every key not yet dropped.
    package func jwks() async throws -> [[String: String]] {
        let state = try await registry.state()
        return state.identity.signingKeys.sorted { $0.createdAt > $1.createdAt }.compactMap {
            (try? SigningKey(kid: $0.kid, pem: $0.privateKeyPEM)).map { VerificationKey($0).jwk }
        }
    }

    // MARK: - Grant storage (bookkeeping: no generation bump)

    func put<T: Encodable>(_ value: T, key: String, in collection: StoreCollection, tx: any RegistryStoreWriter) async throws {
        try await tx.put(StoredDocument(key: key, body: String(decoding: try Self.encoder.encode(value), as: UTF8.self)), in: collection, bumpsGeneration: false)
    }

    func get<T: Decodable>(_ type: T.Type, key: String, in collection: StoreCollection, from reader: any RegistryStoreReader) async throws -> T? {
        guard let document = try await reader.document(key, in: collection) else { return nil }
        return try? JSONDecoder().decode(type, from: Data(document.body.utf8))
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    /// A new random secret: prefix + 32 random bytes, base64url.
    static func secret(_ prefix: String) -> String { prefix + Base64URL.random(bytes: 32) }
}
