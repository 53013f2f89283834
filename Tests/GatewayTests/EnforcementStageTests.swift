// The enforcement stages alone, each with a recording `next`: Cedar in authorize (hidden targets
// read like unknown ones, argument policies name themselves, shadow decisions are recorded),
// quarantine, deprecation and sunset, rate limits (429 with the retry time), argument validation
// (a tool error naming path and rule). Then the generated agreement test: over many random policy
// sets and callers, `tools/list` shows a tool exactly when `tools/call` is not refused for it
// before its arguments are looked at.
import Enforcement
import Foundation
import JSONSchema
import Logging
import MCPCore
import Testing

@testable import Gateway

enum EnforcementFixtures {
    static func tool(_ name: String, _ schema: JSONObject = ["type": "object"], readOnly: Bool? = nil) -> CatalogEntry {
        var def: JSONObject = ["name": .string(name), "inputSchema": .object(schema)]
        if let readOnly { def["annotations"] = ["readOnlyHint": .bool(readOnly)] }
        let hash = DefinitionHash.tool(def)
        return CatalogEntry(name: name, definition: def, hash: hash, arguments: .compile(def["inputSchema"]), facts: ToolFacts(definition: def))
    }

    static let addSchema: JSONObject = [
        "type": "object", "properties": ["a": ["type": "integer", "maximum": 1000], "text": ["type": "string"]], "required": ["a"],
    ]

    static func directory(policies: [PolicySource] = [], rateLimits: [RateLimitRule] = [], apps: [String] = ["ci-agent", "other"]) -> GatewayDirectory {
        var quarantined = tool("shifty")
        quarantined.pinnedHash = String(repeating: "0", count: 64)
        let notes = DirectoryServer(
            slug: "notes", name: "com.example/notes", upstream: .http(url: "http://127.0.0.1:1/mcp", headers: [:]),
            tools: [tool("echo", ["type": "object", "properties": ["text": ["type": "string"]]], readOnly: true), tool("add", addSchema), quarantined],
            enablement: ToolEnablement(all: true))
        let demo = DirectoryServer(
            slug: "demo", name: "io.gatehouse/demo", upstream: .http(url: "http://127.0.0.1:1/mcp", headers: [:]),
            tools: [tool("echo", readOnly: true), tool("wipe", readOnly: false), tool("files.read")], enablement: ToolEnablement(all: true))
        let retired = DirectoryServer(
            slug: "legacy", name: "com.example/legacy", version: "0.9.0",
            deprecation: DeprecationNotice(server: "legacy", version: "0.9.0", sunset: Date(timeIntervalSince1970: 0), link: "https://example.com/m"),
            upstream: .http(url: "http://127.0.0.1:1/mcp", headers: [:]), tools: [tool("echo")], enablement: ToolEnablement(all: true))
        let servers = [notes, demo, retired]
        let facts = servers.map { s in ServerFacts(slug: s.slug, name: s.name, tools: s.tools.compactMap(\.facts)) }
        var grants: [String: ApplicationGrants] = [:]
        for app in apps { grants[app] = ApplicationGrants(servers: ["notes": nil, "demo": nil, "legacy": nil]) }
        return GatewayDirectory(
            generation: 1, servers: servers, grants: grants, policies: PolicyModel(version: 3, sources: policies, applications: apps, servers: facts),
            rateLimits: rateLimits)
    }

    static func context(_ directory: GatewayDirectory, app: String = "ci-agent", endpoint: Endpoint = .merged) -> CallContext {
        var c = CallContext(
            logger: Logger(label: "test"), endpoint: endpoint, protocolVersion: .v2026_07_28, clientAddress: "10.0.0.7", directory: directory)
        c.principal = Principal(application: app, keyID: "k")
        return c
    }

    static func call(_ server: String, _ tool: String, _ arguments: JSONObject = [:], directory: GatewayDirectory) -> (GatewayCall, Target) {
        let name = MergedNames.candidate(server: server, name: tool)
        let request = JSONRPCRequest(id: .int(1), method: "tools/call", params: ["name": .string(name), "arguments": .object(arguments)])
        return (GatewayCall(request: request), Target(kind: .tool, server: directory.servers[server]!, upstreamName: tool, exposedName: name))
    }
}

