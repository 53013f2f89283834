// The authorization server's housekeeping, as a service of `gatehouse serve`: every interval it
// rotates the signing key when it is due (so rotation needs no restart and no operator), and
// deletes grants nobody can use any more (expired codes, pending authorizations, sign-ins at the
// provider, refresh tokens of ended families), so the bookkeeping collection does not grow forever.
import Foundation
import JSONSchema
import Logging
import ServiceLifecycle
import Store

/// Periodic rotation check and sweep of expired grants.
package struct IdentityMaintenance: Service {
    let server: AuthorizationServer
    /// Default 10 min.
    let interval: Duration

    package init(server: AuthorizationServer, interval: Duration = .seconds(600)) {
        self.server = server
        self.interval = interval
    }

    /// Runs until shutdown begins (the sleep between rounds is cancelled then).
    package func run() async throws {
        await cancelWhenGracefulShutdown { await loop() }
    }

    private func loop() async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
            do {
                _ = try await server.signingKey()
                let removed = try await server.sweepExpiredGrants(now: Date())
                if removed > 0 { server.logger.debug("Expired grants removed", metadata: ["gatehouse.count": "\(removed)"]) }
            } catch {
                server.logger.warning("Identity maintenance failed", metadata: ["error": "\(error)"])
            }
        }
    }
}

extension AuthorizationServer {
    /// Deletes grants past their last useful moment; returns how many.
    ///
    /// A redeemed code is kept until it expires (a second use must still be recognised as reuse);
    /// a refresh token until its family ends, so that reuse of a rotated token is still detected.
    package func sweepExpiredGrants(now: Date) async throws -> Int {
        try await store.write { tx in
            var removed = 0
            for document in try await tx.documents(in: .oauthGrants) {
                guard let object = (try? JSONParser.parse(document.body))?.objectValue else { continue }
                let keys = document.key.hasPrefix("refresh:") ? ["familyExpiresAt"] : ["expiresAt"]
                let deadlines = keys.compactMap { object[$0]?.doubleValue }.map { Date(timeIntervalSinceReferenceDate: $0) }
                if let deadline = deadlines.first, deadline < now {
                    _ = try await tx.delete(document.key, in: .oauthGrants)
                    removed += 1
                }
            }
            return removed
        }
    }
}
