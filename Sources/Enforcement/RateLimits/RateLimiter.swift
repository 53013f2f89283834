// The state of every token bucket, owned by one service object and guarded by one lock: a call
// checks all rules that count it and takes a token from each only when every one has a token, so
// a refusal by one rule never spends another rule's tokens. Buckets are created full on first use
// and forgotten once they have refilled (a full bucket and a missing one behave the same).
import Synchronization

/// Admits or refuses calls against rate-limit rules.
package final class RateLimiter: Sendable {
    private struct State {
        var buckets: [String: TokenBucket] = [:]
        var lastSweep: Double = 0
    }

    private let state = Mutex(State())
    /// How many buckets may exist before idle (full) ones are swept.
    private let sweepThreshold: Int

    package init(sweepThreshold: Int = 10_000) {
        self.sweepThreshold = sweepThreshold
    }

    /// Checks `call` against `rules` at `now` (seconds on a monotonic clock).
    package func admit(_ call: RateLimitedCall, rules: [RateLimitRule], now: Double) -> RateLimitOutcome {
        guard !rules.isEmpty else { return .unlimited }
        var counted: [(RateLimitRule, String)] = []
        for rule in rules { if let key = rule.key(for: call) { counted.append((rule, key)) } }
        guard !counted.isEmpty else { return .unlimited }
        return state.withLock { s in
            var worst: (rule: RateLimitRule, wait: Double)? = nil
            for (rule, key) in counted {
                let bucket = s.buckets[key] ?? TokenBucket(capacity: rule.burst, refillPerSecond: Double(rule.limit) / rule.period, now: now)
                let wait = bucket.wait(now: now)
                if wait > 0, wait > (worst?.wait ?? 0) { worst = (rule, wait) }
            }
            if let worst { return .limited(rule: worst.rule, retryAfter: worst.wait) }
            var tightest: (rule: RateLimitRule, remaining: Int)? = nil
            for (rule, key) in counted {
                var bucket = s.buckets[key] ?? TokenBucket(capacity: rule.burst, refillPerSecond: Double(rule.limit) / rule.period, now: now)
                _ = bucket.take(now: now)
                s.buckets[key] = bucket
                if bucket.remaining < (tightest?.remaining ?? .max) { tightest = (rule, bucket.remaining) }
            }
            if s.buckets.count > sweepThreshold, now - s.lastSweep > 1 {
                s.buckets = s.buckets.filter { !$0.value.isFull(now: now) }
                s.lastSweep = now
            }
            return .admitted(rule: tightest!.rule, remaining: tightest!.remaining)
        }
    }

    /// Buckets held (for tests and metrics).
    package var bucketCount: Int { state.withLock { $0.buckets.count } }
}

/// What a rate-limit check decided.
package enum RateLimitOutcome: Sendable, Equatable {
    /// No rule counts the call.
    case unlimited
    /// Admitted; `remaining` tokens are left in the tightest bucket, of `rule`.
    case admitted(rule: RateLimitRule, remaining: Int)
    /// Refused by `rule`; one token is back after `retryAfter` seconds.
    case limited(rule: RateLimitRule, retryAfter: Double)
}
