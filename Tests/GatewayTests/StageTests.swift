// Each stage alone, driven with a recording `next`: refusals stop the call with the exact code
// and message; passing calls carry what the stage learned.
import Foundation
import JSONSchema
import MCPCore
import Testing

@testable import Gateway

struct IdentifyStageTests {
    @Test func aValidKeyBecomesThePrincipal() async throws {
        let next = RecordingNext()
        _ = try await IdentifyStage().handle(Fixtures.call("tools/list"), context: Fixtures.context(), next: next.next)
        #expect(next.calls.first?.1.principal == Principal(application: "ci-agent", keyID: "k1"))
        #expect(next.calls.first?.1.trace.current.application == "ci-agent")
    }

    @Test(arguments: [
        (nil as String?, "Missing credentials: send \"Authorization: Bearer <API key>\" (create a key with \"gatehouse keys create --app NAME\")."),
        ("sk-something", "The bearer token is not a Gatehouse API key (they start with \"ghk_\")."),
    ])
    func missingOrForeignCredentialsAre401(token: String?, message: String) async {
        let next = RecordingNext()
        let e = await refusal { _ = try await IdentifyStage().handle(Fixtures.call("tools/list", key: token), context: Fixtures.context(), next: next.next) }
        #expect(e?.code == .unauthenticated)
        #expect(e?.code.httpStatus(modern: false) == 401)
        #expect(e?.message == message)
        #expect(next.calls.isEmpty)
    }

    @Test func unknownAndExpiredKeysAreRefused() async {
        let next = RecordingNext()
        let unknown = await refusal {
            _ = try await IdentifyStage().handle(Fixtures.call("tools/list", key: APIKey_generate()), context: Fixtures.context(), next: next.next)
        }
        #expect(unknown?.message == "The API key is not recognised: it was revoked or never issued here.")
        let expired = await refusal {
            _ = try await IdentifyStage().handle(Fixtures.call("tools/list", key: Fixtures.expiredKey), context: Fixtures.context(), next: next.next)
        }
        #expect(expired?.message == "The API key expired at 1970-01-01T00:00:00Z.")
        #expect(next.calls.isEmpty)
    }

    @Test func aSessionOpenedByAnotherApplicationIsNotFound() async {
        var context = Fixtures.context()
        context.sessionApplication = "other"
        let e = await refusal { _ = try await IdentifyStage().handle(Fixtures.call("tools/list"), context: context, next: RecordingNext().next) }
        #expect(e?.code == .sessionNotFound)
    }
}

import Auth
func APIKey_generate() -> String { APIKey.generate() }

struct RouteStageTests {
    let stage = RouteStage(pageSize: 2)
    let directory = Fixtures.directory

    @Test func mergedToolNamesRouteToTheirServer() throws {
        let route = try stage.route(JSONRPCRequest(id: .int(1), method: "tools/call", params: ["name": "notes__echo"]), endpoint: .merged, directory: directory)
        guard case .target(let t) = route else { Issue.record("expected a target"); return }
        #expect(t.server.slug == "notes")
        #expect(t.upstreamName == "echo")
        let repaired = MergedNames.candidate(server: "demo", name: "files.read")
        guard case .target(let t2) = try stage.route(JSONRPCRequest(id: .int(1), method: "tools/call", params: ["name": .string(repaired)]), endpoint: .merged, directory: directory)
        else { Issue.record("expected a target"); return }
        #expect(t2.upstreamName == "files.read")
    }

    @Test func perServerEndpointsUseUpstreamNames() throws {
        guard case .target(let t) = try stage.route(JSONRPCRequest(id: .int(1), method: "tools/call", params: ["name": "add"]), endpoint: .server("notes"), directory: directory)
        else { Issue.record("expected a target"); return }
        #expect(t.upstreamName == "add")
        #expect(throws: GatewayError.self) {
            try stage.route(JSONRPCRequest(id: .int(1), method: "tools/call", params: ["name": "notes__add"]), endpoint: .server("notes"), directory: directory)
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var method: String
        var params: JSONObject
        var endpoint: Endpoint
        var reason: String
        var message: String
        var testDescription: String { reason }
    }

    @Test(arguments: [
        Case(method: "tools/call", params: ["name": "nope"], endpoint: .merged, reason: "unknown_tool", message: "Unknown tool \"nope\"."),
        Case(method: "prompts/get", params: ["name": "x"], endpoint: .merged, reason: "unknown_prompt", message: "Unknown prompt \"x\"."),
        Case(
            method: "resources/read", params: ["uri": "file:///a"], endpoint: .merged, reason: "unknown_resource",
            message: "Unknown resource \"file:///a\": merged resource URIs read \"<server>+<uri>\"."),
        Case(
            method: "tools/list", params: [:], endpoint: .server("ghost"), reason: "unknown_server",
            message: "Unknown server \"ghost\": no server with this slug is registered."),
        Case(method: "bogus/method", params: [:], endpoint: .merged, reason: "method_not_found", message: "Method \"bogus/method\" is not supported."),
        Case(method: "tools/call", params: [:], endpoint: .merged, reason: "invalid_params", message: "tools/call needs a string params.name."),
    ])
    func refusesWhatCannotBeRouted(_ c: Case) {
        do {
            _ = try stage.route(JSONRPCRequest(id: .int(1), method: c.method, params: c.params), endpoint: c.endpoint, directory: directory)
            Issue.record("expected a refusal")
        } catch {
            #expect(error.code.reason == c.reason)
            #expect(error.message == c.message)
        }
    }

