// Rate-limit stage: token buckets per application, user, tool, server and project, as the
// directory's rules say (`rate_limits:`). Runs after authorize, so refused calls never spend
// tokens and a caller cannot learn about targets it may not see by being limited on them.
// Reads: principal, route, directory rules. Writes: trace (rule, tokens left, retry time).
// Throws: `.rateLimited` with `retryAfterSeconds` (HTTP 429 + `Retry-After` when the answer is
// plain JSON, else the JSON-RPC error with `data.retryAfterSeconds`). Touches the reply: no.
// Lists and gateway-local methods are not counted: they are served from memory.
import Enforcement
import Foundation
import JSONSchema

/// Refuses calls over their rate limits; never drops one silently.
package struct RateLimitStage: GatewayStage {
    let limiter: RateLimiter
    /// Seconds on a monotonic clock.
    let clock: @Sendable () -> Double

    package init(limiter: RateLimiter, clock: @escaping @Sendable () -> Double = RateLimitStage.monotonicSeconds) {
        self.limiter = limiter
        self.clock = clock
    }

    package func handle(_ call: GatewayCall, context: CallContext, next: NextStage) async throws -> GatewayReply {
        let rules = context.directory.rateLimits
        guard !rules.isEmpty, case .target(let target) = try context.requireRoute() else { return try await next(call, context) }
        let principal = try context.requirePrincipal()
        let counted = RateLimitedCall(
            application: principal.application, server: target.server.slug,
            tool: target.kind == .tool ? "\(target.server.slug)/\(target.upstreamName)" : nil)
        switch limiter.admit(counted, rules: rules, now: clock()) {
        case .unlimited:
            break
        case .admitted(let rule, let remaining):
            context.trace.record { f in
                f.enforcement.rateLimitRule = rule.id
                f.enforcement.rateLimitRemaining = remaining
            }
        case .limited(let rule, let retryAfter):
            let seconds = max(1, Int(retryAfter.rounded(.up)))
            context.trace.record { f in
                f.enforcement.rateLimitRule = rule.id
                f.enforcement.rateLimitRemaining = 0
                f.enforcement.retryAfterSeconds = seconds
            }
            let what = target.kind == .tool ? "tool \"\(target.exposedName)\"" : "server \"\(target.server.slug)\""
            throw GatewayError(
                .rateLimited,
                "Too many calls to \(what) for application \"\(principal.application)\": the limit is \(rule.rateText) (rate limit \"\(rule.id)\"); retry after \(seconds) s.",
                stage: "rate_limit",
                data: ["retryAfterSeconds": .int(Int64(seconds)), "limit": .string(rule.rateText), "rule": .string(rule.id)],
                retryAfterSeconds: seconds)
        }
        return try await next(call, context)
    }

    /// Seconds since an arbitrary start, never going backwards.
    package static func monotonicSeconds() -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    private static let start = ContinuousClock.now
}
