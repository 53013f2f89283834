// `apply`: idempotent, prints the diff, prunes only what the same file declared before.
import Foundation
import Testing

@testable import Registry

@Suite struct ApplyTests {
    let source = "/etc/gatehouse/gatehouse.yaml"

    func apply(_ registry: RegistryService, _ text: String, source: String? = nil, dryRun: Bool = false) async throws -> ApplyResult {
        try await registry.apply(text: text, file: "gatehouse.yaml", source: source ?? self.source, dryRun: dryRun)
    }

    @Test func firstApplyAddsEverythingAndMarksItManaged() async throws {
        try await withRegistry { registry, _ in
            let result = try await apply(registry, ConfigResolveTests.example)
            #expect(result.lines == ["+ server notes", "+ server demo", "+ application ci-agent"])
            #expect(result.diagnostics == [])
            let state = try await registry.state()
            #expect(state.generation == 1)
            #expect(result.generation == 1)
            #expect(state.servers.map(\.slug) == ["demo", "notes"])
            #expect(state.servers.allSatisfy { $0.managedBy == source })
            #expect(state.applications.map(\.managedBy) == [source])
        }
    }

    @Test func secondApplyOfTheSameFileChangesNothing() async throws {
        try await withRegistry { registry, _ in
            _ = try await apply(registry, ConfigResolveTests.example)
            let again = try await apply(registry, ConfigResolveTests.example)
            #expect(again.lines == ["= 3 unchanged"])
            #expect(again.changes.isEmpty)
            #expect(try await registry.generation() == 1)
        }
    }

    @Test func changedSettingsAreShownSettingBySetting() async throws {
        try await withRegistry { registry, _ in
            _ = try await apply(registry, ConfigResolveTests.example)
            let edited = ConfigResolveTests.example
                .replacingOccurrences(of: #"tools: { enabled: ["*"] }"#, with: "tools: { enabled: [echo] }")
                .replacingOccurrences(of: "description: Team notes", with: "description: Shared notes")
            let result = try await apply(registry, edited)
            #expect(
                result.lines == [
                    #"~ server notes: description "Team notes" → "Shared notes""#,
                    "~ server demo: tools.enabled [*] → [echo]",
                    "= 1 unchanged",
                ])
            #expect(try await registry.server("demo").tools.enabled == ["echo"])
            #expect(try await registry.generation() == 2)
        }
    }

    @Test func entriesTheFileNoLongerDeclaresAreRemovedAndTheirKeysRevoked() async throws {
        try await withRegistry { registry, _ in
            _ = try await apply(registry, ConfigResolveTests.example)
            let key = try await registry.createKey(application: "ci-agent")
            let smaller = """
                servers:
                  - slug: notes
                    name: com.example/notes
                    description: Team notes
                    upstream: { url: http://127.0.0.1:8765/mcp }
                    tools: { enabled: [echo, add] }
                """
            let result = try await apply(registry, smaller)
            #expect(result.lines == ["- server demo", "- application ci-agent", "= 1 unchanged"])
            let state = try await registry.state()
            #expect(state.servers.map(\.slug) == ["notes"])
            #expect(state.applications.isEmpty)
            #expect(state.keys.first { $0.id == key.entry.id }?.revokedAt != nil)
        }
    }

    @Test func entriesCreatedThroughTheCLIAreNeverPruned() async throws {
        try await withRegistry { registry, _ in
            _ = try await registry.createServer(
                ServerDefinition(
                    slug: "github", name: "io.github/github", upstream: UpstreamDefinition(url: "https://api.example.com/mcp"),
                    tools: ToolSelectionDefinition(enabled: ["*"])))
            _ = try await registry.createApplication(ApplicationDefinition(name: "manual", allow: [AllowRuleDefinition(server: "github")]))
            _ = try await apply(registry, ConfigResolveTests.example)
            let result = try await apply(registry, "servers: []\napplications: []\n")
            #expect(result.lines == ["- server demo", "- server notes", "- application ci-agent"])
            let state = try await registry.state()
            #expect(state.servers.map(\.slug) == ["github"])
            #expect(state.servers.first?.managedBy == nil)
            #expect(state.applications.map(\.name) == ["manual"])
        }
    }

