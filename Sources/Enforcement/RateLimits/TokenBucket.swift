// The token bucket, as a value: no clock, no lock, no I/O. Whoever owns the state passes the time
// in; tests drive it with made-up instants.

/// A token bucket: holds up to `capacity` tokens, refills at `refillPerSecond`, and a call takes one.
package struct TokenBucket: Sendable, Equatable {
    package let capacity: Double
    package let refillPerSecond: Double
    /// Tokens available as of `updated`.
    package private(set) var tokens: Double
    /// Seconds on the owner's monotonic clock.
    package private(set) var updated: Double

    /// A full bucket.
    package init(capacity: Int, refillPerSecond: Double, now: Double) {
        self.capacity = Double(max(1, capacity))
        self.refillPerSecond = max(refillPerSecond, .leastNonzeroMagnitude)
        tokens = self.capacity
        updated = now
    }

    /// Adds what has dripped in since the last update (time never runs backwards here).
    package mutating func refill(now: Double) {
        guard now > updated else { return }
        tokens = min(capacity, tokens + (now - updated) * refillPerSecond)
        updated = now
    }

    /// Seconds until one token is available (0 when one is).
    package func wait(now: Double) -> Double {
        var copy = self
        copy.refill(now: now)
        return copy.tokens >= 1 ? 0 : (1 - copy.tokens) / refillPerSecond
    }

    /// Takes one token if there is one.
    /// - Returns: `true` when taken.
    package mutating func take(now: Double) -> Bool {
        refill(now: now)
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }

    /// Whole tokens left.
    package var remaining: Int { Int(tokens.rounded(.down)) }

    /// Whether the bucket has refilled completely (it can then be forgotten: a new one is the same).
    package func isFull(now: Double) -> Bool {
        var copy = self
        copy.refill(now: now)
        return copy.tokens >= capacity
    }
}
