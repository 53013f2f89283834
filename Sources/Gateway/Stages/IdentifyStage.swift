// Identify stage: turns the presented credentials into a Principal.
// Reads: `call.bearerToken`, the directory's callers. Writes: `context.principal`, trace.application.
// Throws: `.unauthenticated` (the transport answers HTTP 401 with `WWW-Authenticate`),
// `.sessionNotFound` when a legacy session is used with another application's key.
// Touches the reply: no.
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

/// Authenticates API keys.
package struct IdentifyStage: GatewayStage {
    let usage: (any KeyUsageRecorder)?
    let freshness: (any DirectoryFreshness)?

    package init(usage: (any KeyUsageRecorder)? = nil, freshness: (any DirectoryFreshness)? = nil) {
        self.usage = usage
        self.freshness = freshness
    }

    package func handle(_ call: GatewayCall, context: CallContext, next: NextStage) async throws -> GatewayReply {
        var context = context
        let token = call.bearerToken
        let directory = context.directory
        var outcome = Result { () throws(GatewayError) -> Principal in try identify(token, in: directory, now: Date()) }
        // A well-formed key we do not know may have been created a moment ago.
        if case .failure(let error) = outcome, error.code == .unauthenticated, let token, APIKey.isWellFormed(token),
            let fresher = await freshness?.fresherDirectory(than: directory.generation)
        {
            context.directory = fresher
            outcome = Result { () throws(GatewayError) -> Principal in try identify(token, in: fresher, now: Date()) }
        }
        let principal = try outcome.get()
        if let owner = context.sessionApplication, owner != principal.application {
            // A session id is not a credential: one presented with another application's key is
            // treated as unknown, so session ids reveal nothing across applications.
            throw GatewayError(.sessionNotFound, "Session not found; send initialize again.", stage: "identify")
        }
        context.principal = principal
        context.trace.record { $0.application = principal.application }
        if let id = principal.keyID { usage?.keyUsed(id: id, at: Date()) }
        return try await next(call, context)
    }

    /// The decision alone, without I/O.
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
        return Principal(application: caller.application, keyID: caller.keyID)
    }
}
