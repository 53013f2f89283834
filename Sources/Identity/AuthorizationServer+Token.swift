// The token endpoint (authorization_code with PKCE, refresh_token with rotation and reuse
// detection) and the revocation endpoint (RFC 7009). Every redemption happens in one write
// transaction, so two racing uses of one code or refresh token cannot both succeed.
import Auth
import Foundation
import Registry
import Store

/// A successful token response (RFC 6749 §5.1).
package struct TokenResponse: Encodable, Sendable {
    package var accessToken: String
    package var tokenType = "Bearer"
    package var expiresIn: Int64
    package var refreshToken: String?
    package var scope: String

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case tokenType = "token_type"
        case expiresIn = "expires_in"
        case refreshToken = "refresh_token"
        case scope
    }
}

extension AuthorizationServer {
    /// Answers a token request.
    /// - Parameter basic: Credentials from `Authorization: Basic`, when sent.
    func token(_ form: FormData, basic: (id: String, secret: String)?, now: Date = Date()) async throws(OAuthError) -> TokenResponse {
        try form.checkSingle()
        let client = try await authenticateClient(form, basic: basic, now: now)
        switch form["grant_type"] {
        case "authorization_code":
            return try await redeemCode(form, client: client, now: now)
        case "refresh_token":
            guard client.mayRefresh else { throw .unauthorizedClient("This client did not register for the refresh_token grant.") }
            return try await refresh(form, client: client, now: now)
        case nil:
            throw .invalidRequest("The request has no grant_type.")
        case let other?:
            throw .unsupportedGrantType("The grant type \"\(other.prefix(60))\" is not supported; use authorization_code or refresh_token.")
        }
    }

    /// The client of a token or revocation request, authenticated by its registered method.
    func authenticateClient(_ form: FormData, basic: (id: String, secret: String)?, now: Date) async throws(OAuthError) -> OAuthClientRecord {
        if let basic, let formID = form["client_id"], formID != basic.id {
            throw .invalidRequest("client_id in the body differs from the one in the Authorization header.")
        }
        guard let clientID = basic?.id ?? form["client_id"] else {
            throw .invalidClient("The request does not name its client: send client_id (or HTTP Basic credentials).")
        }
        let found: OAuthClientRecord?
        do {
            found = try await client(clientID, now: now)
        } catch let error as OAuthError {
            throw error
        } catch {
            throw .serverError("The client could not be looked up.")
        }
        guard let client = found else {
            throw .invalidClient("The client \"\(clientID.prefix(200))\" is not registered here; register it again and sign in.")
        }
        if !client.isPublic {
            guard let secret = basic?.secret ?? form["client_secret"], let hash = client.clientSecretHash,
                ConstantTime.equal(Array(SHA256Digest.hex(secret).utf8), Array(hash.utf8))
            else { throw .invalidClient("The client's credentials are missing or wrong.") }
        }
        return client
    }

    private func redeemCode(_ form: FormData, client: OAuthClientRecord, now: Date) async throws(OAuthError) -> TokenResponse {
        guard let code = form["code"] else { throw .invalidRequest("The request has no code.") }
        let verifier = form["code_verifier"]
        let result: Result<AuthorizationCodeRecord, OAuthError>
        do {
            result = try await store.write { tx -> Result<AuthorizationCodeRecord, OAuthError> in
                guard var record = try await self.get(AuthorizationCodeRecord.self, key: GrantKey.code(code), in: .oauthGrants, from: tx) else {
                    return .failure(.invalidGrant("The authorization code is not valid (unknown, or already expired)."))
                }
                if record.redeemedAt != nil {
                    return .failure(.invalidGrant("The authorization code was already used; every token issued from it is revoked."))
                }
                guard record.clientID == client.clientID else {
                    return .failure(.invalidGrant("The authorization code was issued to another client."))
                }
                guard record.expiresAt > now else { return .failure(.invalidGrant("The authorization code expired; sign in again.")) }
                guard form["redirect_uri"] == record.redirectURI else {
                    return .failure(.invalidGrant("redirect_uri must be the one the authorization request used."))
                }
                guard let verifier else { return .failure(.invalidRequest("PKCE is required: send code_verifier.")) }
                guard PKCE.verify(verifier: verifier, challenge: record.codeChallenge) else {
                    return .failure(.invalidGrant("The code_verifier does not match the code_challenge of the authorization request."))
                }
                if let resource = form["resource"], resource != record.resource {
                    return .failure(.invalidTarget("The resource must be the one that was authorized (\(record.resource))."))
                }
                record.redeemedAt = now
                try await self.put(record, key: GrantKey.code(code), in: .oauthGrants, tx: tx)
                return .success(record)
            }
        } catch {
            throw .serverError("The code could not be redeemed.")
        }
        let record: AuthorizationCodeRecord
        switch result {
        case .success(let r): record = r
        case .failure(let error):
            if error.message.hasPrefix("The authorization code was already used") {
                // RFC 6749 §4.1.2: a code used twice revokes what it produced.
                await revokeFamily(ofCode: code, now: now, reason: "code_reuse")
            }
            throw error
        }
        return try await issueTokens(
            client: client, user: record.user, resource: record.resource, scopes: record.scopes, family: record.family,
            familyExpiresAt: now + configuration.refreshTokenLifetime.timeInterval, now: now)
    }

