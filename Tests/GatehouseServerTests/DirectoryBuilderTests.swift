// The registry → data plane adapter: grants, enablement, revoked keys and servers, catalogs.
import Enforcement
import Foundation
import Gateway
import Guardrails
import Registry
import Testing

@testable import GatehouseServer

struct DirectoryBuilderTests {
    let state = RegistryState(
        generation: 4,
        servers: [
            ServerEntry(slug: "notes", name: "com.example/notes", upstream: .http(.init(url: "http://127.0.0.1:8765/mcp")), tools: ToolSelection(enabled: ["echo", "add"])),
            ServerEntry(slug: "demo", name: "io.gatehouse/demo", upstream: .stdio(.init(command: "gatehouse", args: ["demo-server"])), tools: ToolSelection(enabled: ["*"], disabled: ["wait"])),
            ServerEntry(slug: "old", name: "com.example/old", status: .revoked, upstream: .http(.init(url: "http://127.0.0.1:1/mcp"))),
        ],
        applications: [
            Application(name: "ci-agent", allow: [AllowRule(server: "notes", tools: ["echo"]), AllowRule(server: "demo")]),
            Application(name: "two-rules", allow: [AllowRule(server: "notes", tools: ["echo"]), AllowRule(server: "notes", tools: ["add"])]),
            Application(name: "widened", allow: [AllowRule(server: "notes", tools: ["echo"]), AllowRule(server: "notes")]),
        ],
        keys: [
            APIKeyEntry(id: "k1", application: "ci-agent", hash: "h1", displayPrefix: "ghk_1", createdAt: Date()),
            APIKeyEntry(id: "k2", application: "ci-agent", hash: "h2", displayPrefix: "ghk_2", createdAt: Date(), revokedAt: Date()),
        ],
        catalogs: [
            "demo": DiscoveredCatalog(
                server: "demo", discoveredAt: Date(),
                tools: [CatalogItem(name: "echo", definitionJSON: #"{"name":"echo","inputSchema":{"type":"object"}}"#, definitionHash: "x")])
        ])

    @Test func allowRulesBecomeGrants() {
        let d = DirectoryBuilder.directory(from: state)
        #expect(d.grants["ci-agent"]?.servers["notes"] == .some(["echo"]))
        #expect(d.grants["ci-agent"]?.servers["demo"] == .some(nil), "no tool list: every enabled tool")
        #expect(d.grants["ci-agent"]?.servers["old"] == nil)
        #expect(d.grants["two-rules"]?.servers["notes"] == .some(["echo", "add"]))
        #expect(d.grants["widened"]?.servers["notes"] == .some(nil))
    }

    @Test func revokedKeysAndServersDoNotCount() {
        let d = DirectoryBuilder.directory(from: state)
        #expect(d.callersByKeyHash.keys.sorted() == ["h1"])
        #expect(d.servers["old"]?.acceptsCalls == false)
        #expect(d.servers["demo"]?.enablement.isEnabled("echo") == true)
        #expect(d.servers["demo"]?.enablement.isEnabled("wait") == false)
        #expect(d.servers["notes"]?.enablement.isEnabled("delete") == false)
        #expect(d.servers["demo"]?.tools.map(\.name) == ["echo"])
        #expect(d.mergedTools.resolve("demo__echo")?.name == "echo")
        #expect(d.generation == 4)
    }

    @Test func findingsGuardrailsAndHeldBackToolsReachTheDataPlane() throws {
        var state = self.state
        let finding = Finding(rule: "poisoning.conceal", severity: .critical, explanation: "x", evidence: .init(path: "/description", start: 0, end: 1, excerpt: "d"))
        state.catalogs["demo"]?.tools.append(CatalogItem(name: "add", definitionJSON: #"{"name":"add"}"#, definitionHash: "y", findings: [finding]))
        state.servers[1].guardrails = GuardrailPolicy(detectors: ["email": .redact])
        let open = DirectoryBuilder.directory(from: state)
        #expect(open.servers["demo"]?.tool(named: "add")?.findings == [finding])
        #expect(open.servers["demo"]?.guardrails?.detectors?["email"] == .redact)
        #expect(open.servers["demo"]?.enablement.heldBack.isEmpty == true)
        let limited = DirectoryBuilder.directory(from: state, projectLimit: .high)
        #expect(limited.servers["demo"]?.enablement.heldBack["add"]?.hasPrefix("Tool \"add\" of server \"demo\" is held back by Shield") == true)
        #expect(limited.servers["demo"]?.enablement.heldBack["echo"] == nil)
    }

    @Test func shieldFindingsAreVisibleToCedarPolicies() throws {
        var state = self.state
        let finding = Finding(rule: "poisoning.conceal", severity: .critical, explanation: "x", evidence: .init(path: "/description", start: 0, end: 1, excerpt: "d"))
        state.catalogs["demo"]?.tools.append(CatalogItem(name: "add", definitionJSON: #"{"name":"add"}"#, definitionHash: "y", findings: [finding]))
        state.policies = [
            PolicyEntry(
                id: "no-concealed", server: "demo",
                cedar: #"forbid (principal, action == Gatehouse::Action::"call_tool", resource) when { context.findings.contains("poisoning.conceal") };"#)
        ]
        let directory = DirectoryBuilder.directory(from: state)
        #expect(directory.servers["demo"]?.tool(named: "add")?.facts?.findings == ["poisoning.conceal"])
        let decider = Decider(
            principal: Principal(application: "ci-agent"), grants: directory.grants["ci-agent"]!, directory: directory,
            facts: PolicyRequestFacts(time: Date(), protocolVersion: "2025-11-25", endpoint: "/mcp", clientAddress: nil), now: Date())
        let demo = try #require(directory.servers["demo"])
        let flagged = decider.decide(demo, kind: .tool, name: "add", exposedName: "demo__add", request: nil)
        #expect(flagged.refusal?.code == .policyDenied)
        #expect(flagged.policy?.policies == ["no-concealed"])
        #expect(decider.decide(demo, kind: .tool, name: "echo", exposedName: "demo__echo", request: nil).refusal == nil)
    }

    @Test func aSignedInUserIsTheCedarPrincipalWithItsGroupsProjectAndApplication() throws {
        var state = self.state
        state.applications[0].project = "payments"
        state.policies = [
            PolicyEntry(
                id: "no-contractors", server: "demo",
                cedar: #"forbid (principal in Gatehouse::Group::"contractors", action == Gatehouse::Action::"call_tool", resource == Gatehouse::Tool::"demo/echo");"#),
            PolicyEntry(
                id: "payments-only-ada", server: "demo",
                cedar: #"forbid (principal in Gatehouse::Project::"payments", action, resource) when { principal is Gatehouse::User && principal.name != "ada" };"#),
        ]
        let directory = DirectoryBuilder.directory(from: state)
        #expect(directory.policies.problems.isEmpty, "\(directory.policies.problems)")
        let demo = try #require(directory.servers["demo"])
        func refusal(_ principal: Principal) -> GatewayError? {
            let decider = Decider(
                principal: principal, grants: directory.grants["ci-agent"]!, directory: directory,
                facts: PolicyRequestFacts(time: Date(), protocolVersion: "2025-11-25", endpoint: "/mcp", clientAddress: nil), now: Date())
            return decider.decide(demo, kind: .tool, name: "echo", exposedName: "demo__echo", request: nil).refusal
        }
        // The application itself (an API key) is in project payments but is no user.
        #expect(refusal(Principal(application: "ci-agent", project: "payments")) == nil)
        #expect(refusal(Principal(application: "ci-agent", method: .accessToken, user: "ada", groups: ["engineers"], project: "payments")) == nil)
        #expect(
            refusal(Principal(application: "ci-agent", method: .accessToken, user: "ada", groups: ["contractors"], project: "payments"))?.code
                == .policyDenied)
        #expect(refusal(Principal(application: "ci-agent", method: .accessToken, user: "bob", groups: [], project: "payments"))?.code == .policyDenied)
    }
}
