// A stdio upstream's handshake when the server is slow to start: the probe's late answer decides
// the era (a server that answered `server/discover` refuses `initialize`), and a legacy server that
// ignores the probe still gets `initialize` once the probe timeout passes.
import Foundation
import JSONSchema
import Logging
import MCPCore
import Testing

@testable import Gateway

struct StdioHandshakeTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/slow_start_server.py").path

    static func connection(_ mode: String, startsAfter seconds: Double) -> StdioUpstreamConnection {
        StdioUpstreamConnection(
            server: "slow",
            command: StdioCommand(command: "python3", arguments: [script, "\(seconds)", mode]),
            options: .init(requestTimeout: .seconds(120), probeTimeout: .milliseconds(300)),
            logger: Logger(label: "test"))
    }

    @Test func aServerSlowerThanTheProbeTimeoutIsServedInTheEraItAnswered() async throws {
        let connection = Self.connection("dual", startsAfter: 1.5)
        let handshake = try await connection.handshake()
        #expect(handshake.protocolVersion == .init(rawValue: "2026-07-28"))
        #expect(handshake.serverInfo?["name"] == "slow-dual")
        let response = try await connection.send(
            UpstreamRequest(method: "tools/call", params: ["name": "x"])
        ) { _ in }
        #expect(try response.result(server: "slow")["era"] == "modern")
        await connection.close()
    }

    @Test func aLegacyServerThatIgnoresTheProbeIsInitialized() async throws {
        let connection = Self.connection("legacy", startsAfter: 0)
        let started = ContinuousClock.now
        let handshake = try await connection.handshake()
        #expect(handshake.protocolVersion == .init(rawValue: "2025-11-25"))
        // Not a timing test: the margin is 400 times the probe timeout. Waiting for the probe's
        // request timeout (120 s) instead would overshoot it.
        #expect(
            ContinuousClock.now - started < .seconds(60),
            "initialize went out after the probe timeout, not the request timeout")
        let response = try await connection.send(
            UpstreamRequest(method: "tools/call", params: ["name": "x"])
        ) { _ in }
        #expect(try response.result(server: "slow")["era"] == "legacy")
        await connection.close()
    }

    @Test func aSlowLegacyServerIsInitializedToo() async throws {
        let connection = Self.connection("legacy", startsAfter: 1.5)
        let handshake = try await connection.handshake()
        #expect(handshake.protocolVersion == .init(rawValue: "2025-11-25"))
        await connection.close()
    }

    @Test func aServerThatExitsBeforeAnsweringIsNamedWithItsStatus() async throws {
        let connection = StdioUpstreamConnection(
            server: "quits", command: StdioCommand(command: "python3", arguments: ["-c", "import sys; sys.exit(3)"]),
            options: .init(requestTimeout: .seconds(120), probeTimeout: .seconds(120)), logger: Logger(label: "test"))
        // The exit is the answer: initialize is not tried on the dead process (that would say
        // "process is not running"), and nothing waits for a timeout to learn it.
        let error = await #expect(throws: GatewayError.self) { try await connection.handshake() }
        #expect(error?.message == "Upstream \"quits\" process exited with status 3 before answering.")
        await connection.close()
    }

    @Test func aSilentServerTimesOutWithTheTimeoutNamed() async throws {
        let connection = StdioUpstreamConnection(
            server: "mute", command: StdioCommand(command: "sleep", arguments: ["60"]),
            options: .init(requestTimeout: .milliseconds(400), probeTimeout: .milliseconds(200)), logger: Logger(label: "test"))
        let error = await #expect(throws: GatewayError.self) { try await connection.handshake() }
        #expect(error?.code == .upstreamTimeout)
        #expect(error?.message == "Upstream \"mute\" did not answer within 400 ms.")
        await connection.close()
    }
}
