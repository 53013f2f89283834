// Clients: pre-registered in the file, registered on the fly (RFC 7591, with the RFC 7592
// registration_client_uri and registration_access_token that Claude needs), or named by a client
// ID metadata document URL (fetched, checked and cached). An unknown client id is `invalid_client`
// with 401 everywhere, which is what makes clients register again after a reset.
import AsyncHTTPClient
import Auth
import Foundation
import JSONSchema
import NIOCore
import Store

extension AuthorizationServer {
    /// The largest registration request or metadata document read: 64 KiB.
    static let maxClientDocumentBytes = 64 << 10
    /// Most redirect URIs one client may register.
    static let maxRedirectURIs = 16

    /// The client with this id: from the store, or, for an https URL, its metadata document.
    /// - Throws: ``OAuthError`` when a metadata document cannot be used.
    func client(_ clientID: String, now: Date) async throws -> OAuthClientRecord? {
        if let declared = configuration.clients.first(where: { $0.clientID == clientID }) { return declared }
        let stored = try await store.read { try await self.get(OAuthClientRecord.self, key: clientID, in: .oauthClients, from: $0) }
        if ClientMetadataDocument.isDocumentURL(clientID, allowLoopbackHTTP: configuration.allowsLoopbackClientMetadata) {
            if let stored, let due = stored.refreshAfter, due > now { return stored }
            guard let http else { throw OAuthError.invalidClient("Client metadata documents cannot be fetched by this Gatehouse.") }
            let record = try await ClientMetadataDocument.fetch(clientID, http: http, maxBytes: Self.maxClientDocumentBytes, now: now)
            try await store.write { tx in try await self.put(record, key: clientID, in: .oauthClients, tx: tx) }
            return record
        }
        return stored
    }

    /// Registers a client (RFC 7591); returns the registration response (status 201).
    func register(_ body: [UInt8], now: Date = Date()) async throws(OAuthError) -> [String: JSONValue] {
        guard let json = try? JSONParser.parse(body), let metadata = json.objectValue else {
            throw .invalidClientMetadata("The registration request must be a JSON object.")
        }
        var record = try Self.clientRecord(from: metadata, clientID: "ghc-" + Base64URL.random(bytes: 15), source: "dynamic", now: now)
        let registrationToken = Self.secret("ghrat_")
        record.registrationTokenHash = SHA256Digest.hex(registrationToken)
        var secret: String?
        if !record.isPublic {
            let s = Self.secret("ghcs_")
            record.clientSecretHash = SHA256Digest.hex(s)
            secret = s
        }
        do {
            try await store.write { tx in try await self.put(record, key: record.clientID, in: .oauthClients, tx: tx) }
        } catch {
            throw .serverError("The client could not be stored.")
        }
        logger.info("Client registered", metadata: ["gatehouse.client": "\(record.clientID)", "gatehouse.client_name": "\(record.clientName ?? "")"])
        var response = clientMetadata(record)
        response["client_id_issued_at"] = .int(Int64(now.timeIntervalSince1970))
        response["registration_access_token"] = .string(registrationToken)
        if let secret {
            response["client_secret"] = .string(secret)
            response["client_secret_expires_at"] = 0
        }
        return response
    }

    /// RFC 7592 read and delete of a dynamically registered client, authorized by its
    /// registration access token.
    func registeredClient(_ clientID: String, registrationToken: String?, delete: Bool) async throws(OAuthError) -> [String: JSONValue]? {
        let record = try? await store.read { try await self.get(OAuthClientRecord.self, key: clientID, in: .oauthClients, from: $0) }
        guard let record, let hash = record.registrationTokenHash, let registrationToken,
            ConstantTime.equal(Array(SHA256Digest.hex(registrationToken).utf8), Array(hash.utf8))
        else { throw .invalidToken("Unknown client, or a wrong registration access token; register the client again.") }
        if delete {
            _ = try? await store.write { tx in try await tx.delete(clientID, in: .oauthClients) }
            return nil
        }
        return clientMetadata(record)
    }

    /// The public metadata of a client, with its registration management URI.
    func clientMetadata(_ record: OAuthClientRecord) -> [String: JSONValue] {
        var json: [String: JSONValue] = [
            "client_id": .string(record.clientID),
            "redirect_uris": .array(record.redirectURIs.map(JSONValue.string)),
            "grant_types": .array(record.grantTypes.map(JSONValue.string)),
            "response_types": .array(record.responseTypes.map(JSONValue.string)),
            "token_endpoint_auth_method": .string(record.tokenEndpointAuthMethod),
            "registration_client_uri": .string(registrationEndpoint + "/" + record.clientID),
        ]
        if let name = record.clientName { json["client_name"] = .string(name) }
        if let scope = record.scope { json["scope"] = .string(scope) }
        if let type = record.applicationType { json["application_type"] = .string(type) }
        return json
    }

