// The Cedar model of MCP: the schema, argument typing, policy checks, and decisions (fail closed,
// shadow mode, attachment scope, the target/argument split), all without I/O.
import Cedar
import Foundation
import JSONSchema
import Testing

@testable import Enforcement

enum PolicyFixtures {
    /// The Python SDK reference server's `add(a: int = 1, b: int = 2)` and `echo(text: str = "hi")`.
    static let add: JSONObject = [
        "name": "add", "description": "Add numbers",
        "inputSchema": [
            "type": "object",
            "properties": ["a": ["type": "integer", "default": 1], "b": ["type": "integer", "default": 2]],
        ],
    ]
    static let echo: JSONObject = [
        "name": "echo", "inputSchema": ["type": "object", "properties": ["text": ["type": "string"]], "required": ["text"]],
        "annotations": ["readOnlyHint": true],
    ]
    static let notes = ServerFacts(
        slug: "notes", name: "com.example/notes", tools: [ToolFacts(definition: add), ToolFacts(definition: echo)], prompts: ["simple"])
    static let demo = ServerFacts(slug: "demo", name: "io.gatehouse/demo", tools: [ToolFacts(definition: echo)])

    /// The issue's example, as written.
    static let noBigSums = PolicySource(
        id: "no-big-sums", server: "notes", mode: .enforce,
        cedar: """
            forbid (principal, action == Gatehouse::Action::"call_tool", resource == Gatehouse::Tool::"notes/add")
            when { context.arguments.a > 100 };
            """)

    static let facts = PolicyRequestFacts(time: Date(timeIntervalSince1970: 1_800_000_000), protocolVersion: "2026-07-28", endpoint: "/mcp", clientAddress: "10.1.2.3")

    static func model(_ sources: [PolicySource], version: Int64 = 1) -> PolicyModel {
        PolicyModel(version: version, sources: sources, applications: ["ci-agent", "other"], servers: [notes, demo])
    }
}

struct SchemaTests {
    @Test func theBuiltInSchemaParsesWithEveryAction() {
        let actions = Set(MCPCedarSchema.base.actionUIDs.map(\.id))
        #expect(actions == Set(MCPAction.all.map(\.name)))
    }

    @Test func argumentsAreTypedFromTheInputSchemaWithDefaultsRequired() {
        let type = ArgumentType.of(inputSchema: PolicyFixtures.add["inputSchema"])
        #expect(type.cedarText == #"{ "a": Long, "b": Long }"#)
        let echo = ArgumentType.of(inputSchema: PolicyFixtures.echo["inputSchema"])
        #expect(echo.cedarText == #"{ "text": String }"#)
        let mixed = ArgumentType.of(inputSchema: [
            "type": "object",
            "properties": [
                "ratio": ["type": "number"], "tags": ["type": "array", "items": ["type": "string"]], "any": ["description": "untyped"],
                "opt": ["type": "boolean"], "nested": ["type": "object", "properties": ["x": ["type": "integer"]], "required": ["x"]],
            ],
        ])
        #expect(mixed.cedarText == #"{ "nested"?: { "x": Long }, "opt"?: Bool, "ratio"?: __cedar::decimal, "tags"?: Set<String> }"#)
    }

    @Test func argumentValuesFollowTheirDeclaredTypesAndGetDefaults() {
        let type = ArgumentType.of(inputSchema: [
            "type": "object", "properties": ["a": ["type": "integer", "default": 1], "r": ["type": "number"], "s": ["type": "string"]],
        ])
        let record = type.record(from: ["r": 2, "s": 5])
        #expect(record["a"] == .long(1), "the default is filled in")
        #expect(record["r"] == .decimal(CedarDecimal(scaledValue: 20_000)), "an integer given for a number is a decimal")
        #expect(record["s"] == .long(5), "a value of the wrong type stays what it is (policies reading it then fail, which refuses)")
        #expect(type.record(from: ["a": .double(1e30)])["a"] == nil, "a number Cedar cannot hold is left out")
    }
}

struct PolicyCompilerTests {
    @Test func theIssueExampleValidatesAgainstTheToolsArguments() {
        #expect(PolicyCompiler.check(PolicyFixtures.noBigSums, servers: [PolicyFixtures.notes]).isEmpty)
    }

    @Test func theIssueExampleIsAcceptedBeforeDiscoveryWithAWarning() {
        let undiscovered = ServerFacts(slug: "notes", name: "com.example/notes")
        let problems = PolicyCompiler.check(PolicyFixtures.noBigSums, servers: [undiscovered])
        #expect(problems.map(\.severity) == [.warning])
        #expect(problems.first?.message.contains("tool notes/add is not discovered yet") == true)
    }