    @Test func anotherFilesEntriesAreLeftAlone() async throws {
        try await withRegistry { registry, _ in
            _ = try await apply(registry, ConfigResolveTests.example, source: "/other.yaml")
            let result = try await apply(registry, "servers: []\n")
            #expect(result.lines == ["= 0 unchanged"])
            #expect(try await registry.servers().count == 2)
        }
    }

    @Test func fileMayNotTakeTheSlugOfACLIServer() async throws {
        try await withRegistry { registry, _ in
            _ = try await registry.createServer(notesDefinition)
            let error = await #expect(throws: RegistryError.self) { try await apply(registry, ConfigResolveTests.example) }
            #expect(error?.code == .invalid)
            #expect(
                error?.diagnostics.filter { $0.severity == .error }.map(\.description) == [
                    #"gatehouse.yaml:2: error: servers[0].slug "notes" is already registered (created through the CLI or API); remove it there first or choose another slug."#
                ])
            // Nothing was written.
            #expect(try await registry.servers().map(\.slug) == ["notes"])
            #expect(try await registry.generation() == 1)
        }
    }

    @Test func pruningAServerACLIApplicationStillAllowsIsRefused() async throws {
        try await withRegistry { registry, _ in
            _ = try await apply(registry, ConfigResolveTests.example)
            _ = try await registry.createApplication(ApplicationDefinition(name: "manual", allow: [AllowRuleDefinition(server: "demo")]))
            let error = await #expect(throws: RegistryError.self) {
                try await apply(registry, ConfigResolveTests.example.replacingOccurrences(of: "{ server: demo }", with: "{ server: notes }")
                    .components(separatedBy: "  - slug: demo")[0] + "applications:\n  - name: ci-agent\n    allow: [ { server: notes } ]\n")
            }
            #expect(
                error?.message
                    == "server demo is no longer declared here, but application manual (created through the CLI or API) still allows it; remove that rule first or keep the server.")
            #expect(try await registry.servers().map(\.slug) == ["demo", "notes"])
        }
    }

    @Test func dryRunReportsTheChangesWithoutMakingThem() async throws {
        try await withRegistry { registry, _ in
            let result = try await apply(registry, ConfigResolveTests.example, dryRun: true)
            #expect(result.dryRun)
            #expect(result.lines == ["+ server notes", "+ server demo", "+ application ci-agent"])
            #expect(try await registry.servers().isEmpty)
            #expect(try await registry.generation() == 0)
        }
    }

    @Test func fileWithErrorsChangesNothingAndReportsEveryError() async throws {
        try await withRegistry { registry, _ in
            let broken = ConfigResolveTests.example
                .replacingOccurrences(of: "http://127.0.0.1", with: "htp://127.0.0.1")
                .replacingOccurrences(of: "{ server: demo }", with: "{ server: dmeo }")
            let error = await #expect(throws: RegistryError.self) { try await apply(registry, broken) }
            #expect(error?.message == "gatehouse.yaml has 2 errors.")
            #expect(
                error?.diagnostics.map(\.description) == [
                    #"gatehouse.yaml:5: error: servers[0].upstream.url has unsupported scheme "htp"; use http, https or stdio."#,
                    #"gatehouse.yaml:13: error: applications[0].allow[1].server "dmeo" is not a known server; did you mean "demo"?"#,
                ])
            let generation = try await registry.generation()
            #expect(generation == 0)
        }
    }

    @Test func warningsComeBackWithASuccessfulApply() async throws {
        try await withRegistry { registry, _ in
            let result = try await apply(registry, ConfigResolveTests.example.replacingOccurrences(of: "description:", with: "descripton:"))
            #expect(
                result.diagnostics.map(\.description) == [
                    #"gatehouse.yaml:4: warning: servers[0].descripton is not a known setting and is ignored; did you mean "description"?"#
                ])
            #expect(result.changes.count == 3)
        }
    }

    @Test func headerValuesNeverAppearInTheDiff() async throws {
        try await withRegistry { registry, _ in
            let first = """
                servers:
                  - slug: notes
                    name: com.example/notes
                    upstream: { url: http://127.0.0.1:8765/mcp, headers: { Authorization: Bearer one } }
                    tools: { enabled: [echo] }
                """
            _ = try await apply(registry, first)
            let result = try await apply(registry, first.replacingOccurrences(of: "Bearer one", with: "Bearer two"))
            #expect(result.lines == ["~ server notes: upstream.headers ~Authorization (values hidden)"])
        }
    }
}