struct CedarAuthorizeTests {
    func authorize(
        _ server: String, _ tool: String, _ arguments: JSONObject = [:], directory: GatewayDirectory, app: String = "ci-agent"
    ) async throws -> (RecordingNext, CallContext) {
        let (call, target) = EnforcementFixtures.call(server, tool, arguments, directory: directory)
        var context = EnforcementFixtures.context(directory, app: app)
        context.route = .target(target)
        let next = RecordingNext()
        _ = try await AuthorizeStage().handle(call, context: context, next: next.next)
        return (next, context)
    }

    static let noBigSums = PolicySource(
        id: "no-big-sums", server: "notes",
        cedar: #"forbid (principal, action == Gatehouse::Action::"call_tool", resource == Gatehouse::Tool::"notes/add") when { context.arguments.a > 100 };"#)

    @Test func anArgumentPolicyRefusesThatCallNamingItselfAndTheVersion() async throws {
        let directory = EnforcementFixtures.directory(policies: [Self.noBigSums])
        let e = await refusal { _ = try await authorize("notes", "add", ["a": 500], directory: directory) }
        #expect(e?.code == .argumentsDenied)
        #expect(e?.message == "Policy \"no-big-sums\" forbids this call of tool \"notes__add\" with these arguments (policy set version 3).")
        #expect(e?.data?["policies"] == ["no-big-sums"])
        let (next, context) = try await authorize("notes", "add", ["a": 50], directory: directory)
        #expect(next.calls.count == 1)
        #expect(context.trace.current.enforcement.decision == "allow")
        #expect(context.trace.current.enforcement.policySetVersion == 3)
    }

    @Test func aTargetPolicyHidesTheToolAndItsCallsReadLikeAnUnknownTool() async throws {
        let hide = PolicySource(
            id: "no-wipe", cedar: #"forbid (principal, action == Gatehouse::Action::"call_tool", resource) unless { context.annotations.readOnlyHint };"#)
        let directory = EnforcementFixtures.directory(policies: [hide])
        let e = await refusal { _ = try await authorize("demo", "wipe", directory: directory) }
        #expect(e?.code == .policyDenied)
        #expect(e?.message == "Unknown tool \"demo__wipe\".")
        #expect(e?.code.jsonRPCCode == GatewayError.Code.unknownTool.jsonRPCCode, "the same JSON-RPC code as a tool that does not exist")
        #expect(try await authorize("demo", "echo", directory: directory).0.calls.count == 1)
    }

    @Test func aForbidThatCannotBeEvaluatedRefusesAndIsOnRecord() async throws {
        let broken = PolicySource(
            id: "broken", cedar: #"forbid (principal, action == Gatehouse::Action::"call_tool", resource == Gatehouse::Tool::"notes/add") when { context.arguments.text like "*x*" };"#)
        let directory = EnforcementFixtures.directory(policies: [broken])
        let (call, target) = EnforcementFixtures.call("notes", "add", ["a": 1], directory: directory)
        var context = EnforcementFixtures.context(directory)
        context.route = .target(target)
        let e = await refusal { _ = try await AuthorizeStage().handle(call, context: context, next: RecordingNext().next) }
        #expect(e?.message.hasPrefix("Policy \"broken\" cannot be evaluated for (so it refuses) this call") == true, "\(e?.message ?? "")")
        #expect(context.trace.current.enforcement.policyErrors.count == 1)
    }

    @Test func shadowPoliciesOnlyRecordWhatTheyWouldDecide() async throws {
        var shadow = Self.noBigSums
        shadow.mode = .shadow
        let directory = EnforcementFixtures.directory(policies: [shadow])
        let (next, context) = try await authorize("notes", "add", ["a": 500], directory: directory)
        #expect(next.calls.count == 1)
        #expect(context.trace.current.enforcement.shadowDecision == "deny")
        #expect(context.trace.current.enforcement.shadowPolicies == ["no-big-sums"])
    }

    @Test func aQuarantinedToolIsRefusedWithTheReasonAndHidden() async throws {
        let directory = EnforcementFixtures.directory()
        let e = await refusal { _ = try await authorize("notes", "shifty", directory: directory) }
        #expect(e?.code == .quarantined)
        #expect(e?.message.hasPrefix("Tool \"notes__shifty\" is quarantined: its definition on server \"notes\" changed since it was approved") == true)
        #expect(e?.message.hasSuffix("\"gatehouse tools approve --server notes shifty\".") == true)
    }

    @Test func aServerPastItsSunsetIsGoneWithTheLink() async throws {
        let directory = EnforcementFixtures.directory()
        let (call, target) = EnforcementFixtures.call("legacy", "echo", directory: directory)
        var context = EnforcementFixtures.context(directory)
        context.route = .target(target)
        let e = await refusal { _ = try await AuthorizeStage().handle(call, context: context, next: RecordingNext().next) }
        #expect(e?.code == .serverRetired)
        #expect(e?.code.httpStatus(modern: true) == 410)
        #expect(e?.message == "Server \"legacy\" (version 0.9.0) was retired on 1970-01-01T00:00:00Z; migrate: https://example.com/m")
        #expect(context.trace.current.deprecation?.link == "https://example.com/m", "the transport adds the headers")
    }
}

struct RateLimitStageTests {
    @Test func theSixthCallInAMinuteIsRefusedWithTheRetryTime() async throws {
        let rule = RateLimitRule(id: "application=ci-agent,tool=notes/echo", application: .only("ci-agent"), tool: .only("notes/echo"), limit: 5, period: 60)
        let directory = EnforcementFixtures.directory(rateLimits: [rule])
        let stage = RateLimitStage(limiter: RateLimiter(), clock: { 100 })
        let (call, target) = EnforcementFixtures.call("notes", "echo", directory: directory)
        var context = EnforcementFixtures.context(directory)
        context.route = .target(target)
        let next = RecordingNext()
        for _ in 0..<5 { _ = try await stage.handle(call, context: context, next: next.next) }
        #expect(next.calls.count == 5)
        let e = await refusal { _ = try await stage.handle(call, context: context, next: next.next) }
        #expect(next.calls.count == 5)
        #expect(e?.code == .rateLimited)
        #expect(e?.code.httpStatus(modern: false) == 429)
        #expect(e?.retryAfterSeconds == 12)
        #expect(
            e?.message
                == "Too many calls to tool \"notes__echo\" for application \"ci-agent\": the limit is 5 per minute (rate limit \"application=ci-agent,tool=notes/echo\"); retry after 12 s.")
        #expect(e?.errorObject.data?["retryAfterSeconds"] == 12)
        #expect(context.trace.current.enforcement.retryAfterSeconds == 12)
        // Another application is not counted by this rule.
        var other = context
        other.principal = Principal(application: "other")
        _ = try await stage.handle(call, context: other, next: next.next)
        #expect(next.calls.count == 6)
    }
}

struct ValidateArgumentsStageTests {
    @Test func badArgumentsComeBackAsAToolErrorNamingPathAndRule() async throws {
        let directory = EnforcementFixtures.directory()
        let (call, target) = EnforcementFixtures.call("notes", "add", ["a": 5000], directory: directory)
        var context = EnforcementFixtures.context(directory)
        context.route = .target(target)
        let next = RecordingNext()
        let reply = try await ValidateArgumentsStage().handle(call, context: context, next: next.next)
        #expect(next.calls.isEmpty)
        guard case .result(let result) = reply else { Issue.record("expected a result"); return }
        #expect(result["isError"] == true)
        #expect(result["content"]?[0]?["text"] == "Arguments for tool \"notes__add\" are invalid: /a: 5000 is greater than the maximum 1000.")
        #expect(context.trace.current.enforcement.validation == "failed")
        #expect(context.trace.current.enforcement.refusalReason == "invalid_arguments")
    }

    @Test func goodArgumentsPass() async throws {
        let directory = EnforcementFixtures.directory()
        let (call, target) = EnforcementFixtures.call("notes", "add", ["a": 5], directory: directory)
        var context = EnforcementFixtures.context(directory)
        context.route = .target(target)
        let next = RecordingNext()
        _ = try await ValidateArgumentsStage().handle(call, context: context, next: next.next)
        #expect(next.calls.count == 1)
        #expect(context.trace.current.enforcement.validation == "passed")
    }

    @Test func aToolWhoseSchemaDoesNotCompileIsRefusedWithThatReason() async throws {
        var directory = EnforcementFixtures.directory()
        var notes = directory.servers["notes"]!
        notes.tools[1].arguments = .compile(["type": "object", "properties": ["a": ["minimum": "ten"]]])
        directory.servers["notes"] = notes
        let (call, target) = EnforcementFixtures.call("notes", "add", ["a": 5], directory: directory)
        var context = EnforcementFixtures.context(directory)
        context.route = .target(target)
        let e = await refusal { _ = try await ValidateArgumentsStage().handle(call, context: context, next: RecordingNext().next) }
        #expect(e?.code == .invalidArguments)
        #expect(e?.message.hasPrefix("Tool \"notes__add\" cannot be called: its input schema does not compile (") == true)
    }
}

/// Random policies over the MCP model, from a seed (so a failure can be replayed).
struct PolicyGenerator {
    var state: UInt64

    mutating func next(_ n: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(n))
    }

    mutating func pick<T>(_ options: [T]) -> T { options[next(options.count)] }

    static let apps = ["ci-agent", "other", "third"]
    static let tools = ["notes/echo", "notes/add", "demo/echo", "demo/wipe", "demo/files.read"]

    mutating func targetAtom() -> String {
        pick([
            "principal == Gatehouse::Application::\"\(pick(Self.apps))\"",
            "resource in Gatehouse::Server::\"\(pick(["notes", "demo"]))\"",
            "resource == Gatehouse::Tool::\"\(pick(Self.tools))\"",
            "context.annotations.readOnlyHint", "context.annotations.destructiveHint", "context.endpoint == \"/mcp\"",
            "context has client_address && context.client_address.isInRange(ip(\"10.0.0.0/8\"))",
            "context.time > datetime(\"2020-01-01\")", "true", "false", "context.findings.contains(\"prompt_injection\")",
        ])
    }

    mutating func argumentAtom() -> String {
        pick([
            "context.arguments has a && context.arguments.a > \(pick([10, 100, 500]))",
            "context.arguments has text && context.arguments.text like \"*\(pick(["x", "secret"]))*\"",
            "context.arguments has a",
        ])
    }

    mutating func condition(depth: Int, arguments: Bool) -> String {
        if depth == 0 || next(3) == 0 { return arguments && next(2) == 0 ? argumentAtom() : targetAtom() }
        let a = condition(depth: depth - 1, arguments: arguments)
        let b = condition(depth: depth - 1, arguments: arguments)
        return pick(["(\(a)) && (\(b))", "(\(a)) || (\(b))", "!(\(a))"])
    }

    mutating func policy(_ index: Int) -> PolicySource {
        let principal = pick(["principal", "principal == Gatehouse::Application::\"\(pick(Self.apps))\""])
        let action = pick([
            "action", "action == Gatehouse::Action::\"call_tool\"", "action == Gatehouse::Action::\"call_tool\"",
            "action == Gatehouse::Action::\"list_tools\"",
        ])
        let resource = pick(["resource", "resource in Gatehouse::Server::\"\(pick(["notes", "demo"]))\"", "resource == Gatehouse::Tool::\"\(pick(Self.tools))\""])
        let arguments = next(3) == 0
        let clause = pick(["when", "unless"])
        return PolicySource(
            id: "p\(index)", server: next(4) == 0 ? pick(["notes", "demo"]) : nil, mode: next(8) == 0 ? .shadow : .enforce,
            cedar: "forbid (\(principal), \(action), \(resource)) \(clause) { \(condition(depth: 2, arguments: arguments)) };")
    }
}

struct ListCallAgreementTests {
    static let argumentSets: [JSONObject] = [[:], ["a": 5, "text": "hello"], ["a": 700, "text": "my secret"], ["a": 50, "text": "x"]]
    static let hidingCodes: Set<GatewayError.Code> = [.policyDenied, .notAllowed, .toolDisabled, .quarantined, .serverUnavailable, .serverRetired]

