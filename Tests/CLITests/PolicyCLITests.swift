// `gatehouse policy …`, `limits …` and `audit verify|export` on a data folder.
import Foundation
import JSONSchema
import Testing

@testable import Registry

@Suite struct PolicyCLITests {
    static let config = CLITests.example.replacingOccurrences(of: "{ server: notes, tools: [echo] }", with: "{ server: notes }") + """

        policies:
          - id: no-big-sums
            server: notes                 # attach to one server; omit to attach to the whole project
            mode: enforce                 # or: shadow
            cedar: |
              forbid (principal, action == Gatehouse::Action::"call_tool", resource == Gatehouse::Tool::"notes/add")
              when { context.arguments.a > 100 };
        rate_limits:
          - { application: ci-agent, tool: notes/echo, per_minute: 5 }
        """

    /// The issue's YAML applied, and notes' `add` discovered (as a running server would record it).
    func prepared() async throws -> Workspace {
        let workspace = try Workspace()
        try workspace.write("gatehouse.yaml", Self.config)
        let applied = try await workspace.gatehouse("apply", "-f", "gatehouse.yaml")
        #expect(applied.status == 0, "\(applied.stderr)")
        let registry = try await RegistryService.open(dataDirectory: workspace.data, logger: CLITests.quiet)
        let add = #"{"name":"add","inputSchema":{"type":"object","properties":{"a":{"type":"integer","default":1},"b":{"type":"integer","default":2}}}}"#
        try await registry.recordDiscovery(
            DiscoveredCatalog(server: "notes", discoveredAt: Date(), tools: [CatalogItem(name: "add", definitionJSON: add, definitionHash: "a1")]))
        await registry.close()
        return workspace
    }

    @Test func policyTestPrintsTheDecisionTheDeterminingPoliciesAndTheErrors() async throws {
        let workspace = try await prepared()
        let denied = try await workspace.gatehouse("policy", "test", "--app", "ci-agent", "--tool", "notes/add", "--args", #"{"a": 500}"#)
        #expect(denied.status == 0, "\(denied.stderr)")
        #expect(
            denied.stdoutLines == [
                "decision: deny", "denied by: argument_policy", "reason: a policy refuses this call with these arguments (the tool stays listed)",
                "determining policies: no-big-sums", "errors: (none)", "listed in tools/list: yes", "policy set version: 1",
            ])
        let allowed = try await workspace.gatehouse("policy", "test", "--app", "ci-agent", "--tool", "notes/add", "--args", #"{"a": 5}"#)
        #expect(allowed.stdoutLines.first == "decision: allow")
        let broken = try await workspace.gatehouse("policy", "test", "--app", "ci-agent", "--tool", "notes/add", "--args", #"{"a": "lots"}"#)
        #expect(broken.stdoutLines.contains("determining policies: no-big-sums"))
        #expect(broken.stdoutLines.contains { $0.hasPrefix("  no-big-sums: ") }, "the evaluation error is printed: \(broken.stdout)")
        let json = try await workspace.gatehouse("policy", "test", "--app", "ci-agent", "--tool", "notes/add", "--args", #"{"a": 500}"#, "--json")
        #expect(try JSONParser.parse(json.stdout)["determining_policies"] == ["no-big-sums"])
    }

    @Test func policiesAreAddedListedAndRemovedWithNewVersions() async throws {
        let workspace = try await prepared()
        let added = try await workspace.gatehouse(
            "policy", "add", "no-wipe", "--cedar", #"forbid (principal, action == Gatehouse::Action::"call_tool", resource == Gatehouse::Tool::"demo/wipe");"#)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdoutLines == ["policy no-wipe attached to the project (enforce); policy set version 2"])
        let list = try await workspace.gatehouse("policy", "list")
        #expect(list.stdoutLines.first == "policy set version 2")
        #expect(list.stdoutLines.contains { $0.hasPrefix("no-wipe ") && $0.contains("project") })
        let permit = try await workspace.gatehouse("policy", "add", "p", "--cedar", "permit (principal, action, resource);")
        #expect(permit.status == 1)
        #expect(permit.stderr.contains("it is a permit"))
        let removed = try await workspace.gatehouse("policy", "remove", "no-wipe")
        #expect(removed.stdoutLines == ["policy no-wipe detached; policy set version 3"])
        let schema = try await workspace.gatehouse("policy", "schema")
        #expect(schema.stdout.contains("action call_tool appliesTo"))
    }

    @Test func limitsAreListedAndTheAuditTrailVerifiesAndExports() async throws {
        let workspace = try await prepared()
        let limits = try await workspace.gatehouse("limits", "list")
        #expect(limits.stdoutLines.dropFirst().first?.hasPrefix("application=ci-agent,tool=notes/echo  application=ci-agent tool=notes/echo  5/60s") == true, "\(limits.stdout)")
        let verify = try await workspace.gatehouse("audit", "verify")
        #expect(verify.status == 0)
        #expect(verify.stdoutLines.first == "intact: 1 records")
        let export = try await workspace.gatehouse("audit", "export")
        let lines = export.stdoutLines
        #expect(lines.count == 1)
        let record = try JSONParser.parse(lines[0])
        #expect(record["record"]?["event"] == "policy_set_changed")
        #expect(record["record"]?["time"]?.stringValue?.hasSuffix("Z") == true, "ISO 8601")
        #expect(record["previous_hash"] == .string(String(repeating: "0", count: 64)))
    }
}