    @Test func aMisspelledArgumentIsAnErrorNamingThePolicyAndTheTool() {
        let source = PolicySource(
            id: "typo", cedar: #"forbid (principal, action == Gatehouse::Action::"call_tool", resource == Gatehouse::Tool::"notes/add") when { context.arguments.aa > 1 };"#)
        let problems = PolicyCompiler.check(source, servers: [PolicyFixtures.notes])
        #expect(problems.count == 1)
        #expect(problems.first?.severity == .error)
        #expect(problems.first?.policy == "typo")
        #expect(problems.first?.message.contains("checked against tool notes/add") == true, "\(problems)")
        #expect(problems.first?.description.hasPrefix("error: policy typo: line 1: ") == true, "\(problems)")
    }

    @Test func aPolicyOverSeveralToolsMustGuardArgumentsWithHas() {
        let unguarded = PolicySource(
            id: "u", cedar: #"forbid (principal, action == Gatehouse::Action::"call_tool", resource in Gatehouse::Server::"notes") when { context.arguments.a > 1 };"#)
        let problems = PolicyCompiler.check(unguarded, servers: [PolicyFixtures.notes])
        #expect(problems.contains { $0.message.contains("checked against tool notes/echo") })
        let guarded = PolicySource(
            id: "g",
            cedar: #"forbid (principal, action == Gatehouse::Action::"call_tool", resource in Gatehouse::Server::"notes") when { context.arguments has a && context.arguments.a > 1 };"#)
        #expect(PolicyCompiler.check(guarded, servers: [PolicyFixtures.notes]).isEmpty)
    }

    @Test func permitsTemplatesAndBadTextAreRefusedWithTheReason() {
        let permit = PolicyCompiler.check(PolicySource(id: "p", cedar: "permit (principal, action, resource);"), servers: [])
        #expect(permit.first?.message.hasPrefix("it is a permit; Gatehouse policies restrict what allow lists grant") == true)
        let template = PolicyCompiler.check(PolicySource(id: "t", cedar: "forbid (principal == ?principal, action, resource);"), servers: [])
        #expect(template.first?.message.hasPrefix("templates") == true)
        let broken = PolicyCompiler.check(PolicySource(id: "b", cedar: "forbid (principal, action, resource) when { 1 < };"), servers: [])
        #expect(broken.first?.message.hasPrefix("the Cedar text does not parse: 1:") == true, "\(broken)")
        let unknownType = PolicyCompiler.check(PolicySource(id: "x", cedar: #"forbid (principal == Gatehouse::Robot::"r", action, resource);"#), servers: [])
        #expect(unknownType.first?.severity == .error)
    }

    @Test func aServerPolicyNamingAnotherServerIsFlagged() {
        let source = PolicySource(id: "w", server: "notes", cedar: #"forbid (principal, action, resource in Gatehouse::Server::"demo");"#)
        let problems = PolicyCompiler.check(source, servers: [PolicyFixtures.notes, PolicyFixtures.demo])
        #expect(problems.contains { $0.severity == .warning && $0.message.contains("can never apply") })
    }

    @Test func severalStatementsGetNumberedIds() throws {
        let source = PolicySource(id: "two", cedar: "forbid (principal, action, resource) when { false };\nforbid (principal, action, resource) when { false };")
        let policies = try PolicyCompiler.parse(source).get()
        #expect(policies.map(\.id.rawValue) == ["two#1", "two#2"])
    }

    @Test func policiesReadingArgumentsAreToldApart() throws {
        let reads = try PolicyCompiler.parse(PolicyFixtures.noBigSums).get()[0]
        #expect(PolicyCompiler.readsArguments(reads))
        let target = try Policy(cedar: #"forbid (principal, action, resource) when { context.annotations.destructiveHint };"#, id: "t")
        #expect(!PolicyCompiler.readsArguments(target))
        let has = try Policy(cedar: #"forbid (principal, action, resource) when { context has arguments };"#, id: "h")
        #expect(PolicyCompiler.readsArguments(has), "even presence is a read")
        let whole = try Policy(cedar: #"forbid (principal, action, resource) when { context == {} };"#, id: "w")
        #expect(PolicyCompiler.readsArguments(whole), "the whole context sees the arguments")
    }
}

struct PolicyModelTests {
    let app = PolicyModel.application("ci-agent")
    let add = PolicyModel.tool(server: "notes", name: "add")

    func call(_ model: PolicyModel, _ arguments: JSONObject, tool: String = "add") -> PolicyDecision {
        let facts = ToolFacts(definition: tool == "add" ? PolicyFixtures.add : PolicyFixtures.echo)
        return model.decide(
            .callTool, phase: .arguments, principal: app, resource: PolicyModel.tool(server: "notes", name: tool), server: "notes",
            context: PolicyFixtures.facts.callContext(tool: facts, arguments: facts.arguments.record(from: arguments)))
    }

    @Test func theIssueExampleRefusesBigSumsOnly() {
        let model = PolicyFixtures.model([PolicyFixtures.noBigSums], version: 7)
        #expect(call(model, ["a": 500]) == PolicyDecision(allowed: false, policies: ["no-big-sums"], errors: [], version: 7))
        #expect(call(model, ["a": 5]).allowed)
        #expect(call(model, [:]).allowed, "the default (1) is what the policy sees")
        #expect(!model.hasPolicies(for: "notes", phase: .target), "the policy reads arguments: it is decided per call")
    }

    @Test func aForbidThatCannotBeEvaluatedRefuses() {
        let strict = PolicySource(
            id: "strict", cedar: #"forbid (principal, action == Gatehouse::Action::"call_tool", resource == Gatehouse::Tool::"notes/add") when { context.arguments.a > 100 };"#)
        let model = PolicyFixtures.model([strict])
        let decision = call(model, ["a": "lots"])
        #expect(!decision.allowed)
        #expect(decision.policies == ["strict"])
        #expect(decision.errors.count == 1)
    }

    @Test func shadowPoliciesDecideNothingButAreReported() {
        var shadow = PolicyFixtures.noBigSums
        shadow.mode = .shadow
        let model = PolicyFixtures.model([shadow])
        #expect(call(model, ["a": 500]).allowed)
        let facts = ToolFacts(definition: PolicyFixtures.add)
        let would = model.shadowDecision(
            .callTool, principal: app, resource: add, server: "notes",
            context: PolicyFixtures.facts.callContext(tool: facts, arguments: facts.arguments.record(from: ["a": 500])))
        #expect(would?.allowed == false)
        #expect(would?.policies == ["no-big-sums"])
        #expect(model.shadowDecision(.callTool, principal: app, resource: add, server: "demo", context: [:]) == nil, "attached to notes only")
    }

    @Test func serverPoliciesApplyToTheirServerOnly() {
        let all = PolicySource(id: "no-echo", server: "demo", cedar: #"forbid (principal, action == Gatehouse::Action::"call_tool", resource);"#)
        let model = PolicyFixtures.model([all])
        let context = PolicyFixtures.facts.callContext(tool: ToolFacts(definition: PolicyFixtures.echo))
        #expect(!model.decide(.callTool, phase: .target, principal: app, resource: PolicyModel.tool(server: "demo", name: "echo"), server: "demo", context: context).allowed)
        #expect(model.decide(.callTool, phase: .target, principal: app, resource: PolicyModel.tool(server: "notes", name: "echo"), server: "notes", context: context).allowed)
    }

    @Test func contextCarriesAnnotationsTimeAndAddress() {
        let readOnly = PolicySource(
            id: "ro", cedar: #"forbid (principal, action == Gatehouse::Action::"call_tool", resource) unless { context.annotations.readOnlyHint && context.client_address.isInRange(ip("10.0.0.0/8")) };"#)
        #expect(PolicyCompiler.check(readOnly, servers: [PolicyFixtures.notes]).map(\.severity) == [.error], "client_address is optional: it needs has")
        let guarded = PolicySource(
            id: "ro",
            cedar: #"forbid (principal, action == Gatehouse::Action::"call_tool", resource) unless { context.annotations.readOnlyHint && context has client_address && context.client_address.isInRange(ip("10.0.0.0/8")) };"#)
        #expect(PolicyCompiler.check(guarded, servers: [PolicyFixtures.notes]).isEmpty)
        let model = PolicyFixtures.model([guarded])
        func decide(_ definition: JSONObject) -> Bool {
            model.decide(
                .callTool, phase: .target, principal: app, resource: PolicyModel.tool(server: "notes", name: definition["name"]!.stringValue!), server: "notes",
                context: PolicyFixtures.facts.callContext(tool: ToolFacts(definition: definition))
            ).allowed
        }
        #expect(decide(PolicyFixtures.echo), "echo is read-only and the caller is in 10/8")
        #expect(!decide(PolicyFixtures.add), "add is not read-only (MCP's default)")
    }

    @Test func principalsAndResourcesHaveTheirParents() {
        let model = PolicyFixtures.model([])
        #expect(model.entities.isEntity(add, in: PolicyModel.server("notes")))
        #expect(model.entities.isEntity(app, in: EntityUID(type: MCPCedarSchema.projectType, id: "default")))
    }
}