    @Test func listingsAreNamedAndPagedOnTheWayBack() async throws {
        let items = directory.serverOrder.flatMap { slug in directory.servers[slug]!.tools.map { ListedItem(server: slug, name: $0.name, definition: $0.definition) } }
        let next = RecordingNext(reply: .listing(Listing(method: "tools/list", items: items)))
        let first = try await stage.handle(Fixtures.call("tools/list"), context: Fixtures.context(), next: next.next)
        guard case .result(let page1) = first else { Issue.record("expected a result"); return }
        #expect(page1["tools"]?.arrayValue?.map { $0["name"]!.stringValue! } == ["demo__echo", MergedNames.candidate(server: "demo", name: "files.read")])
        let cursor = try #require(page1["nextCursor"])
        let second = try await stage.handle(Fixtures.call("tools/list", ["cursor": cursor]), context: Fixtures.context(), next: next.next)
        guard case .result(let page2) = second else { Issue.record("expected a result"); return }
        #expect(page2["tools"]?.arrayValue?.map { $0["name"]!.stringValue! } == ["notes__echo", "notes__add"])
        let e = await refusal { _ = try await stage.handle(Fixtures.call("tools/list", ["cursor": "bogus"]), context: Fixtures.context(), next: next.next) }
        #expect(e?.message == "Invalid cursor: pass back a nextCursor value exactly as received.")
    }
}

struct AuthorizeStageTests {
    func authorize(_ method: String, _ params: JSONObject, endpoint: Endpoint = .merged, app: String = "ci-agent", reply: GatewayReply = .result([:]))
        async throws -> (GatewayReply, RecordingNext)
    {
        var context = Fixtures.context(endpoint, principal: app)
        context.route = try RouteStage().route(JSONRPCRequest(id: .int(1), method: method, params: params), endpoint: endpoint, directory: context.directory)
        let next = RecordingNext(reply: reply)
        let result = try await AuthorizeStage().handle(Fixtures.call(method, params), context: context, next: next.next)
        return (result, next)
    }

    @Test func allowedCallsPass() async throws {
        let (_, next) = try await authorize("tools/call", ["name": "notes__echo"])
        #expect(next.calls.count == 1)
    }

    @Test(arguments: [
        ("notes__add", "not_allowed",
         "Application \"ci-agent\" may not call tool \"notes__add\": its allow rule for server \"notes\" lists only delete_all, echo."),
        ("notes__delete_all", "tool_disabled",
         "Tool \"notes__delete_all\" is not enabled on server \"notes\" (discovery is not enablement; an operator can run \"gatehouse tools enable --server notes delete_all\")."),
        ("old__echo", "server_unavailable", "Server \"old\" is revoked and refuses calls."),
    ])
    func refusalsNameTheRule(_ c: (String, String, String)) async {
        let (tool, reason, message) = c
        let e = await refusal { _ = try await authorize("tools/call", ["name": .string(tool)]) }
        #expect(e?.code.reason == reason)
        #expect(e?.message == message)
    }

    @Test func anApplicationWithoutTheServerIsRefused() async {
        let e = await refusal { _ = try await authorize("tools/call", ["name": "demo__echo"], app: "other") }
        #expect(e?.message == "Application \"other\" may not use server \"demo\": its allow list does not name it.")
    }

    @Test func listsShowExactlyWhatCallsAllow() async throws {
        let directory = Fixtures.directory
        let all = directory.serverOrder.flatMap { slug in directory.servers[slug]!.tools.map { ListedItem(server: slug, name: $0.name, definition: $0.definition) } }
        let (reply, next) = try await authorize("tools/list", [:], reply: .listing(Listing(method: "tools/list", items: all)))
        guard case .listing(let listing) = reply else { Issue.record("expected a listing"); return }
        let listed = Set(listing.items.map { "\($0.server)/\($0.name)" })
        #expect(listed == ["demo/echo", "demo/files.read", "notes/echo"])
        guard case .listing(let servers) = next.calls.first?.1.route else { Issue.record("expected a listing route"); return }
        #expect(servers == ["demo", "notes"], "revoked and ungranted servers are not asked")
        // The same decision, item by item, for calls.
        for item in all {
            let name = MergedNames.candidate(server: item.server, name: item.name)
            let refused = await refusal { _ = try await authorize("tools/call", ["name": .string(name)]) }
            #expect((refused == nil) == listed.contains("\(item.server)/\(item.name)"), "\(name)")
        }
    }
}
