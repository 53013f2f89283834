// The transport end to end in-process: both eras against a live upstream, sessions, limits, and
// every refusal with its HTTP status and JSON-RPC error.
import Foundation
import HTTPTypes
import JSONSchema
import MCPCore
import Testing
import TestSupport

@testable import Gateway

@Suite(.serialized) struct TransportTests {
    @Test func modernListAndCallThroughTheMergedEndpoint() async throws {
        try await TransportHarness.run { h in
            let list = try await h.modern("tools/list")
            #expect(list.status == .ok)
            let names = list.last["result"]?["tools"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            #expect(names == ["demo__echo", "demo__add", "demo__wait"], "current_time is disabled; down has no catalog")
            #expect(list.last["result"]?["resultType"] == "complete")
            #expect(list.last["result"]?["cacheScope"] == "private")
            #expect(list.last["result"]?["ttlMs"] == 0)

            let call = try await h.modern("tools/call", ["name": "demo__add", "arguments": ["a": 2, "b": 40]], id: 7)
            #expect(call.status == .ok)
            #expect(call.last["id"] == 7)
            #expect(call.last["result"]?["structuredContent"]?["sum"] == 42)
            #expect(call.last["result"]?["resultType"] == "complete")
            #expect(h.audit.all.last?.target == "add")
            #expect(h.audit.all.last?.server == "demo")
            #expect(h.audit.all.last?.outcome == .ok)
        }
    }

    @Test func legacySessionLifecycle() async throws {
        try await TransportHarness.run { h in
            let sid = try await h.initialize()
            #expect(sid.hasPrefix("ghs1."))
            let list = try await h.legacy("tools/list", session: sid, id: 2)
            #expect(list.last["result"]?["tools"]?.arrayValue?.count == 3)
            #expect(list.last["result"]?["resultType"] == nil, "legacy results are not decorated")
            let echo = try await h.legacy("tools/call", ["name": "demo__echo", "arguments": ["text": "hi"]], session: sid, id: 3)
            #expect(echo.last["result"]?["content"]?[0]?["text"] == "hi")

            var delete = HTTPFields()
            delete[.init("Mcp-Session-Id")!] = sid
            delete[.authorization] = "Bearer \(h.key)"
            let ended = try await h.client.execute(uri: "/mcp", method: .delete, headers: delete, body: nil) { $0.status }
            #expect(ended == .noContent)
            let after = try await h.legacy("tools/list", session: sid, id: 4)
            #expect(after.status == .notFound)
            #expect(after.last["error"]?["code"] == -32600)
        }
    }

    @Test func aSessionIsBoundToItsEndpointAndApplication() async throws {
        try await TransportHarness.run { h in
            let sid = try await h.initialize(path: "/servers/demo/mcp")
            let elsewhere = try await h.legacy("tools/list", session: sid, path: "/mcp")
            #expect(elsewhere.status == .notFound)
            let own = try await h.legacy("tools/list", session: sid, path: "/servers/demo/mcp")
            #expect(own.last["result"]?["tools"]?.arrayValue?.map { $0["name"]!.stringValue! } == ["echo", "add", "wait"])
        }
    }

    @Test func progressIsRelayedOnAnEventStream() async throws {
        try await TransportHarness.run { h in
            let r = try await h.modern("tools/call", ["name": "demo__wait", "arguments": ["seconds": 0.3], "_meta": ["progressToken": "p-1"]], id: 9)
            #expect(r.headers[.contentType] == "text/event-stream")
            let progress = r.messages.filter { $0["method"] == "notifications/progress" }
            #expect(progress.count >= 2)
            #expect(progress.allSatisfy { $0["params"]?["progressToken"] == "p-1" }, "the client's own token comes back")
            #expect(r.last["id"] == 9)
            #expect(r.last["result"]?["content"]?[0]?["text"] == "waited 0.3 s")
        }
    }

    @Test func missingAndWrongCredentialsGet401() async throws {
        try await TransportHarness.run { h in
            let none = try await h.post(body: #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#, key: .some(nil))
            #expect(none.status == .unauthorized)
            #expect(none.headers[.wwwAuthenticate] == #"Bearer realm="gatehouse""#)
            #expect(none.last["error"]?["message"]?.stringValue?.hasPrefix("Missing credentials") == true)
            let wrong = try await h.post(body: #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#, key: .some("ghk_nope"))
            #expect(wrong.status == .unauthorized)
            #expect(h.audit.all.filter { $0.outcome == .denied }.count == 2)
        }
    }

    // A call that can relay nothing runs inline, one with a progress token on a stream: the
    // client certificate must reach the identify stage either way (the mTLS listener has no key).
    @Test func aClientCertificateIdentifiesInlineAndStreamedCalls() async throws {
        try await TransportHarness.run { h in
            var d = h.provider.current
            d.identity = DirectoryIdentity(certificateApplications: ["dns:agent.internal": "ci-agent"])
            h.provider.update(d)
            let mapped: HTTPFields = [TestClientCertificate.header: "dns:agent.internal"]

            let inline = try await h.modern("tools/call", ["name": "demo__add", "arguments": ["a": 1, "b": 2]], id: 3, extraHeaders: mapped, key: .some(nil))
            #expect(inline.status == .ok)
            #expect(inline.headers[.contentType] == "application/json")
            #expect(inline.last["result"]?["structuredContent"]?["sum"] == 3)
            #expect(h.audit.all.last?.application == "ci-agent")

            let streamed = try await h.modern(
                "tools/call", ["name": "demo__wait", "arguments": ["seconds": 0.1], "_meta": ["progressToken": "p-2"]], id: 4, extraHeaders: mapped,
                key: .some(nil))
            #expect(streamed.headers[.contentType] == "text/event-stream")
            #expect(streamed.last["id"] == 4)
            #expect(streamed.last["result"]?["content"]?[0]?["text"] == "waited 0.1 s")
            #expect(h.audit.all.last?.application == "ci-agent")

            let stranger = try await h.modern("tools/list", extraHeaders: [TestClientCertificate.header: "cn:stranger"], key: .some(nil))
            #expect(stranger.status == .unauthorized)
            #expect(stranger.last["error"]?["message"]?.stringValue?.contains("is not mapped to an application") == true)
        }
    }

    @Test func badInputIsRefusedWithItsReason() async throws {
        var config = GatewayConfiguration()
        config.limits = .init(maxBodyBytes: 2048, maxJSONDepth: 16)
        try await TransportHarness.run(configuration: config) { h in
            let garbage = try await h.post(body: "{not json")
            #expect(garbage.status == .badRequest)
            #expect(garbage.last["error"]?["code"] == -32700)

            let batch = try await h.post(body: #"[{"jsonrpc":"2.0","id":1,"method":"ping"}]"#)
            #expect(batch.status == .badRequest)
            #expect(batch.last["error"]?["message"]?.stringValue?.hasPrefix("JSON-RPC batches are not supported") == true)

            let big = try await h.post(body: #"{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":""# + String(repeating: "a", count: 4096) + #""}}"#)
            #expect(big.status == .contentTooLarge)
            #expect(big.last["error"]?["message"] == "Request body exceeds the limit of 2 KiB (gateway.limits.max_body_bytes).")

            let deep = try await h.post(body: #"{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":"# + String(repeating: "[", count: 40) + String(repeating: "]", count: 40) + "}}")
            #expect(deep.status == .badRequest)
            #expect(deep.last["error"]?["message"]?.stringValue?.contains("nesting is deeper than the limit of 16") == true)

            let origin = try await h.modern("tools/list", extraHeaders: [.origin: "http://evil.example"])
            #expect(origin.status == .forbidden)
            let local = try await h.modern("tools/list", extraHeaders: [.origin: "http://localhost:6274"])
            #expect(local.status == .ok)
        }
    }

    @Test func unknownMethodsFollowEachEra() async throws {
        try await TransportHarness.run { h in
            let modern = try await h.modern("no/such-method")
            #expect(modern.status == .notFound)
            #expect(modern.last["error"]?["code"] == -32601)
            let sid = try await h.initialize()
            let legacy = try await h.legacy("no/such-method", session: sid)
            #expect(legacy.status == .ok)
            #expect(legacy.last["error"]?["code"] == -32601)
        }
    }

    @Test func aDownUpstreamIsNamedAndOthersKeepWorking() async throws {
        try await TransportHarness.run { h in
            let r = try await h.modern("resources/list", path: "/servers/down/mcp")
            #expect(r.last["error"]?["message"] == "Upstream \"down\" at http://127.0.0.1:1/mcp is unreachable: connection refused.")
            let merged = try await h.modern("resources/list")
            #expect(merged.last["result"]?["resources"]?.arrayValue?.map { $0["uri"]!.stringValue! } == ["demo+demo://readme"])
            let read = try await h.modern("resources/read", ["uri": "demo+demo://readme"])
            #expect(read.last["result"]?["contents"]?[0]?["uri"] == "demo://readme")
            #expect(read.last["result"]?["resultType"] == "complete")
        }
    }

    @Test func disabledToolsAreRefusedWithTheRule() async throws {
        try await TransportHarness.run { h in
            let r = try await h.modern("tools/call", ["name": "demo__current_time", "arguments": [:]])
            #expect(r.status == .ok)
            #expect(r.last["error"]?["code"] == -32001)
            #expect(r.last["error"]?["message"]?.stringValue?.hasPrefix("Tool \"demo__current_time\" is not enabled on server \"demo\"") == true)
            #expect(h.audit.all.last?.outcome == .denied)
            #expect(h.audit.all.last?.errorReason == "tool_disabled")
        }
    }

    @Test func subscriptionsAreAcknowledgedThenEndOnShutdown() async throws {
        try await TransportHarness.run { h in
            async let response = h.modern("subscriptions/listen", ["notifications": ["toolsListChanged": true, "resourceSubscriptions": ["x"]]], id: 5)
            while h.hub.count == 0 { try await Task.sleep(for: .milliseconds(10)) }
            h.hub.publish(.tools, server: "demo", visible: { $0 == "ci-agent" })
            h.hub.shutdown()
            let r = try await response
            let messages = r.messages
            #expect(messages.first?["method"] == "notifications/subscriptions/acknowledged")
            #expect(messages.first?["params"]?["notifications"] == ["toolsListChanged": true])
            #expect(messages.first?["params"]?["_meta"]?["io.modelcontextprotocol/subscriptionId"] == 5)
            #expect(messages.dropFirst().first?["method"] == "notifications/tools/list_changed")
            #expect(messages.dropFirst().first?["params"]?["_meta"]?["io.modelcontextprotocol/subscriptionId"] == 5)
            #expect(r.last["result"]?["resultType"] == "complete")
        }
    }
}

@Suite(.serialized) struct TransportBehaviourTests {
    @Test func completionIsRoutedToThePromptsServer() async throws {
        try await TransportHarness.run { h in
            let r = try await h.modern("completion/complete", ["ref": ["type": "ref/prompt", "name": "demo__greet"], "argument": ["name": "name", "value": "a"]])
            #expect(r.last["result"]?["completion"]?["values"] == ["Ada", "Alan"])
        }
    }

    @Test func mergedListsArePagedAcrossServers() async throws {
        var config = GatewayConfiguration()
        config.listPageSize = 2
        try await TransportHarness.run(configuration: config) { h in
            var names: [String] = []
            var cursor: JSONValue? = nil
            var pages = 0
            repeat {
                let r = try await h.modern("tools/list", cursor.map { ["cursor": $0] } ?? [:])
                names += r.last["result"]?["tools"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
                cursor = r.last["result"]?["nextCursor"]
                pages += 1
            } while cursor != nil && pages < 10
            #expect(names == ["demo__echo", "demo__add", "demo__wait"])
            #expect(pages == 2)
        }
    }

    @Test func enablingAToolTellsListeningClients() async throws {
        try await TransportHarness.run { h in
            async let stream = h.modern("subscriptions/listen", ["notifications": ["toolsListChanged": true]], id: 3)
            while h.hub.count == 0 { try await Task.sleep(for: .milliseconds(10)) }
            // An operator enables current_time (as a registry change would).
            var d = h.provider.current
            var demo = d.servers["demo"]!
            demo.enablement.disabled = []
            d = GatewayDirectory(generation: d.generation + 1, servers: Array(d.servers.values.filter { $0.slug != "demo" }) + [demo],
                                 callers: Array(d.callersByKeyHash.values), grants: d.grants)
            h.provider.update(d)
            try await Task.sleep(for: .milliseconds(50))
            h.hub.shutdown()
            let messages = try await stream.messages
            #expect(messages.contains { $0["method"] == "notifications/tools/list_changed" })
            let list = try await h.modern("tools/list")
            #expect(list.last["result"]?["tools"]?.arrayValue?.contains { $0["name"] == "demo__current_time" } == true)
        }
    }

    @Test func aCancelledCallStopsEarly() async throws {
        try await TransportHarness.run { h in
            let sid = try await h.initialize()
            let started = ContinuousClock.now
            async let call = h.legacy("tools/call", ["name": "demo__wait", "arguments": ["seconds": 60], "_meta": ["progressToken": "w"]], session: sid, id: 77)
            try await Task.sleep(for: .milliseconds(300))
            let cancel = try await h.post(
                body: #"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":77,"reason":"user"}}"#,
                headers: [.init("Mcp-Session-Id")!: sid, .init("MCP-Protocol-Version")!: "2025-11-25"])
            #expect(cancel.status == .accepted)
            let r = try await call
            // Well under the 60 s the tool would take, however loaded the machine.
            #expect(ContinuousClock.now - started < .seconds(30))
            #expect(r.last["error"]?["code"] == -32800)
            // The upstream stopped too: the gateway closed the call's event stream, the modern era's cancel.
            #expect(try await eventually(timeout: .seconds(20)) { await h.upstreamCalls.count == 0 }, "the upstream is still running the cancelled call")
        }
    }

    @Test func garbageFromAnUpstreamIsNamed() async throws {
        try await TransportHarness.run(misbehaving: true) { h in
            let junk = try await h.modern("tools/call", ["name": "junk__x", "arguments": [:]])
            #expect(junk.last["error"]?["message"] == "Upstream \"junk\" answered HTTP 200 (text/plain) instead of a JSON-RPC response: garbage")
            let fine = try await h.modern("tools/call", ["name": "demo__echo", "arguments": ["text": "ok"]])
            #expect(fine.last["result"]?["content"]?[0]?["text"] == "ok")
        }
    }

    @Test func silenceFromAnUpstreamIsNamed() async throws {
        // Only the silent upstream meets this short limit: the call that must answer in time
        // (garbage, above) runs with the default one, so a loaded machine cannot fail it.
        var config = GatewayConfiguration()
        config.upstream.requestTimeout = .seconds(1)
        try await TransportHarness.run(configuration: config, misbehaving: true) { h in
            let slow = try await h.modern("tools/call", ["name": "slow__x", "arguments": [:]])
            #expect(slow.last["error"]?["message"] == "Upstream \"slow\" did not answer within 1 s.")
            #expect(slow.last["error"]?["code"] == -32004)
        }
    }
}
