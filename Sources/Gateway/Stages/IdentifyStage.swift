// Identify stage: turns the presented credentials into a Principal, the one writer of it.
// Reads: `call.bearerToken` (an API key or a Gatehouse access token), `context.clientCertificate`
// (set by the transport on the mTLS listener), the directory's callers and identity facts.
// Writes: `context.principal`, trace.application.
// Throws: `.unauthenticated` (the transport answers HTTP 401 with a `WWW-Authenticate` challenge
// that points at the endpoint's protected resource metadata), `.insufficientScope` (HTTP 403,
// step-up), `.sessionNotFound` when a legacy session is used by another application.
// Touches the reply: no.
//
// Order of checks: a client certificate on the mTLS listener wins (the TLS handshake already
// verified it against the configured CA; the mapping decides, read from the directory on every
// request, so removing a mapping cuts access at once). Otherwise the bearer token: an access
// token when it has the shape of a JWT, else an API key.
import Auth
import Foundation

/// Learns when keys were last used, without waiting (implementations batch the writes).
package protocol KeyUsageRecorder: Sendable {
    func keyUsed(id: String, at: Date)
}

/// Gives a newer directory when the registry changed since the current one was built (so a key
/// created a moment ago works at once). Implementations throttle: an unknown key costs at most
/// an occasional cheap check, never a reload per request.
package protocol DirectoryFreshness: Sendable {
    func fresherDirectory(than generation: Int64) async -> GatewayDirectory?
}

