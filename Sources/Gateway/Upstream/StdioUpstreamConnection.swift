// A stdio upstream: a child process speaking newline-delimited JSON-RPC, started on first use,
// restarted with backoff after it dies, its whole process tree reaped, its stderr in our log.
// All clients share the one process; the gateway's own ids and progress tokens keep them apart.
import Foundation
import JSONSchema
import Logging
import MCPCore
import Subprocess
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// One supervised MCP server process.
package final class StdioUpstreamConnection: UpstreamConnection {
    package struct Options: Sendable {
        package var requestTimeout: Duration
        /// How long `server/discover` may take before the server is taken for a legacy one.
        package var probeTimeout: Duration
        /// Longest single message accepted from the process.
        package var maxMessageBytes: Int
        /// Grace period between SIGTERM and SIGKILL when stopping.
        package var stopGracePeriod: Duration

        package init(
            requestTimeout: Duration = .seconds(120), probeTimeout: Duration = .seconds(5), maxMessageBytes: Int = 32 << 20,
            stopGracePeriod: Duration = .seconds(2)
        ) {
            self.requestTimeout = requestTimeout
            self.probeTimeout = probeTimeout
            self.maxMessageBytes = maxMessageBytes
            self.stopGracePeriod = stopGracePeriod
        }
    }

    let server: String
    let command: StdioCommand
    let options: Options
    let logger: Logger
    let onNotification: ServerNotificationHandler?

    private struct Running: Sendable {
        var era: UpstreamEra
        var handshake: UpstreamHandshake
        var processID: Int32
        var generation: Int
    }

    private struct Pending {
        var continuation: CheckedContinuation<UpstreamResponse, any Error>
        var interim: InterimHandler
        var gatewayToken: String?
        var clientToken: JSONValue?
    }

    private struct State {
        var starting: Task<Running, any Error>?
        var outgoing: AsyncStream<[UInt8]>.Continuation?
        var processID: Int32?
        var generation = 0
        var pending: [Int64: Pending] = [:]
        var nextID: Int64 = 1
        var recentExits: [ContinuousClock.Instant] = []
        var closed = false
    }

    private let state = Mutex(State())

    package init(server: String, command: StdioCommand, options: Options = Options(), logger: Logger, onNotification: ServerNotificationHandler? = nil) {
        self.server = server
        self.command = command
        self.options = options
        self.logger = logger
        self.onNotification = onNotification
    }

    /// The process id of the running child, if one runs (for tests and diagnostics).
    package var processID: Int32? { state.withLock { $0.processID } }

    // MARK: - UpstreamConnection

    package func handshake() async throws(GatewayError) -> UpstreamHandshake {
        try await running().handshake
    }

    package func send(_ request: UpstreamRequest, interim: @escaping InterimHandler) async throws(GatewayError) -> UpstreamResponse {
        let running = try await running()
        do {
            return try await exchange(request, era: running.era, interim: interim, timeout: options.requestTimeout)
        } catch {
            throw mapped(error)
        }
    }

    package func close() async {
        let (task, pid) = state.withLock { s in
            s.closed = true
            return (s.starting, s.processID)
        }
        task?.cancel()
        if let pid { await stopProcessGroup(pid) }
    }

    // MARK: - Lifecycle

    private func running() async throws(GatewayError) -> Running {
        let task: Task<Running, any Error> = try state.withLock { (s: inout State) throws(GatewayError) -> Task<Running, any Error> in
            if s.closed { throw GatewayError(.upstreamUnavailable, "Upstream \"\(server)\" is shut down.", stage: "upstream") }
            if let t = s.starting { return t }
            let t = Task { try await self.start() }
            s.starting = t
            return t
        }
        do {
            return try await task.value
        } catch {
            state.withLock { s in if s.starting == task { s.starting = nil } }
            throw mapped(error)
        }
    }

    /// Spawns the process (after a backoff if it died recently) and performs the handshake.
    private func start() async throws -> Running {
        let delay = state.withLock { s -> Duration in
            let now = ContinuousClock.now
            s.recentExits.removeAll { now - $0 > .seconds(60) }
            guard !s.recentExits.isEmpty else { return .zero }
            return min(.milliseconds(250) * Int(1 << min(s.recentExits.count - 1, 7)), .seconds(30))
        }
        if delay > .zero {
            logger.info("Restarting upstream process after backoff", metadata: ["gatehouse.server": "\(server)", "gatehouse.backoff": "\(delay)"])
            try await Task.sleep(for: delay)
        }
        let (stream, continuation) = AsyncStream<[UInt8]>.makeStream()
        let generation = state.withLock { s in
            s.generation += 1
            s.outgoing = continuation
            return s.generation
        }
        let (pidStream, pidContinuation) = AsyncStream<Result<Int32, any Error>>.makeStream()
        Task.detached { [self] in
            await self.runProcess(outgoing: stream, generation: generation, started: pidContinuation)
        }
        var pid: Int32 = 0
        for await result in pidStream {
            pid = try result.get()
            break
        }
        let (era, handshake) = try await handshake()
        logger.info("Started upstream process", metadata: ["gatehouse.server": "\(server)", "mcp.protocol.version": "\(handshake.protocolVersion)", "gatehouse.pid": "\(pid)"])
        return Running(era: era, handshake: handshake, processID: pid, generation: generation)
    }

    private enum HandshakeEvent: Sendable {
        case probed(UpstreamHandshake?)
        case processEnded(GatewayError)
        case probeOverdue
        case initialized(Result<UpstreamHandshake, GatewayError>)
        case giveUp
    }

    /// Probes the modern era with `server/discover`; a server that has not answered within the probe
    /// timeout may be a legacy one ignoring the unknown request, or one still starting (a cold
    /// `npx`, a Python interpreter on a busy machine). So `initialize` then goes out too, the probe
    /// stays open, and whichever handshake succeeds first decides. A slow server reads its input in
    /// order: it answers the probe first and, serving the modern era from then on, refuses the
    /// `initialize` behind it, which must not be taken as its answer.
    private func handshake() async throws -> (UpstreamEra, UpstreamHandshake) {
        try await withThrowingTaskGroup(of: HandshakeEvent.self) { group in
            defer { group.cancelAll() }
            group.addTask {
                let probe = UpstreamRequest(method: MCPMethod.discover)
                let response: UpstreamResponse
                do {
                    response = try await self.exchange(probe, era: .modern(.latestModern), interim: { _ in }, timeout: self.options.requestTimeout)
                } catch let error as GatewayError where error.code == .upstreamUnavailable {
                    return .processEnded(error)  // exited or never started: no era to try
                } catch {
                    return .probed(nil)
                }
                guard let result = try? response.result(server: self.server) else { return .probed(nil) }
                return .probed(UpstreamWire.modernHandshake(result))
            }
            group.addTask {
                try await Task.sleep(for: self.options.probeTimeout)
                return .probeOverdue
            }
            var initializing = false
            var probeFailed = false
            var initializeError: GatewayError?
            func initialize() {
                guard !initializing else { return }
                initializing = true
                group.addTask {
                    do throws(GatewayError) {
                        let response: UpstreamResponse
                        do {
                            response = try await self.exchange(
                                UpstreamWire.initializeRequest(), era: .legacy(.latestLegacy), interim: { _ in }, timeout: self.options.requestTimeout)
                        } catch {
                            throw self.mapped(error)
                        }
                        return .initialized(.success(try UpstreamWire.legacyHandshake(try response.result(server: self.server), server: self.server)))
                    } catch {
                        return .initialized(.failure(error))
                    }
                }
            }
            while let event = try await group.next() {
                switch event {
                case .probed(let handshake?):
                    return (.modern(handshake.protocolVersion), handshake)
                case .probed(nil):
                    probeFailed = true
                    if let initializeError { throw initializeError }
                    initialize()
                case .processEnded(let error):
                    throw error
                case .probeOverdue:
                    initialize()
                case .initialized(.success(let handshake)):
                    write(JSONRPCMessage.notification(JSONRPCNotification(method: MCPMethod.initialized)).serialized())
                    return (.legacy(handshake.protocolVersion), handshake)
                case .initialized(.failure(let error)):
                    if probeFailed { throw error }
                    // The probe may still be answered just behind: give it one more probe timeout.
                    initializeError = error
                    group.addTask {
                        try await Task.sleep(for: self.options.probeTimeout)
                        return .giveUp
                    }
                case .giveUp:
                    if let initializeError { throw initializeError }
                }
            }
            throw GatewayError(.upstreamUnavailable, "Upstream \"\(server)\" ended before its handshake.", stage: "upstream")
        }
    }

    /// Runs the child until it exits: writes queued messages, reads stdout lines, logs stderr.
    private func runProcess(outgoing: AsyncStream<[UInt8]>, generation: Int, started: AsyncStream<Result<Int32, any Error>>.Continuation) async {
        var platform = PlatformOptions()
        // Its own session and process group, so stopping it reaches every process it started.
        platform.createSession = true
        var exitDescription = "exited"
        do {
            let config = Configuration(
                executable: try Self.executable(for: command.command), arguments: Arguments(command.arguments),
                environment: .custom(Self.environment(command.environment)),
                workingDirectory: command.workingDirectory.map { FilePath($0) }, platformOptions: platform)
            let result = try await Subprocess.run(config, input: .inputWriter, output: .sequence, error: .sequence) { execution in
                let pid = execution.processIdentifier.value
                self.state.withLock { $0.processID = pid }
                started.yield(.success(pid))
                started.finish()
                await withTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await message in outgoing {
                            do {
                                _ = try await execution.standardInputWriter.write(message)
                            } catch {
                                break
                            }
                        }
                        try? await execution.standardInputWriter.finish()
                    }
                    group.addTask {
                        do {
                            var line: [UInt8] = []
                            var complete: [[UInt8]] = []
                            for try await buffer in execution.standardOutput {
                                buffer.withUnsafeBytes { raw in
                                    for b in raw {
                                        if b == 0x0A {
                                            if !line.isEmpty { complete.append(line) }
                                            line.removeAll(keepingCapacity: true)
                                        } else if line.count < self.options.maxMessageBytes {
                                            line.append(b)
                                        }
                                    }
                                }
                                // In order: a call's progress reaches its client before its response.
                                for message in complete { await self.received(message) }
                                complete.removeAll(keepingCapacity: true)
                            }
                            if !line.isEmpty { await self.received(line) }
                        } catch {}
                    }
                    group.addTask {
                        do {
                            for try await text in execution.standardError.strings() {
                                self.logger.info("upstream stderr", metadata: ["gatehouse.server": "\(self.server)", "gatehouse.stderr": "\(text)"])
                            }
                        } catch {}
                    }
                    // stdout ends when the process exits (or closes it): stop writing then.
                    await group.next()
                    await group.next()
                    group.cancelAll()
                }
            }
            switch result.terminationStatus {
            case .exited(let code): exitDescription = "exited with status \(code)"
            case .signaled(let signal): exitDescription = "was ended by signal \(signal)"
            }
        } catch {
            exitDescription = "could not start: \(error)"
            started.yield(.failure(GatewayError(.upstreamUnavailable, "Upstream \"\(server)\" could not be started: \(Self.sentence(error))", stage: "upstream")))
            started.finish()
        }
        processExited(generation: generation, description: exitDescription)
    }

    private func processExited(generation: Int, description: String) {
        let (pending, pid) = state.withLock { s -> ([Pending], Int32?) in
            guard s.generation == generation else { return ([], nil) }
            let p = Array(s.pending.values)
            s.pending = [:]
            s.starting = nil
            s.outgoing?.finish()
            s.outgoing = nil
            let pid = s.processID
            s.processID = nil
            s.recentExits.append(.now)
            return (p, pid)
        }
        // Reap whatever the server left behind in its process group.
        if let pid { kill(-pid, SIGKILL) }
        logger.warning("Upstream process ended", metadata: ["gatehouse.server": "\(server)", "gatehouse.exit": "\(description)"])
        let error = GatewayError(.upstreamUnavailable, "Upstream \"\(server)\" process \(description) before answering.", stage: "upstream")
        for p in pending { p.continuation.resume(throwing: error) }
    }

    /// An error's description as the end of a sentence: one final period, not two.
    static func sentence(_ error: any Error) -> String {
        let text = "\(error)"
        return text.hasSuffix(".") ? text : text + "."
    }

    private func stopProcessGroup(_ pid: Int32) async {
        kill(-pid, SIGTERM)
        let deadline = ContinuousClock.now + options.stopGracePeriod
        while ContinuousClock.now < deadline {
            if kill(-pid, 0) != 0 { return }
            try? await Task.sleep(for: .milliseconds(20))
        }
        kill(-pid, SIGKILL)
    }

    // MARK: - Messages

    private func write(_ bytes: [UInt8]) {
        _ = state.withLock { $0.outgoing?.yield(bytes + [0x0A]) }
    }

    private func exchange(_ request: UpstreamRequest, era: UpstreamEra, interim: @escaping InterimHandler, timeout: Duration) async throws
        -> UpstreamResponse
    {
        let clientToken = UpstreamWire.clientProgressToken(request)
        let id = state.withLock { s in
            defer { s.nextID += 1 }
            return s.nextID
        }
        let gatewayToken = clientToken.map { _ in "gh-\(server)-\(id)" }
        let bytes = UpstreamWire.requestBytes(
            id: id, request, era: era, progressToken: gatewayToken, clientCapabilities: request.clientCapabilities)
        return try await withThrowingTaskGroup(of: UpstreamResponse.self) { group in
            group.addTask {
                try await withTaskCancellationHandler {
                    try await withCheckedThrowingContinuation { (c: CheckedContinuation<UpstreamResponse, any Error>) in
                        let accepted = self.state.withLock { s -> Bool in
                            guard s.outgoing != nil else { return false }
                            s.pending[id] = Pending(continuation: c, interim: interim, gatewayToken: gatewayToken, clientToken: clientToken)
                            return true
                        }
                        if accepted {
                            self.write(bytes)
                            // Cancellation may have come before the call was registered.
                            if Task.isCancelled { self.abandon(id: id, notifyUpstream: true) }
                        } else {
                            c.resume(throwing: GatewayError(.upstreamUnavailable, "Upstream \"\(self.server)\" process is not running.", stage: "upstream"))
                        }
                    }
                } onCancel: {
                    self.abandon(id: id, notifyUpstream: true)
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                // The waiting call gets the timeout itself, whichever of the two tasks ends first.
                let error = GatewayError(.upstreamTimeout, "Upstream \"\(self.server)\" did not answer within \(timeout.readable).", stage: "upstream")
                self.abandon(id: id, notifyUpstream: true, error: error)
                throw error
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }

    /// Gives up on a request: resumes its waiter and tells the upstream.
    private func abandon(id: Int64, notifyUpstream: Bool, error: any Error = CancellationError()) {
        let pending = state.withLock { $0.pending.removeValue(forKey: id) }
        guard let pending else { return }
        pending.continuation.resume(throwing: error)
        if notifyUpstream {
            write(
                JSONRPCMessage.notification(
                    JSONRPCNotification(method: MCPMethod.cancelled, params: ["requestId": .int(id), "reason": "cancelled by the gateway"])
                ).serialized())
        }
    }

    /// Routes one line from the process. Notifications are delivered before the next line is
    /// read (so progress never overtakes the response it belongs to); server-to-client requests,
    /// which wait for a client, run on their own.
    private func received(_ line: [UInt8]) async {
        guard let envelope = try? MessageEnvelope(scanning: line) else {
            logger.warning("Upstream wrote a line that is not JSON-RPC", metadata: ["gatehouse.server": "\(server)", "gatehouse.line": "\(HTTPUpstreamConnection.snippet(line))"])
            return
        }
        switch envelope.kind {
        case .result, .error:
            guard case .int(let id)? = envelope.id else { return }
            let pending = state.withLock { $0.pending.removeValue(forKey: id) }
            pending?.continuation.resume(returning: UpstreamResponse(bytes: line, envelope: envelope))
        case .notification:
            guard let message = try? JSONRPCMessage.parse(line), case .notification(let n) = message else { return }
            if n.method == MCPMethod.progress || n.method == MCPMethod.message {
                let targets = state.withLock { s in s.pending.values.map { ($0.interim, $0.gatewayToken, $0.clientToken) } }
                for (interim, gatewayToken, clientToken) in targets {
                    if n.method == MCPMethod.message {
                        if targets.count == 1 { await interim(.notification(n)) }
                    } else if let gatewayToken, let clientToken,
                        let restored = UpstreamWire.restoringProgress(n, gatewayToken: gatewayToken, clientToken: clientToken)
                    {
                        await interim(.notification(restored))
                    }
                }
            } else {
                onNotification?(server, n)
            }
        case .request:
            guard let message = try? JSONRPCMessage.parse(line), case .request(let r) = message else { return }
            // stdio carries no link between a server request and the call it serves: it goes to
            // the caller when exactly one call is in flight, and is refused otherwise.
            let targets = state.withLock { s in s.pending.values.map(\.interim) }
            let respond: @Sendable (JSONRPCResponse.Outcome) async -> Void = { outcome in
                let response: JSONRPCResponse
                switch outcome {
                case .result(let v): response = JSONRPCResponse(id: r.id, result: v)
                case .error(let e): response = JSONRPCResponse(id: r.id, error: e)
                }
                self.write(JSONRPCMessage.response(response).serialized())
            }
            if targets.count == 1 {
                let interim = targets[0]
                Task { await interim(.request(r, respond: respond)) }
            } else if r.method == MCPMethod.ping {
                Task { await respond(.result([:])) }
            } else {
                Task {
                    await respond(
                        .error(JSONRPCErrorObject(.methodNotFound, "Gatehouse cannot tell which client this \(r.method) request is for.")))
                }
            }
        }
    }

    // MARK: - Helpers

    /// `gatehouse` means this binary; a name without `/` is looked up on PATH.
    static func executable(for command: String) throws -> Executable {
        if command == "gatehouse", let me = currentExecutablePath() { return .path(FilePath(me)) }
        if command.contains("/") { return .path(FilePath(command)) }
        return .name(command)
    }

    static func currentExecutablePath() -> String? {
        #if os(Linux)
            return try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        #else
            return Bundle.main.executablePath
        #endif
    }

    /// The child's environment: a few basics from ours (never our secrets) plus what the entry sets.
    static func environment(_ extra: [String: String]) -> [Environment.Key: String] {
        var env: [Environment.Key: String] = [:]
        let inherited = ProcessInfo.processInfo.environment
        for key in ["PATH", "HOME", "USER", "LANG", "LC_ALL", "TMPDIR", "TZ", "SYSTEMROOT"] {
            if let v = inherited[key] { env[Environment.Key(stringLiteral: key)] = v }
        }
        for (k, v) in extra { env[Environment.Key(stringLiteral: k)] = v }
        return env
    }

    private func mapped(_ error: any Error) -> GatewayError {
        if let e = error as? GatewayError { return e }
        if error is CancellationError { return GatewayError(.cancelled, "The request was cancelled.", stage: "upstream", underlying: error) }
        return GatewayError(.upstreamUnavailable, "Upstream \"\(server)\" failed: \(error).", stage: "upstream", underlying: error)
    }
}
