// The authorization endpoint's decisions (RFC 6749 §4.1.1, OAuth 2.1, RFC 7636, RFC 8707,
// RFC 9207). Problems found before the client and redirect URI are known are shown to the user,
// never redirected (an unverified redirect URI would make Gatehouse an open redirector); later
// problems go back to the client as `error=` on its redirect URI, with `state` and `iss`.
import Auth
import Foundation
import Store

/// What the authorization endpoint does with a request.
enum AuthorizeResult: Sendable {
    /// Show this error; do not redirect.
    case show(OAuthError)
    /// Redirect the browser here (a code, or an error for the client).
    case redirect(String)
    /// Sign-in and consent are needed for this pending request.
    case pending(PendingAuthorization, OAuthClientRecord)
}

extension AuthorizationServer {
    /// Validates an authorization request and records it as pending (or, in test mode, approves it).
    func authorize(_ query: FormData, now: Date = Date()) async -> AuthorizeResult {
        do {
            try query.checkSingle()
        } catch {
            return .show(error)
        }
        guard let clientID = query["client_id"] else { return .show(.invalidRequest("The request has no client_id.")) }
        let registered: OAuthClientRecord
        do {
            guard let found = try await self.client(clientID, now: now) else {
                return .show(.invalidClient("The client \"\(clientID.prefix(200))\" is not registered here; register it again (dynamic client registration) and retry."))
            }
            registered = found
        } catch let error as OAuthError {
            return .show(error)
        } catch {
            return .show(.serverError("The client could not be looked up."))
        }
        let redirectURI: String
        if let presented = query["redirect_uri"] {
            guard RedirectURI.match(presented, in: registered.redirectURIs) != nil else {
                return .show(.invalidRequest("The redirect_uri \(presented.prefix(200)) is not registered for this client (it must match exactly; loopback ports may vary)."))
            }
            redirectURI = presented
        } else if registered.redirectURIs.count == 1 {
            redirectURI = registered.redirectURIs[0]
        } else {
            return .show(.invalidRequest("The request has no redirect_uri and the client registered several; send one."))
        }
        let state = query["state"]
        func fail(_ error: OAuthError) -> AuthorizeResult { .redirect(self.redirect(redirectURI, error: error, state: state)) }

        guard query["response_type"] == "code" else {
            let got = query["response_type"].map { String($0.prefix(40)) } ?? "none"
            return fail(.unsupportedResponseType("Only response_type=code is supported (got \(got))."))
        }
        guard registered.responseTypes.contains("code"), registered.grantTypes.contains("authorization_code") else {
            return fail(.unauthorizedClient("This client did not register for the authorization code grant."))
        }
        guard let challenge = query["code_challenge"] else {
            return fail(.invalidRequest("PKCE is required: send code_challenge and code_challenge_method=S256."))
        }
        guard query["code_challenge_method"] == PKCE.method else {
            return fail(.invalidRequest("code_challenge_method must be S256 (got \(query["code_challenge_method"]?.prefix(20) ?? "none")); plain is not accepted."))
        }
        guard PKCE.isValidChallenge(challenge) else {
            return fail(.invalidRequest("code_challenge is not an S256 challenge (43 base64url characters)."))
        }
        guard let resource = query["resource"] else {
            return fail(.invalidTarget("The resource parameter is required (RFC 8707): name the MCP endpoint, such as \(publicURL.resource(forPath: "/mcp"))."))
        }
        guard endpointPath(ofResource: resource) != nil else {
            return fail(.invalidTarget("The resource \(resource.prefix(200)) is not an MCP endpoint of this Gatehouse; use \(publicURL.resource(forPath: "/mcp")) or \(publicURL.resource(forPath: "/servers/{slug}/mcp"))."))
        }
        let scopes: [String]
        do {
            scopes = try grantedScopes(query["scope"], client: registered)
        } catch {
            return fail(error)
        }
        let pending = PendingAuthorization(
            id: Base64URL.random(bytes: 18), clientID: registered.clientID, redirectURI: redirectURI, state: state, codeChallenge: challenge,
            resource: resource, scopes: scopes, expiresAt: now + configuration.pendingLifetime.timeInterval, csrf: Base64URL.random(bytes: 18))
        do {
            try await store.write { tx in try await self.put(pending, key: pending.key, in: .oauthGrants, tx: tx) }
        } catch {
            return fail(.serverError("The request could not be recorded."))
        }
        if let user = configuration.autoConsentUser {
            // Test mode: consent given at once as the configured built-in user.
            return await decide(pendingID: pending.id, user: user, approve: true, now: now)
        }
        return .pending(pending, registered)
    }