/// Authenticates API keys, access tokens and client certificates.
package struct IdentifyStage: GatewayStage {
    let usage: (any KeyUsageRecorder)?
    let freshness: (any DirectoryFreshness)?
    /// The public URL access tokens are issued under (issuer, audiences); `nil` when OAuth is off.
    let publicURL: PublicURL?
    /// The application users without their own work under (`identity.default_application`).
    let defaultApplication: String?

    package init(
        usage: (any KeyUsageRecorder)? = nil, freshness: (any DirectoryFreshness)? = nil, publicURL: PublicURL? = nil, defaultApplication: String? = nil
    ) {
        self.usage = usage
        self.freshness = freshness
        self.publicURL = publicURL
        self.defaultApplication = defaultApplication
    }

    package func handle(_ call: GatewayCall, context: CallContext, next: NextStage) async throws -> GatewayReply {
        var context = context
        let principal = try await authenticate(
            token: call.bearerToken, certificate: context.clientCertificate, endpoint: context.endpoint, directory: &context.directory)
        if let owner = context.sessionApplication, owner != principal.application {
            // A session id is not a credential: one presented with another application's key is
            // treated as unknown, so session ids reveal nothing across applications.
            throw GatewayError(.sessionNotFound, "Session not found; send initialize again.", stage: "identify")
        }
        context.principal = principal
        context.trace.record {
            $0.application = principal.application
            $0.user = principal.user
            $0.authMethod = principal.method.rawValue
            $0.clientID = principal.clientID
            $0.project = principal.project
        }
        if let id = principal.keyID { usage?.keyUsed(id: id, at: Date()) }
        return try await next(call, context)
    }

    /// Identifies a caller, retrying once on a fresher directory when an unknown API key or an
    /// unknown signing key may have been created a moment ago.
    package func authenticate(
        token: String?, certificate: ClientCertificateName?, endpoint: Endpoint, directory: inout GatewayDirectory
    ) async throws(GatewayError) -> Principal {
        do {
            return try await identify(token: token, certificate: certificate, endpoint: endpoint, in: directory, now: Date())
        } catch let error where error.code == .unauthenticated {
            guard let token, certificate == nil, APIKey.isWellFormed(token) || AccessTokenVerifier.looksLikeJWT(token),
                let fresher = await freshness?.fresherDirectory(than: directory.generation)
            else { throw error }
            directory = fresher
            return try await identify(token: token, certificate: certificate, endpoint: endpoint, in: fresher, now: Date())
        }
    }

    /// The decision, on one directory snapshot.
    package func identify(
        token: String?, certificate: ClientCertificateName?, endpoint: Endpoint, in directory: GatewayDirectory, now: Date
    ) async throws(GatewayError) -> Principal {
        if let certificate { return try identify(certificate: certificate, in: directory) }
        if let token, AccessTokenVerifier.looksLikeJWT(token), let publicURL {
            return try await identify(accessToken: token, endpoint: endpoint, publicURL: publicURL, in: directory, now: now)
        }
        return try identify(token, in: directory, now: now)
    }

    /// API keys alone, without I/O.
    package func identify(_ token: String?, in directory: GatewayDirectory, now: Date) throws(GatewayError) -> Principal {
        guard let token, !token.isEmpty else {
            throw GatewayError(
                .unauthenticated,
                "Missing credentials: send \"Authorization: Bearer <API key>\" (create a key with \"gatehouse keys create --app NAME\").",
                stage: "identify")
        }
        guard APIKey.isWellFormed(token) else {
            throw GatewayError(.unauthenticated, "The bearer token is not a Gatehouse API key (they start with \"\(APIKey.prefix)\").", stage: "identify")
        }
        guard let caller = directory.callersByKeyHash[APIKey.hash(token)] else {
            throw GatewayError(.unauthenticated, "The API key is not recognised: it was revoked or never issued here.", stage: "identify")
        }
        if let expiry = caller.expiresAt, expiry <= now {
            throw GatewayError(.unauthenticated, "The API key expired at \(expiry.ISO8601Format()).", stage: "identify")
        }
        return Principal(application: caller.application, keyID: caller.keyID, project: caller.project)
    }

    /// A Gatehouse access token: valid for this endpoint, not revoked, of a user who still exists,
    /// carrying the scopes the endpoint requires.
    func identify(
        accessToken token: String, endpoint: Endpoint, publicURL: PublicURL, in directory: GatewayDirectory, now: Date
    ) async throws(GatewayError) -> Principal {
        let verifier = AccessTokenVerifier(issuer: publicURL.issuer, keys: directory.identity.tokenKeys)
        let claims: AccessTokenClaims
        do {
            claims = try await verifier.verify(token, audience: publicURL.resource(forPath: endpoint.path), now: now)
        } catch {
            throw GatewayError(.unauthenticated, error.message, stage: "identify", data: ["oauth_error": "invalid_token", "reason": .string(error.reason.rawValue)])
        }
        if directory.identity.revokedTokens.contains(claims.jti) || directory.identity.revokedFamilies.contains(claims.sid) {
            throw GatewayError(
                .unauthenticated, "The access token was revoked; sign in again.", stage: "identify", data: ["oauth_error": "invalid_token", "reason": "revoked"])
        }
        guard let user = directory.identity.users[claims.sub], !user.disabled else {
            throw GatewayError(
                .unauthenticated, "The user \"\(claims.sub.prefix(100))\" of this access token no longer exists or is disabled.", stage: "identify",
                data: ["oauth_error": "invalid_token", "reason": "user_unknown"])
        }
        let scopes = claims.scopes
        let missing = OAuthScope.required.filter { !scopes.contains($0) }
        guard missing.isEmpty else {
            throw GatewayError(
                .insufficientScope, "The access token lacks the scope \(missing.joined(separator: " ")) this endpoint needs; sign in again asking for it.",
                stage: "identify", data: ["oauth_error": "insufficient_scope", "scope": .string(OAuthScope.required.joined(separator: " "))])
        }
        guard let application = user.application ?? defaultApplication else {
            throw GatewayError(
                .notAllowed,
                "User \"\(user.name)\" may use no server: no application is assigned to it (set users[].application or identity.default_application).",
                stage: "identify")
        }
        return Principal(
            application: application, method: .accessToken, user: user.name, groups: user.groups, scopes: scopes,
            project: directory.identity.project(of: application), clientID: claims.clientID, tokenID: claims.jti)
    }

    /// A verified client certificate on the mTLS listener.
    func identify(certificate: ClientCertificateName, in directory: GatewayDirectory) throws(GatewayError) -> Principal {
        for name in certificate.names {
            if let application = directory.identity.certificateApplications[name] {
                return Principal(application: application, method: .certificate, project: directory.identity.project(of: application))
            }
        }
        throw GatewayError(
            .unauthenticated,
            "The client certificate (\(certificate.names.prefix(3).joined(separator: ", ").prefix(200))) is not mapped to an application; map it with \"gatehouse certificates map\".",
            stage: "identify", data: ["reason": "certificate_not_mapped"])
    }
}
