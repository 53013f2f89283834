// Upstreams of every kind behind the real gateway: a legacy-only server with sessions (the Python
// SDK 1.x), a fastmcp server, and the session renewal and re-discovery that keep them usable
// across their restarts.
import Foundation
import JSONSchema
import Testing

@Suite(.serialized) struct UpstreamEraTests {
    struct Upstreams {
        let legacyPort = TestEnvironment.freePort()
        let fastPort = TestEnvironment.freePort()
        var legacy: RunningProcess?
        var fast: RunningProcess?

        /// - Parameter json: answer with JSON bodies instead of SSE streams.
        mutating func startLegacy(json: Bool = false) async throws {
            let script = TestEnvironment.root.appendingPathComponent("tests/interop/legacy_server.py").path
            legacy = try RunningProcess(
                "legacy", executable: try TestEnvironment.legacyPython(), arguments: [script, String(legacyPort)] + (json ? ["json"] : []))
            _ = try await legacy!.waitForLine(containing: "Uvicorn running")
        }

        mutating func startFast() async throws {
            let script = TestEnvironment.root.appendingPathComponent("tests/interop/fastmcp_server.py").path
            fast = try RunningProcess("fastmcp", executable: try TestEnvironment.python(), arguments: [script, String(fastPort)])
            _ = try await fast!.waitForLine(containing: "Uvicorn running")
        }

        func stop() async {
            await legacy?.stop()
            await fast?.stop()
        }

        var servers: String {
            """

              - { slug: legacy, name: com.example/legacy, upstream: { url: "http://127.0.0.1:\(legacyPort)/mcp" }, tools: { enabled: ["*"] } }
              - { slug: fast, name: com.example/fast, upstream: { url: "http://127.0.0.1:\(fastPort)/mcp" }, tools: { enabled: [echo] } }
            """
        }
    }

    @Test(arguments: ["legacy", "2026-07-28"])
    func legacyAndFastmcpUpstreamsServeEitherClientEra(mode: String) async throws {
        var up = Upstreams()
        try await up.startLegacy()
        try await up.startFast()
        let gh = try await GatehouseFixture.start(extraServers: up.servers, extraAllow: ", { server: legacy }, { server: fast }", waitFor: ["legacy", "fast"])
        #expect(gh.gatehouse.text.contains("gatehouse.server=legacy gatehouse.upstream.url=http://127.0.0.1:\(up.legacyPort)/mcp mcp.protocol.version=2025-11-25"))
        let run = try await gh.sdk(
            "/mcp", mode: mode,
            plan: """
                [{"op":"list_tools"},
                 {"op":"call","name":"legacy__shout","args":{"text":"hello"}},
                 {"op":"call","name":"fast__echo","args":{"text":"fast"}},
                 {"op":"call","name":"fast__delete_all","args":{}},
                 {"op":"read","uri":"legacy+legacy://motd"},
                 {"op":"prompt","name":"legacy__hello","args":{"name":"Ada"}}]
                """)
        let tools = run.names(0)
        #expect(tools.contains("legacy__echo") && tools.contains("legacy__shout") && tools.contains("fast__echo"))
        #expect(!tools.contains("fast__delete_all"), "discovered but not enabled")
        #expect(run.text(1) == "HELLO")
        #expect(run.text(2) == "fast")
        #expect(run.error(3)?.hasPrefix("Tool \"fast__delete_all\" is not enabled on server \"fast\"") == true, "\(run.json)")
        #expect(run.step(4)["value"]?["contents"]?[0]?["text"] == "message of the day")
        #expect(run.step(5)["value"]?["messages"]?[0]?["content"]?["text"] == "Say hello to Ada.")
        await gh.stop()
        await up.stop()
    }

    @Test func aRestartedLegacyUpstreamGetsANewSessionTransparently() async throws {
        var up = Upstreams()
        try await up.startLegacy()
        let gh = try await GatehouseFixture.start(extraServers: up.servers, extraAllow: ", { server: legacy }", waitFor: ["legacy"])
        let first = try await gh.sdk("/mcp", mode: "2026-07-28", plan: #"[{"op":"call","name":"legacy__echo","args":{"text":"one"}}]"#)
        #expect(first.text(0) == "one")
        await up.legacy?.stop()  // the upstream forgets every session
        try await up.startLegacy()
        let second = try await gh.sdk("/mcp", mode: "2026-07-28", plan: #"[{"op":"call","name":"legacy__echo","args":{"text":"two"}}]"#)
        #expect(second.text(0) == "two", "\(second.json)")
        #expect(gh.gatehouse.text.contains("Upstream session expired; reconnecting"))
        await gh.stop()
        await up.stop()
    }

    @Test func aServerDownAtStartIsDiscoveredWhenItComesUp() async throws {
        var up = Upstreams()
        let gh = try await GatehouseFixture.start(
            extraServers: up.servers.replacingOccurrences(of: "  - { slug: legacy", with: "  # - { slug: legacy"), extraAllow: ", { server: fast }",
            gateway: "gateway: { upstream: { rediscovery_interval: 1s } }")
        _ = try await gh.gatehouse.waitForLine(containing: "gatehouse.server=fast [Gateway] Discovery failed")
        try await up.startFast()
        _ = try await gh.gatehouse.waitForLine(containing: "gatehouse.server=fast gatehouse.tools=2", timeout: .seconds(30))
        let run = try await gh.sdk("/mcp", mode: "2026-07-28", plan: #"[{"op":"call","name":"fast__echo","args":{"text":"late"}}]"#)
        #expect(run.text(0) == "late")
        await gh.stop()
        await up.stop()
    }

    /// A legacy client abandons a call with `notifications/cancelled`, a 2026-07-28 client by
    /// closing the connection that waits for the plain JSON answer.
    @Test(arguments: ["legacy", "2026-07-28"])
    func aCallTheClientAbandonsIsCancelledAtTheLegacyUpstream(mode: String) async throws {
        // The upstream answers JSON, so the gateway's closed connection tells it nothing: only
        // `notifications/cancelled` stops its work (a disconnect is not a cancel in its era).
        var up = Upstreams()
        try await up.startLegacy(json: true)
        let gh = try await GatehouseFixture.start(extraServers: up.servers, extraAllow: ", { server: legacy }", waitFor: ["legacy"])
        let run = try await gh.sdk(
            "/mcp", mode: mode,
            plan: #"[{"op":"call","name":"legacy__sleep","args":{"seconds":60},"abandon_after":2},{"op":"call","name":"legacy__echo","args":{"text":"next"}}]"#)
        #expect(run.step(0)["value"] == "abandoned", "\(run.json)")
        #expect(run.text(1) == "next")
        _ = try await up.legacy!.waitForLine(containing: "sleep started", timeout: .seconds(5))
        let cancelled = try? await up.legacy!.waitForLine(containing: "sleep cancelled", timeout: .seconds(30))
        #expect(cancelled != nil, "the upstream never heard that the call was given up")
        await gh.stop()
        await up.stop()
    }
}