    private func refresh(_ form: FormData, client: OAuthClientRecord, now: Date) async throws(OAuthError) -> TokenResponse {
        guard let token = form["refresh_token"] else { throw .invalidRequest("The request has no refresh_token.") }
        let requested = OAuthScope.parse(form["scope"])
        let outcome: Result<RefreshTokenRecord, OAuthError>
        do {
            outcome = try await store.write { tx -> Result<RefreshTokenRecord, OAuthError> in
                guard var record = try await self.get(RefreshTokenRecord.self, key: GrantKey.refresh(token), in: .oauthGrants, from: tx) else {
                    return .failure(.invalidGrant("The refresh token is not valid (unknown, expired or revoked)."))
                }
                guard record.clientID == client.clientID else { return .failure(.invalidGrant("The refresh token was issued to another client.")) }
                if try await tx.document("family:" + record.family, in: .revocations) != nil {
                    return .failure(.invalidGrant("The refresh token was revoked; sign in again."))
                }
                if record.rotatedAt != nil {
                    return .failure(.invalidGrant("The refresh token was already used; as a precaution every token of this sign-in is revoked. Sign in again."))
                }
                guard record.expiresAt > now else { return .failure(.invalidGrant("The refresh token expired; sign in again.")) }
                if let resource = form["resource"], resource != record.resource {
                    return .failure(.invalidTarget("The resource must be the one that was authorized (\(record.resource))."))
                }
                if let extra = requested.first(where: { !record.scopes.contains($0) }) {
                    return .failure(.invalidScope("The scope \"\(extra.prefix(60))\" was not granted; a refresh can only narrow the scopes."))
                }
                record.rotatedAt = now
                try await self.put(record, key: GrantKey.refresh(token), in: .oauthGrants, tx: tx)
                return .success(record)
            }
        } catch {
            throw .serverError("The refresh token could not be redeemed.")
        }
        let record: RefreshTokenRecord
        switch outcome {
        case .success(let r): record = r
        case .failure(let error):
            if error.message.hasPrefix("The refresh token was already used"), let family = try? await familyOfRefreshToken(token) {
                await revokeFamily(family, expiresAt: now + configuration.refreshTokenLifetime.timeInterval, reason: "refresh_token_reuse", now: now)
                logger.warning("Refresh token reuse: grant family revoked", metadata: ["gatehouse.client": "\(client.clientID)"])
            }
            throw error
        }
        do {
            guard let user = try await registry.user(record.user), !user.disabled else {
                throw OAuthError.invalidGrant("The user \"\(record.user)\" no longer exists or is disabled.")
            }
        } catch let error as OAuthError {
            throw error
        } catch {
            throw .serverError("The user could not be looked up.")
        }
        return try await issueTokens(
            client: client, user: record.user, resource: record.resource, scopes: requested.isEmpty ? record.scopes : requested, family: record.family,
            familyExpiresAt: record.familyExpiresAt, now: now)
    }

