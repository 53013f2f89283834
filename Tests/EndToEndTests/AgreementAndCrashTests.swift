// Two properties of the running binary. Lists and calls agree for every caller over generated
// policy sets (attached through the admin API, so each is also validated there), as the official
// SDK client sees them. And the audit chain survives `kill -9` under load: after a restart the
// chain verifies, with every record that was committed before the crash.
import AsyncHTTPClient
import Foundation
import NIOCore
import JSONSchema
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite(.serialized) struct AgreementAndCrashTests {
    static let apps = ["ci-agent", "alpha", "beta"]
    static let calls: [(name: String, args: String)] = [
        ("demo__echo", #"{"text":"hello"}"#), ("demo__echo", #"{"text":"my secret"}"#), ("demo__add", #"{"a":5,"b":1}"#),
        ("demo__add", #"{"a":500,"b":1}"#), ("demo__current_time", "{}"), ("notes__echo", #"{"text":"x"}"#), ("notes__add", #"{"a":5}"#),
        ("notes__add", #"{"a":500}"#),
    ]

    /// A small seeded generator of policies over the MCP model (valid ones are attached; the
    /// admin API rejects the others, which is counted, not hidden).
    struct Generator {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        mutating func pick(_ options: [String]) -> String { options[next(options.count)] }

        mutating func atom(arguments: Bool) -> String {
            if arguments, next(3) != 0 {
                return pick([
                    "context.arguments has a && context.arguments.a > 100", "context.arguments has text && context.arguments.text like \"*secret*\"",
                ])
            }
            return pick([
                "principal == Gatehouse::Application::\"\(pick(AgreementAndCrashTests.apps))\"", "resource in Gatehouse::Server::\"\(pick(["notes", "demo"]))\"",
                "context.annotations.readOnlyHint", "context.endpoint == \"/mcp\"", "context has client_address && context.client_address.isLoopback()",
                "context.protocol_version == \"2026-07-28\"", "false",
            ])
        }

        mutating func policy(_ i: Int) -> String {
            let arguments = next(2) == 0
            var condition = atom(arguments: arguments)
            if next(2) == 0 { condition = "(\(condition)) \(pick(["&&", "||"])) (\(atom(arguments: arguments)))" }
            let listing = next(5) == 0
            let action = listing ? "action == Gatehouse::Action::\"list_tools\"" : "action == Gatehouse::Action::\"call_tool\""
            let resource =
                listing
                ? "resource == Gatehouse::Server::\"\(pick(["notes", "demo"]))\""
                : pick(["resource", "resource in Gatehouse::Server::\"\(pick(["notes", "demo"]))\"", "resource == Gatehouse::Tool::\"\(pick(["demo/echo", "demo/add", "notes/add", "notes/echo"]))\""])
            let principal = next(2) == 0 ? "principal" : "principal == Gatehouse::Application::\"\(pick(AgreementAndCrashTests.apps))\""
            let cedar = "forbid (\(principal), \(action), \(resource)) \(pick(["when", "unless"])) { \(listing ? atom(arguments: false) : condition) };"
            return #"{"id":"gen-\#(i)","mode":"\#(next(6) == 0 ? "shadow" : "enforce")","cedar":\#(JSONValue.string(cedar).jsonString())}"#
        }
    }

    @Test func listsAndCallsAgreeForGeneratedPoliciesAndCallers() async throws {
        let apps = """
              - name: alpha
                allow: [ { server: notes }, { server: demo } ]
              - name: beta
                allow: [ { server: notes }, { server: demo } ]
            """
        let gh = try await GatehouseFixture.start(extraSections: apps)
        var keys = ["ci-agent": gh.key]
        for app in Self.apps.dropFirst() { keys[app] = try await gh.newKey(for: app) }
        let plan =
            "[{\"op\":\"list_tools\"},"
            + Self.calls.map { #"{"op":"call","name":"\#($0.name)","args":\#($0.args)}"# }.joined(separator: ",") + "]"
        var attached = 0
        var rejected = 0
        var hiddenSeen = 0
        var listedSeen = 0
        var argumentRefusals = 0
        for round in 0..<4 {
            var generator = Generator(state: UInt64(round + 1) &* 0x9E37_79B9_7F4A_7C15)
            for policy in try await gh.admin("GET", "/api/v1/policies")["policies"]?.arrayValue ?? [] {
                _ = try await gh.admin("DELETE", "/api/v1/policies/\(policy["id"]?.stringValue ?? "")")
            }
            var policies: [String] = []
            for i in 0..<(3 + generator.next(4)) {
                let body = generator.policy(i)
                let answer = try await gh.admin("POST", "/api/v1/policies", body: body)
                if answer["policy"] != nil {
                    attached += 1
                    policies.append(body)
                } else {
                    rejected += 1
                    print("rejected: \(body) -> \(answer["error"]?["message"]?.stringValue ?? "")")
                }
            }
            for app in Self.apps {
                let run = try await gh.sdk("/mcp", mode: "2026-07-28", plan: plan, key: keys[app])
                let listed = Set(run.names(0))
                for (index, call) in Self.calls.enumerated() {
                    let step = run.step(index + 1)
                    let message = step["error"]?["message"]?.stringValue
                    let context = "round \(round), \(app), \(call.name) \(call.args): \(step)\npolicies:\n\(policies.joined(separator: "\n"))"
                    if listed.contains(call.name) {
                        listedSeen += 1
                        // A listed tool is never refused as unknown or not allowed; only an
                        // argument policy may refuse a particular call.
                        if let message {
                            #expect(message.hasPrefix("Policy \"gen-"), "\(context)")
                            argumentRefusals += 1
                        }
                    } else {
                        hiddenSeen += 1
                        #expect(
                            message == "Unknown tool \"\(call.name)\"." || message?.hasPrefix("Application \"\(app)\" may not call tool") == true,
                            "\(context)")
                    }
                }
            }
        }
        print("e2e agreement: \(attached) policies attached, \(rejected) rejected by validation; \(listedSeen) listed and \(hiddenSeen) hidden tool calls; \(argumentRefusals) refused by argument policies")
        #expect(attached >= 9)
        #expect(hiddenSeen > 0 && listedSeen > 0 && argumentRefusals > 0)
        await gh.stop()
    }

    @Test func theAuditChainSurvivesKill9UnderLoad() async throws {
        let gh = try await GatehouseFixture.start()
        let url = gh.base + "/mcp"
        let key = gh.key
        let answered = ManagedCounter()
        let stopping = ManagedCounter()
        // AsyncHTTPClient, and a flag rather than task cancellation: cancelling URLSession's async
        // requests on Linux can deadlock two pool threads inside FoundationNetworking.
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let load = Task {
            await withTaskGroup(of: Void.self) { group in
                for worker in 0..<6 {
                    group.addTask {
                        var n = 0
                        while stopping.value == 0 {
                            n += 1
                            let request = ModernRequest(id: n, method: "tools/call", name: "demo__echo", arguments: #"{"text":"w\#(worker)-\#(n)"}"#)
                                .post(to: url, credentials: [("Authorization", "Bearer \(key)")])
                            guard let response = try? await http.execute(request, timeout: .seconds(10)),
                                let body = try? await response.body.collect(upTo: 1 << 20)
                            else {
                                try? await Task.sleep(for: .milliseconds(20))
                                continue
                            }
                            if String(buffer: body).contains("\"result\"") { answered.add() }
                        }
                    }
                }
            }
        }
        try await Task.sleep(for: .seconds(3))
        let beforeKill = answered.value
        gh.gatehouse.signal(SIGKILL)
        _ = try await gh.gatehouse.waitForExit(timeout: .seconds(10))
        stopping.add()
        await load.value
        try await http.shutdown()
        #expect(beforeKill > 100, "the gateway was under load (\(beforeKill) calls answered)")

        // Restart on the same data folder; the chain must verify, and hold what was committed.
        let restarted = try RunningProcess(
            "gatehouse", executable: try TestEnvironment.binary(),
            arguments: ["serve", "--config", gh.configFile.path, "--data", gh.dataDirectory.path, "--port", "0"])
        _ = try await restarted.waitForLine(containing: "Gatehouse listening on")
        let (status, output) = try await gh.cli(["audit", "verify"])
        #expect(status == 0, "\(output)")
        #expect(output.hasPrefix("intact: "), "\(output)")
        let records = try await gh.auditRecords().filter { $0["method"] == "tools/call" }.count
        print("kill -9 under load: \(beforeKill) calls answered before the kill, \(records) tools/call records after restart; \(output.split(separator: "\n").first ?? "")")
        // Records reach the store at most one linger window (20 ms) plus one batch write after
        // their answer, so the few answered last may be missing; nothing else may.
        #expect(records >= beforeKill - 600, "\(records) records for \(beforeKill) answered calls")
        await restarted.stop()
        await gh.stop()
    }
}

/// A counter shared by load tasks.
final class ManagedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