    /// Validates client metadata (a registration request or a metadata document).
    static func clientRecord(from metadata: JSONObject, clientID: String, source: String, now: Date) throws(OAuthError) -> OAuthClientRecord {
        func strings(_ key: String) throws(OAuthError) -> [String]? {
            guard let value = metadata[key] else { return nil }
            guard let array = value.arrayValue, array.allSatisfy({ $0.stringValue != nil }) else {
                throw .invalidClientMetadata("\(key) must be a list of strings.")
            }
            return array.compactMap(\.stringValue)
        }
        func string(_ key: String) throws(OAuthError) -> String? {
            guard let value = metadata[key] else { return nil }
            guard let s = value.stringValue else { throw .invalidClientMetadata("\(key) must be a string.") }
            return s
        }
        guard let redirects = try strings("redirect_uris"), !redirects.isEmpty else {
            throw .invalidRedirectURI("redirect_uris is required and must list at least one URI.")
        }
        guard redirects.count <= maxRedirectURIs else { throw .invalidRedirectURI("At most \(maxRedirectURIs) redirect URIs may be registered.") }
        for uri in redirects {
            if let problem = RedirectURI.problem(with: uri) { throw .invalidRedirectURI("The redirect URI \(problem).") }
        }
        let grants = try strings("grant_types") ?? ["authorization_code"]
        if let bad = grants.first(where: { !["authorization_code", "refresh_token"].contains($0) }) {
            throw .invalidClientMetadata("The grant type \"\(bad.prefix(60))\" is not supported; use authorization_code and refresh_token.")
        }
        let responses = try strings("response_types") ?? ["code"]
        if let bad = responses.first(where: { $0 != "code" }) {
            throw .invalidClientMetadata("The response type \"\(bad.prefix(60))\" is not supported; use code.")
        }
        // Without a method we register a public client: MCP clients are native apps holding no secret.
        let method = try string("token_endpoint_auth_method") ?? "none"
        guard ["none", "client_secret_basic", "client_secret_post"].contains(method) else {
            throw .invalidClientMetadata("token_endpoint_auth_method \"\(method.prefix(60))\" is not supported; use none, client_secret_basic or client_secret_post.")
        }
        if source == "metadata_document", method != "none" {
            throw .invalidClientMetadata("A client metadata document must use token_endpoint_auth_method none (it carries no secret).")
        }
        let name = try string("client_name").map { String($0.prefix(200)) }
        return OAuthClientRecord(
            clientID: clientID, redirectURIs: redirects, grantTypes: grants, responseTypes: responses, tokenEndpointAuthMethod: method,
            clientName: name, scope: try string("scope"), applicationType: try string("application_type"), source: source, createdAt: now)
    }
}

/// Client ID metadata documents: a client id that is an https URL names a JSON document the
/// client hosts; its `client_id` must equal the URL.
enum ClientMetadataDocument {
    /// How long a fetched document is trusted before it is fetched again.
    static let cacheLifetime: TimeInterval = 3600

    /// Whether `clientID` is a metadata document URL: https with a path; in test mode also http
    /// on a loopback host (documented test exception).
    static func isDocumentURL(_ clientID: String, allowLoopbackHTTP: Bool) -> Bool {
        guard let c = URLComponents(string: clientID), let scheme = c.scheme?.lowercased(), c.host?.isEmpty == false, c.path.count > 1,
            c.fragment == nil, c.user == nil
        else { return false }
        if scheme == "https" { return true }
        return scheme == "http" && allowLoopbackHTTP && RedirectURI.isLoopback(c.host)
    }

    static func fetch(_ url: String, http: HTTPClient, maxBytes: Int, now: Date) async throws -> OAuthClientRecord {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "application/json")
        let body: ByteBuffer
        do {
            let response = try await http.execute(request, timeout: .seconds(5))
            guard response.status == .ok else {
                throw OAuthError.invalidClient("The client metadata document at \(url.prefix(200)) answered HTTP \(response.status.code).")
            }
            body = try await response.body.collect(upTo: maxBytes)
        } catch let error as OAuthError {
            throw error
        } catch {
            throw OAuthError.invalidClient("The client metadata document at \(url.prefix(200)) could not be fetched.")
        }
        guard let metadata = (try? JSONParser.parse(Array(body.readableBytesView)))?.objectValue else {
            throw OAuthError.invalidClientMetadata("The client metadata document at \(url.prefix(200)) is not a JSON object.")
        }
        guard metadata["client_id"]?.stringValue == url else {
            throw OAuthError.invalidClientMetadata("The client metadata document's client_id must equal its URL (\(url.prefix(200))).")
        }
        var record = try AuthorizationServer.clientRecord(from: metadata, clientID: url, source: "metadata_document", now: now)
        record.refreshAfter = now + cacheLifetime
        return record
    }
}
