// The audit trail's writer: takes events from the request path without making it wait, and
// appends them to the store in batches. A failed append is retried (nothing is dropped); on
// graceful shutdown everything queued is written before the service returns.
import Foundation
import Gateway
import Logging
import ServiceLifecycle
import Store
import Synchronization

/// Queues audit events and writes them in batches.
final class AuditWriter: AuditSink, Service {
    let log: any AuditLog
    let logger: Logger
    /// Largest batch per transaction.
    let batchSize: Int
    /// How long the first event of a batch waits for company (records reach the store at most
    /// this much later; nothing is lost, shutdown drains the queue).
    let lingerDuration: Duration

    private let stream: AsyncStream<AuditRecord>
    private let continuation: AsyncStream<AuditRecord>.Continuation
    private let queued = Atomic<Int>(0)

    init(log: any AuditLog, logger: Logger, batchSize: Int = 1000, linger: Duration = .milliseconds(20)) {
        self.log = log
        self.logger = logger
        self.batchSize = batchSize
        self.lingerDuration = linger
        (stream, continuation) = AsyncStream.makeStream()
    }

    func record(_ event: AuditEvent) {
        queued.add(1, ordering: .relaxed)
        continuation.yield(Self.record(from: event))
    }

    /// Events accepted but not yet written.
    var backlog: Int { queued.load(ordering: .relaxed) }

    func run() async throws {
        // The stream ends on graceful shutdown, after which the loop drains what is left.
        await withGracefulShutdownHandler {
            var batch: [AuditRecord] = []
            var iterator = stream.makeAsyncIterator()
            while let first = await iterator.next() {
                batch.append(first)
                // Let a few more arrive: one transaction (one fsync) per batch instead of per
                // call is what keeps auditing cheap when calls come one at a time.
                if queued.load(ordering: .relaxed) < batchSize { try? await Task.sleep(for: lingerDuration) }
                while batch.count < batchSize, queued.load(ordering: .relaxed) > batch.count {
                    guard let next = await iterator.next() else { break }
                    batch.append(next)
                }
                await write(batch)
                queued.subtract(batch.count, ordering: .relaxed)
                batch.removeAll(keepingCapacity: true)
            }
        } onGracefulShutdown: {
            self.continuation.finish()
        }
    }

    /// Appends a batch, retrying with backoff until it is stored: losing audit records is worse
    /// than being late with them.
    private func write(_ batch: [AuditRecord]) async {
        var delay = Duration.milliseconds(100)
        while true {
            do {
                try await log.append(batch)
                return
            } catch {
                logger.error("Could not write audit records; retrying", metadata: ["error": "\(error)", "gatehouse.audit.batch": "\(batch.count)"])
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
            }
        }
    }

    /// Stops accepting and lets `run` drain (for use without a service group).
    func finish() { continuation.finish() }

    static func record(from e: AuditEvent) -> AuditRecord {
        var r = AuditRecord(
            time: e.time, requestID: e.requestID, application: e.application, endpoint: e.endpoint, method: e.method, server: e.server,
            target: e.target, outcome: e.outcome.rawValue, latencyMicros: e.latencyMicros, errorCode: e.errorCode, errorReason: e.errorReason,
            errorMessage: e.errorMessage, protocolVersion: e.protocolVersion, clientAddress: e.clientAddress, upstream: e.upstream,
            guardrails: e.guardrails.isEmpty
                ? nil
                : e.guardrails.map {
                    .init(phase: $0.phase.rawValue, detector: $0.detector, kind: $0.kind, action: $0.action.rawValue, location: $0.location)
                },
            guardrailsTruncated: e.guardrailsTruncated ? true : nil)
        r.user = e.user
        r.authMethod = e.authMethod
        r.clientID = e.clientID
        r.project = e.project
        let f = e.enforcement
        r.decision = f.decision
        r.policies = f.policies.isEmpty ? nil : f.policies
        r.policySetVersion = f.policySetVersion
        r.policyErrors = f.policyErrors.isEmpty ? nil : f.policyErrors
        r.shadowDecision = f.shadowDecision
        r.shadowPolicies = f.shadowPolicies.isEmpty ? nil : f.shadowPolicies
        r.rateLimitRule = f.rateLimitRule
        r.rateLimitRemaining = f.rateLimitRemaining
        r.retryAfterSeconds = f.retryAfterSeconds
        r.validation = f.validation
        r.argumentsHash = f.argumentsHash
        r.arguments = f.arguments
        r.warnings = f.warnings.isEmpty ? nil : f.warnings
        return r
    }
}