    /// The scopes granted for a requested scope parameter: `mcp` when none is asked for; unknown
    /// scopes are refused; `offline_access` only for clients that may refresh.
    func grantedScopes(_ requested: String?, client: OAuthClientRecord) throws(OAuthError) -> [String] {
        var scopes = OAuthScope.parse(requested)
        if scopes.isEmpty { scopes = OAuthScope.defaults }
        let known = Set(OAuthScope.supported).union(OAuthScope.identity)
        if let unknown = scopes.first(where: { !known.contains($0) }) {
            throw .invalidScope("The scope \"\(unknown.prefix(60))\" is not known here; ask for \(OAuthScope.supported.joined(separator: " ")).")
        }
        if scopes.contains(OAuthScope.offlineAccess), !client.mayRefresh {
            throw .invalidScope("offline_access needs the refresh_token grant, which this client did not register.")
        }
        return scopes
    }

    /// A pending request, if it exists and has not expired.
    func pending(_ id: String, now: Date = Date()) async throws -> PendingAuthorization? {
        let record = try await store.read { try await self.get(PendingAuthorization.self, key: "pending:" + id, in: .oauthGrants, from: $0) }
        guard let record, record.expiresAt > now else { return nil }
        return record
    }

    /// Approves (issues a code) or denies a pending request for `user`; either way the browser
    /// goes back to the client.
    func decide(pendingID: String, user: String, approve: Bool, now: Date = Date()) async -> AuthorizeResult {
        do {
            guard let pending = try await pending(pendingID, now: now) else {
                return .show(.invalidRequest("This sign-in request expired or was already answered; start again from the application."))
            }
            guard approve else {
                try await store.write { tx in _ = try await tx.delete(pending.key, in: .oauthGrants) }
                return .redirect(redirect(pending.redirectURI, error: .accessDenied("The user declined."), state: pending.state))
            }
            guard let account = try await registry.user(user), !account.disabled else {
                return .show(.accessDenied("The user \"\(user)\" does not exist or is disabled."))
            }
            let code = Self.secret("ghc_")
            let record = AuthorizationCodeRecord(
                clientID: pending.clientID, redirectURI: pending.redirectURI, codeChallenge: pending.codeChallenge, resource: pending.resource,
                scopes: pending.scopes, user: account.name, family: Base64URL.random(bytes: 16), expiresAt: now + configuration.codeLifetime.timeInterval)
            try await store.write { tx in
                _ = try await tx.delete(pending.key, in: .oauthGrants)
                try await self.put(record, key: GrantKey.code(code), in: .oauthGrants, tx: tx)
            }
            logger.info("Authorization granted", metadata: ["gatehouse.user": "\(account.name)", "gatehouse.client": "\(pending.clientID)", "gatehouse.resource": "\(pending.resource)"])
            return .redirect(redirect(pending.redirectURI, params: [("code", code)], state: pending.state))
        } catch {
            logger.error("Authorization failed", metadata: ["error": "\(error)"])
            return .show(.serverError("The authorization could not be completed."))
        }
    }

    /// The client's redirect URI with response parameters, `state` and `iss` (RFC 9207) appended.
    func redirect(_ uri: String, params: [(String, String)] = [], error: OAuthError? = nil, state: String?) -> String {
        var pairs = params
        if let error { pairs += [("error", error.code), ("error_description", error.message)] }
        if let state { pairs.append(("state", state)) }
        pairs.append(("iss", issuer))
        let separator = uri.contains("?") ? "&" : "?"
        return uri + separator + FormData.encode(pairs)
    }
}

extension Duration {
    /// Seconds as a `TimeInterval`.
    var timeInterval: TimeInterval { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