    /// Over 300 random policy sets and three callers each: a tool is listed exactly when calling
    /// it is not refused before its arguments are looked at; a hidden tool refuses every call (a
    /// policy-hidden one with the message an unknown tool gets); a listed tool's calls are only
    /// ever refused by argument policies.
    @Test func listsAndCallsAgreeOverGeneratedPoliciesAndCallers() async throws {
        var tally = Tally()
        for seed in 0..<300 { try await check(seed: seed, tally: &tally) }
        print("list/call agreement over 300 generated policy sets × 3 callers: \(tally)")
        // The generator must actually exercise every kind of outcome.
        #expect(tally.listed > 1_000 && tally.hiddenByPolicy > 100 && tally.argumentRefusals > 100 && tally.allowedCalls > 1_000, "\(tally)")
    }

    struct Tally {
        var listed = 0
        var hiddenByPolicy = 0
        var argumentRefusals = 0
        var allowedCalls = 0
    }

    func check(seed: Int, tally: inout Tally) async throws {
        var generator = PolicyGenerator(state: UInt64(seed) &+ 0x9E37_79B9)
        let policies = (0..<(1 + generator.next(6))).map { generator.policy($0) }
        let directory = EnforcementFixtures.directory(policies: policies, apps: PolicyGenerator.apps)
        let described = policies.map { "\($0.id) [\($0.server ?? "project"), \($0.mode)] \($0.cedar)" }.joined(separator: "\n")
        for app in PolicyGenerator.apps {
            let all = directory.serverOrder.flatMap { slug in
                directory.servers[slug]!.tools.map { ListedItem(server: slug, name: $0.name, definition: $0.definition) }
            }
            var context = EnforcementFixtures.context(directory, app: app)
            context.route = .listing(directory.serverOrder)
            let listRequest = GatewayCall(request: JSONRPCRequest(id: .int(1), method: "tools/list", params: [:]))
            let reply = try await AuthorizeStage().handle(
                listRequest, context: context, next: { _, c in
                    guard case .listing(let servers) = c.route else { return .listing(Listing(method: "tools/list", items: [])) }
                    return .listing(Listing(method: "tools/list", items: all.filter { servers.contains($0.server) }))
                })
            guard case .listing(let listing) = reply else { Issue.record("no listing"); return }
            let listed = Set(listing.items.map { "\($0.server)/\($0.name)" })
            for item in all {
                let key = "\(item.server)/\(item.name)"
                var outcomes: [GatewayError?] = []
                for arguments in Self.argumentSets {
                    let (call, target) = EnforcementFixtures.call(item.server, item.name, arguments, directory: directory)
                    var callContext = EnforcementFixtures.context(directory, app: app)
                    callContext.route = .target(target)
                    outcomes.append(await refusal { _ = try await AuthorizeStage().handle(call, context: callContext, next: RecordingNext().next) })
                }
                tally.allowedCalls += outcomes.filter { $0 == nil }.count
                tally.argumentRefusals += outcomes.filter { $0?.code == .argumentsDenied }.count
                if listed.contains(key) {
                    tally.listed += 1
                    for case let e? in outcomes {
                        #expect(e.code == .argumentsDenied, "\(app) sees \(key) listed but a call was refused: \(e)\n\(described)")
                    }
                } else {
                    for e in outcomes {
                        #expect(e.map { Self.hidingCodes.contains($0.code) } == true, "\(app) does not see \(key) but a call got \(String(describing: e))\n\(described)")
                        if let e, e.code == .policyDenied {
                            tally.hiddenByPolicy += 1
                            #expect(e.message == "Unknown tool \"\(MergedNames.candidate(server: item.server, name: item.name))\".")
                        }
                    }
                }
            }
        }
    }
}