    /// A new access token, and a new refresh token for clients that may refresh.
    private func issueTokens(
        client: OAuthClientRecord, user: String, resource: String, scopes: [String], family: String, familyExpiresAt: Date, now: Date
    ) async throws(OAuthError) -> TokenResponse {
        do {
            let key = try await signingKey()
            let claims = AccessTokenClaims(
                issuer: issuer, subject: user, audience: resource, issuedAt: now, lifetime: configuration.accessTokenLifetime,
                tokenID: Base64URL.random(bytes: 16), clientID: client.clientID, scopes: scopes, family: family)
            let access = try await key.sign(claims)
            var refresh: String?
            if client.mayRefresh {
                let token = Self.secret("ghr_")
                let record = RefreshTokenRecord(
                    family: family, clientID: client.clientID, user: user, resource: resource, scopes: scopes,
                    expiresAt: min(now + configuration.refreshTokenLifetime.timeInterval, familyExpiresAt), familyExpiresAt: familyExpiresAt)
                try await store.write { tx in try await self.put(record, key: GrantKey.refresh(token), in: .oauthGrants, tx: tx) }
                refresh = token
            }
            return TokenResponse(
                accessToken: access, expiresIn: configuration.accessTokenLifetime.components.seconds, refreshToken: refresh,
                scope: scopes.joined(separator: " "))
        } catch {
            logger.error("Token issue failed", metadata: ["error": "\(error)"])
            throw .serverError("The tokens could not be issued.")
        }
    }

    // MARK: - Revocation

    /// RFC 7009: revokes a refresh token (its whole family) or an access token. Unknown tokens are
    /// not an error; a token of another client is ignored.
    func revoke(_ form: FormData, basic: (id: String, secret: String)?, now: Date = Date()) async throws(OAuthError) {
        try form.checkSingle()
        let client = try await authenticateClient(form, basic: basic, now: now)
        guard let token = form["token"] else { throw .invalidRequest("The request has no token.") }
        if AccessTokenVerifier.looksLikeJWT(token) {
            let keys = (try? await registry.state().identity.signingKeys.compactMap { try? SigningKey(kid: $0.kid, pem: $0.privateKeyPEM) }) ?? []
            let verifier = AccessTokenVerifier(issuer: issuer, keys: keys.map(VerificationKey.init))
            guard let claims = try? await verifier.verify(token, audience: nil, now: now), claims.clientID == client.clientID else { return }
            do {
                try await registry.revoke(
                    RevocationRecord(kind: .token, id: claims.jti, revokedAt: now, expiresAt: claims.expiresAt, reason: "revoked_by_client"), now: now)
                await registryChanged()
            } catch {
                throw .serverError("The token could not be revoked.")
            }
            return
        }
        guard let record = try? await store.read({ try await self.get(RefreshTokenRecord.self, key: GrantKey.refresh(token), in: .oauthGrants, from: $0) }),
            record.clientID == client.clientID
        else { return }
        await revokeFamily(record.family, expiresAt: record.familyExpiresAt, reason: "revoked_by_client", now: now)
    }

    /// Revokes a grant family: its refresh tokens stop working and its access tokens are refused.
    func revokeFamily(_ family: String, expiresAt: Date, reason: String, now: Date) async {
        do {
            try await registry.revoke(RevocationRecord(kind: .family, id: family, revokedAt: now, expiresAt: expiresAt, reason: reason), now: now)
            await registryChanged()
        } catch {
            logger.error("Revocation failed", metadata: ["error": "\(error)"])
        }
    }

    private func revokeFamily(ofCode code: String, now: Date, reason: String) async {
        guard let record = try? await store.read({ try await self.get(AuthorizationCodeRecord.self, key: GrantKey.code(code), in: .oauthGrants, from: $0) })
        else { return }
        await revokeFamily(record.family, expiresAt: now + configuration.refreshTokenLifetime.timeInterval, reason: reason, now: now)
    }

    private func familyOfRefreshToken(_ token: String) async throws -> String? {
        try await store.read { try await self.get(RefreshTokenRecord.self, key: GrantKey.refresh(token), in: .oauthGrants, from: $0) }?.family
    }
}
