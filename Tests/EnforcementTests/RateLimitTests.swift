// Token buckets and rate-limit rules as values, driven with made-up instants: no clock, no I/O.
import Testing

@testable import Enforcement

struct TokenBucketTests {
    @Test func aNewBucketIsFullAndEmptiesOneTokenPerCall() {
        var bucket = TokenBucket(capacity: 3, refillPerSecond: 1, now: 0)
        do { let taken = bucket.take(now: 0); #expect(taken) }
        do { let taken = bucket.take(now: 0); #expect(taken) }
        do { let taken = bucket.take(now: 0); #expect(taken) }
        do { let taken = bucket.take(now: 0); #expect(!taken) }
        #expect(bucket.wait(now: 0) == 1)
    }

    @Test func tokensDripBackAtTheRateAndNeverPastCapacity() {
        var bucket = TokenBucket(capacity: 2, refillPerSecond: 0.5, now: 0)
        _ = bucket.take(now: 0)
        _ = bucket.take(now: 0)
        #expect(bucket.wait(now: 1) == 1)  // half a token back, half to go at 0.5/s
        do { let taken = bucket.take(now: 1); #expect(!taken) }
        do { let taken = bucket.take(now: 2); #expect(taken) }
        #expect(bucket.isFull(now: 100))
        bucket.refill(now: 100)
        #expect(bucket.remaining == 2)
    }

    @Test func timeGoingBackwardsChangesNothing() {
        var bucket = TokenBucket(capacity: 1, refillPerSecond: 1, now: 10)
        _ = bucket.take(now: 10)
        bucket.refill(now: 5)
        #expect(bucket.remaining == 0)
    }
}

struct RateLimitRuleTests {
    let call = RateLimitedCall(application: "ci-agent", server: "notes", tool: "notes/echo")

    @Test func aRuleCountsACallWhenEverySelectorMatches() {
        let rule = RateLimitRule(id: "r", application: .only("ci-agent"), tool: .only("notes/echo"), limit: 5, period: 60)
        #expect(rule.key(for: call) != nil)
        #expect(rule.key(for: RateLimitedCall(application: "other", server: "notes", tool: "notes/echo")) == nil)
        #expect(rule.key(for: RateLimitedCall(application: "ci-agent", server: "notes", tool: nil)) == nil, "a tool rule counts only tools/call")
        #expect(rule.rateText == "5 per minute")
    }

    @Test func starGivesEachValueItsOwnBucketAndAbsenceSharesOne() {
        let each = RateLimitRule(id: "each", application: .each, limit: 1, period: 1)
        let shared = RateLimitRule(id: "all", server: .only("notes"), limit: 1, period: 1)
        let other = RateLimitedCall(application: "other", server: "notes", tool: "notes/echo")
        #expect(each.key(for: call) != each.key(for: other))
        #expect(shared.key(for: call) == shared.key(for: other))
    }

    @Test func aChangedRuleGetsNewBuckets() {
        let a = RateLimitRule(id: "r", application: .only("ci-agent"), limit: 5, period: 60)
        var b = a
        b.limit = 6
        #expect(a.key(for: call) != b.key(for: call))
    }
}

struct RateLimiterTests {
    @Test func callsBeyondTheLimitAreRefusedWithTheWait() {
        let limiter = RateLimiter()
        let rule = RateLimitRule(id: "r", application: .only("ci-agent"), tool: .only("notes/echo"), limit: 5, period: 60)
        let call = RateLimitedCall(application: "ci-agent", server: "notes", tool: "notes/echo")
        for i in 0..<5 {
            #expect(limiter.admit(call, rules: [rule], now: 0) == .admitted(rule: rule, remaining: 4 - i))
        }
        guard case .limited(let by, let wait) = limiter.admit(call, rules: [rule], now: 0) else {
            Issue.record("the sixth call was admitted")
            return
        }
        #expect(by == rule)
        #expect(abs(wait - 12) < 0.001, "5 per minute: one token every 12 s")
        #expect(limiter.admit(call, rules: [rule], now: 12) == .admitted(rule: rule, remaining: 0))
    }

    @Test func aRefusalByOneRuleSpendsNoTokenOfAnother() {
        let limiter = RateLimiter()
        let tight = RateLimitRule(id: "tight", tool: .only("notes/echo"), limit: 1, period: 60)
        let loose = RateLimitRule(id: "loose", application: .each, limit: 2, period: 60)
        let call = RateLimitedCall(application: "ci-agent", server: "notes", tool: "notes/echo")
        let other = RateLimitedCall(application: "ci-agent", server: "notes", tool: "notes/add")
        #expect(limiter.admit(call, rules: [tight, loose], now: 0) == .admitted(rule: tight, remaining: 0))
        guard case .limited(let rule, _) = limiter.admit(call, rules: [tight, loose], now: 0) else {
            Issue.record("expected a refusal")
            return
        }
        #expect(rule == tight)
        // loose still has one token: the refused call did not take it.
        #expect(limiter.admit(other, rules: [tight, loose], now: 0) == .admitted(rule: loose, remaining: 0))
    }

    @Test func callsNoRuleCountsAreUnlimited() {
        let limiter = RateLimiter()
        let rule = RateLimitRule(id: "r", application: .only("x"), limit: 1, period: 1)
        #expect(limiter.admit(RateLimitedCall(application: "y", server: "s", tool: nil), rules: [rule], now: 0) == .unlimited)
        #expect(limiter.bucketCount == 0)
    }

    @Test func idleBucketsAreSweptOnceTheyRefill() {
        let limiter = RateLimiter(sweepThreshold: 10)
        let rule = RateLimitRule(id: "r", application: .each, limit: 1, period: 1)
        for i in 0..<20 { _ = limiter.admit(RateLimitedCall(application: "app\(i)", server: "s", tool: nil), rules: [rule], now: 0) }
        #expect(limiter.bucketCount == 20, "nothing has refilled yet, so nothing is swept")
        _ = limiter.admit(RateLimitedCall(application: "late", server: "s", tool: nil), rules: [rule], now: 10)
        #expect(limiter.bucketCount == 1)
    }
}
