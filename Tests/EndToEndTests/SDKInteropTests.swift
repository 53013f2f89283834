// The official Python SDK client (mcp 2.3.0) through the real gateway binary, in both protocol
// modes, against the Python SDK server over Streamable HTTP and the demo server over stdio.
import Foundation
import JSONSchema
import Testing

@Suite(.serialized) struct SDKInteropTests {
    static let plan = """
        [{"op":"list_tools"},
         {"op":"call","name":"notes__echo","args":{"text":"via http"}},
         {"op":"call","name":"demo__add","args":{"a":2,"b":40}},
         {"op":"call","name":"notes__add","args":{"a":1,"b":2}},
         {"op":"call","name":"nope","args":{}},
         {"op":"call","name":"demo__wait","args":{"seconds":0.3},"progress":true},
         {"op":"list_resources"},
         {"op":"read","uri":"notes+test://static-text"},
         {"op":"list_prompts"},
         {"op":"prompt","name":"demo__greet","args":{"name":"Ada"}},
         {"op":"ping"}]
        """

    @Test(arguments: ["legacy", "2026-07-28"])
    func mergedEndpointInEitherMode(mode: String) async throws {
        let gh = try await GatehouseFixture.start()
        let run = try await gh.sdk("/mcp", mode: mode, plan: Self.plan)
        #expect(run.negotiated == (mode == "legacy" ? "2025-11-25" : "2026-07-28"))
        #expect(run.names(0) == ["demo__echo", "demo__add", "demo__current_time", "demo__wait", "notes__echo"], "add is enabled on notes but not allowed")
        #expect(run.text(1) == "via http")
        #expect(run.step(2)["value"]?["structuredContent"]?["sum"] == 42)
        #expect(run.error(3) == "Application \"ci-agent\" may not call tool \"notes__add\": its allow rule for server \"notes\" lists only echo.")
        #expect(run.error(4) == "Unknown tool \"nope\".")
        #expect(run.step(5)["progress"]?.arrayValue?.count == 3, "progress from the stdio child reaches the client")
        #expect(Set(run.names(6)) == ["demo+demo://readme", "notes+test://static-text"])
        #expect(run.step(7)["value"]?["contents"]?[0]?["text"] == "hello")
        #expect(Set(run.names(8)) == ["demo__greet", "notes__simple"])
        #expect(run.step(9)["value"]?["messages"]?[0]?["content"]?["text"] == "Please greet Ada warmly.")
        #expect(run.step(10)["ok"] == true)
        await gh.stop()
    }

    @Test(arguments: ["legacy", "2026-07-28"])
    func perServerEndpointsUseTheServersOwnNames(mode: String) async throws {
        let gh = try await GatehouseFixture.start()
        let notes = try await gh.sdk(
            "/servers/notes/mcp", mode: mode,
            plan: #"[{"op":"list_tools"},{"op":"call","name":"echo","args":{"text":"own name"}},{"op":"read","uri":"test://static-text"},{"op":"call","name":"notes__echo","args":{}}]"#)
        #expect(notes.names(0) == ["echo"])
        #expect(notes.text(1) == "own name")
        #expect(notes.step(2)["value"]?["contents"]?[0]?["text"] == "hello")
        #expect(notes.error(3) == "Unknown tool \"notes__echo\".")
        let demo = try await gh.sdk("/servers/demo/mcp", mode: mode, plan: #"[{"op":"list_tools"},{"op":"call","name":"echo","args":{"text":"stdio"}}]"#)
        #expect(demo.names(0) == ["echo", "add", "current_time", "wait"])
        #expect(demo.text(1) == "stdio")
        await gh.stop()
    }

    @Test func aWrongKeyIsRefusedBeforeAnythingElse() async throws {
        let gh = try await GatehouseFixture.start()
        let script = TestEnvironment.root.appendingPathComponent("tests/interop/sdk_client.py").path
        let (_, output) = try await runToEnd(
            try TestEnvironment.python(), [script, "--url", gh.base + "/mcp", "--key", "ghk_wrong", "--mode", "2026-07-28", "--plan", #"[{"op":"list_tools"}]"#])
        #expect(output.contains("401") || output.contains("not a Gatehouse API key") || output.contains("Unauthorized"), "\(output)")
        await gh.stop()
    }
}

@Suite(.serialized) struct WireProbeTests {
    @Test(arguments: [("2026-07-28", "/mcp"), ("2026-07-28", "/servers/notes/mcp"), ("2025-11-25", "/mcp"), ("2025-11-25", "/servers/notes/mcp")])
    func theSharedWireProbePasses(revision: String, path: String) async throws {
        let gh = try await GatehouseFixture.start()
        let probe = try TestEnvironment.conformance().appendingPathComponent("harness/probe.py").path
        let wrapper = TestEnvironment.root.appendingPathComponent("tests/interop/run_probe.py").path
        let (_, output) = try await runToEnd(
            try TestEnvironment.python(), [wrapper, "--probe", probe, "--key", gh.key, "--", "--url", gh.base + path, "--rev", revision])
        let summary = output.split(separator: "\n").last { $0.hasSuffix("failed") } ?? ""
        print("probe \(revision) \(path): \(summary)")
        #expect(summary.hasSuffix(" 0 failed"), "\(output)")
        #expect(!summary.hasPrefix("0 passed"))
        await gh.stop()
    }
}
