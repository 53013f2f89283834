// The gateway as an operator sees it: graceful shutdown finishes in-flight calls and leaves no
// process behind, a crashed stdio server is restarted, a dead upstream is named while the others
// keep serving, and every request is on record.
import Foundation
import JSONSchema
import Testing
import TestSupport

func processExists(_ pid: Int32) -> Bool { kill(pid, 0) == 0 }

/// Process ids whose command line contains `needle`.
func processes(matching needle: String) -> [Int32] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap(Int32.init).filter { pid in
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
        let command = String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
        return command.contains(needle) && !command.contains("python")
    }
}

@Suite(.serialized) struct LifecycleTests {
    @Test func sigtermLetsASlowCallFinishThenExitsCleanly() async throws {
        let gh = try await GatehouseFixture.start()
        let script = TestEnvironment.root.appendingPathComponent("tests/interop/sdk_client.py").path
        let client = try RunningProcess(
            "sdk", executable: try TestEnvironment.python(),
            arguments: [script, "--url", gh.base + "/mcp", "--key", gh.key, "--mode", "2026-07-28", "--plan",
                #"[{"op":"list_tools"},{"op":"call","name":"demo__wait","args":{"seconds":2},"progress":true}]"#,
            ])
        // (tools are listed first: after a call the SDK lists tools to check output schemas,
        // which a stopped gateway could not answer)
        _ = try await client.waitForLine(containing: "PROGRESS")  // the upstream is working on the call
        let children = gh.upstreamProcessIDs
        #expect(!children.isEmpty)
        gh.gatehouse.signal(SIGTERM)
        #expect(try await client.waitForExit(timeout: .seconds(30)) == 0)
        let result = try JSONParser.parse(client.lines.last { $0.hasPrefix("{") } ?? "{}")
        #expect(result["steps"]?[1]?["ok"] == true, "\(client.text)")
        #expect(result["steps"]?[1]?["value"]?["content"]?[0]?["text"] == "waited 2.0 s")
        #expect(try await gh.gatehouse.waitForExit(timeout: .seconds(30)) == 0)
        #expect(children.allSatisfy { !processExists($0) }, "stdio upstreams are stopped")
        let records = try await gh.auditRecords()
        #expect(records.contains { $0["method"] == "tools/call" && $0["target"] == "wait" && $0["outcome"] == "ok" && $0["application"] == "ci-agent" })
        await gh.stop()
    }

    @Test func aCrashedStdioServerIsRestartedAndItsProcessTreeReaped() async throws {
        let binary = try TestEnvironment.binary()
        // A marker no other run of this test (in another checkout, say) uses.
        let marker = "sleep 4242.\(Int.random(in: 100_000...999_999))"
        let tree = """

              - slug: tree
                name: io.gatehouse/tree
                upstream: { command: sh, args: ["-c", "\(marker) & exec \(binary) demo-server"] }
                tools: { enabled: ["*"] }
            """
        let gh = try await GatehouseFixture.start(extraServers: tree, extraAllow: ", { server: tree }", waitFor: ["tree"])
        #expect(processes(matching: marker).count == 1, "the server's own child runs")
        // kill -9 the demo server: the next call starts it again.
        let before = gh.upstreamProcessIDs
        for pid in before { kill(pid, SIGKILL) }
        // Once the gateway has seen both exits (a call racing an exit just fails).
        _ = try await eventually(timeout: .seconds(30), interval: .milliseconds(50), until: { $0 >= before.count }) {
            gh.gatehouse.lines.filter { $0.contains("Upstream process ended") }.count
        }
        let run = try await gh.sdk("/mcp", mode: "2026-07-28", plan: #"[{"op":"call","name":"demo__echo","args":{"text":"again"}},{"op":"call","name":"tree__echo","args":{"text":"tree"}}]"#)
        #expect(run.text(0) == "again", "\(run.json)")
        #expect(run.text(1) == "tree", "\(run.json)")
        let after = gh.upstreamProcessIDs
        #expect(after.count > before.count, "new processes were started")
        #expect(processes(matching: marker).count == 1, "the killed group's leftovers were reaped; the new one runs")
        gh.gatehouse.signal(SIGTERM)
        #expect(try await gh.gatehouse.waitForExit() == 0)
        #expect(processes(matching: marker).isEmpty, "the whole process tree is gone")
        #expect(after.allSatisfy { !processExists($0) })
        await gh.stop()
    }

    @Test func aDeadUpstreamIsNamedAndTheOthersKeepServing() async throws {
        let gh = try await GatehouseFixture.start()
        await gh.notes.stop()
        let run = try await gh.sdk(
            "/mcp", mode: "2026-07-28",
            plan: #"[{"op":"call","name":"notes__echo","args":{"text":"x"}},{"op":"call","name":"demo__echo","args":{"text":"still here"}},{"op":"list_tools"}]"#)
        #expect(run.error(0)?.hasPrefix("Upstream \"notes\" at http://127.0.0.1:\(gh.notesPort)/mcp is unreachable") == true, "\(run.json)")
        #expect(run.text(1) == "still here")
        #expect(run.names(2).contains("notes__echo"), "the catalog stays; calls fail clearly")
        let failed: (JSONValue) -> Bool = {
            $0["target"] == "echo" && $0["server"] == "notes" && $0["outcome"] == "error" && $0["errorReason"] == "upstream_unavailable"
        }
        let records = try await gh.auditRecords { $0.contains(where: failed) }
        #expect(records.contains(where: failed))
        await gh.stop()
    }
}

@Suite(.serialized) struct CLIWhileServingTests {
    @Test func cliChangesOnTheDataFolderReachARunningGateway() async throws {
        let gh = try await GatehouseFixture.start()
        let before = try await gh.sdk("/mcp", mode: "2026-07-28", plan: #"[{"op":"list_tools"}]"#)
        #expect(before.names(0).contains("demo__wait"))
        let binary = try TestEnvironment.binary()
        let (status, output) = try await runToEnd(binary, ["tools", "disable", "--server", "demo", "wait", "--data", gh.dataDirectory.path])
        #expect(status == 0, "\(output)")
        let (keyStatus, key) = try await runToEnd(binary, ["keys", "create", "--app", "ci-agent", "--data", gh.dataDirectory.path])
        #expect(keyStatus == 0)
        let newKey = key.split(separator: "\n").first { $0.hasPrefix("ghk_") }.map(String.init) ?? ""
        // The new key works at once; the disabled tool is gone from lists and refused.
        let after = try await gh.sdk(
            "/mcp", mode: "2026-07-28", plan: #"[{"op":"list_tools"},{"op":"call","name":"demo__wait","args":{"seconds":0}}]"#, key: newKey)
        #expect(!after.names(0).contains("demo__wait"), "\(after.json)")
        #expect(after.error(1)?.hasPrefix("Tool \"demo__wait\" is not enabled on server \"demo\"") == true, "\(after.json)")
        let (tailStatus, tail) = try await runToEnd(binary, ["audit", "tail", "-n", "3", "--data", gh.dataDirectory.path])
        #expect(tailStatus == 0)
        #expect(tail.contains("tools/call"), "\(tail)")
        await gh.stop()
    }
}
