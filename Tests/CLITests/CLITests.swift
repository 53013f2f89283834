// End to end: the `gatehouse` binary on a temporary data folder, and against a live admin API.
import Auth
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Store
import Testing

@testable import Registry

@Suite struct CLITests {
    static let example = """
        servers:
          - slug: notes                      # URL-safe, unique; used in endpoints and tool names
            name: com.example/notes          # reverse-DNS registry name
            description: Team notes
            upstream: { url: http://127.0.0.1:8765/mcp }        # Streamable HTTP upstream
            tools: { enabled: [echo, add] }  # discovery is not enablement: others stay disabled
          - slug: demo
            name: io.gatehouse/demo
            upstream: { command: gatehouse, args: [demo-server] }  # stdio upstream
            tools: { enabled: ["*"] }
        applications:
          - name: ci-agent
            allow: [ { server: notes, tools: [echo] }, { server: demo } ]
        """

    static let quiet: Logger = {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return logger
    }()

    @Test func applyPrintsTheDiffAndIsIdempotent() async throws {
        let workspace = try Workspace()
        try workspace.write("gatehouse.yaml", Self.example)

        let preview = try await workspace.gatehouse("apply", "-f", "gatehouse.yaml", "--dry-run")
        #expect(preview.status == 0)
        #expect(preview.stdoutLines == ["+ server notes", "+ server demo", "+ application ci-agent"])
        #expect(preview.stderrLines == ["dry run: nothing was changed."])

        let first = try await workspace.gatehouse("apply", "-f", "gatehouse.yaml")
        #expect(first.status == 0)
        #expect(first.stdoutLines == ["+ server notes", "+ server demo", "+ application ci-agent"])
        #expect(first.stderr == "")

        let second = try await workspace.gatehouse("apply", "-f", "gatehouse.yaml")
        #expect(second.stdoutLines == ["= 3 unchanged"])

        try workspace.write("gatehouse.yaml", Self.example.replacingOccurrences(of: #"enabled: ["*"]"#, with: "enabled: [echo]"))
        let third = try await workspace.gatehouse("apply", "-f", "gatehouse.yaml")
        #expect(third.stdoutLines == ["~ server demo: tools.enabled [*] → [echo]", "= 2 unchanged"])

        let list = try await workspace.gatehouse("servers", "list")
        #expect(list.stdoutLines.first?.hasPrefix("SLUG") == true)
        #expect(list.stdoutLines.dropFirst().map { String($0.prefix(5)) } == ["demo ", "notes"])
    }

    @Test func applyWithErrorsPrintsEachDiagnosticToStderrAndExitsNonZero() async throws {
        let workspace = try Workspace()
        try workspace.write(
            "gatehouse.yaml",
            Self.example.replacingOccurrences(of: "http://127", with: "htp://127").replacingOccurrences(of: "name: io.gatehouse/demo", with: "name: demo"))
        let result = try await workspace.gatehouse("apply", "-f", "gatehouse.yaml")
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(
            result.stderrLines == [
                #"gatehouse.yaml:5: error: servers[0].upstream.url has unsupported scheme "htp"; use http, https or stdio."#,
                #"gatehouse.yaml:8: error: servers[1].name "demo" is not a valid registry name; use the reverse-DNS form "namespace/name" such as "com.example/notes" (3 to 200 characters; the namespace takes letters, digits, "." and "-", the name also "_")."#,
                "error: gatehouse.yaml has 2 errors.",
            ])
        // Nothing was registered.
        let list = try await workspace.gatehouse("servers", "list", "--json")
        #expect(list.stdout.contains(#""servers" : ["#) && !list.stdout.contains("notes"))
    }

    @Test func missingConfigurationFileIsOneLine() async throws {
        let workspace = try Workspace()
        let result = try await workspace.gatehouse("apply", "-f", "nope.yaml")
        #expect(result.status == 1)
        #expect(result.stderrLines == ["error: Cannot read the configuration nope.yaml: there is no such file."])
    }

    @Test func toolsListExplainsWhenNothingWasDiscoveredYet() async throws {
        let workspace = try Workspace()
        try workspace.write("gatehouse.yaml", Self.example)
        _ = try await workspace.gatehouse("apply", "-f", "gatehouse.yaml")
        let result = try await workspace.gatehouse("tools", "list", "--server", "notes")
        #expect(result.status == 0)
        #expect(
            result.stdoutLines == [
                "no tools discovered yet for notes; discovery runs when `gatehouse serve` starts or the entry changes",
                "enabled once discovered: echo, add",
            ])
    }

    @Test func toolsListShowsDiscoveredToolsEnabledOrNotWithHashes() async throws {
        let workspace = try Workspace()
        try workspace.write("gatehouse.yaml", Self.example)
        _ = try await workspace.gatehouse("apply", "-f", "gatehouse.yaml")

        // The running server would record this; a registry in this process stands in for it,
        // holding the folder open while the CLI works on it.
        let registry = try await RegistryService.open(dataDirectory: workspace.data, logger: Self.quiet)
        let echoHash = String(repeating: "e", count: 64)
        let deleteHash = String(repeating: "d", count: 64)
        try await registry.recordDiscovery(
            DiscoveredCatalog(
                server: "notes", discoveredAt: Date(),
                tools: [
                    CatalogItem(name: "echo", definitionJSON: #"{"name":"echo","description":"Echo the input."}"#, definitionHash: echoHash),
                    CatalogItem(name: "delete_all", definitionJSON: #"{"name":"delete_all"}"#, definitionHash: deleteHash),
                ]))

        let table = try await workspace.gatehouse("tools", "list", "--server", "notes")
        #expect(
            table.stdoutLines == [
                "TOOL        STATUS    RISK  DEFINITION HASH                                                   PINNED  DESCRIPTION",
                "echo        enabled   ?     \(echoHash)  yes     Echo the input.",
                "delete_all  disabled  ?     \(deleteHash)  -       -",
            ])

        let enabled = try await workspace.gatehouse("tools", "enable", "--server", "notes", "delete_all")
        #expect(enabled.status == 0)
        #expect(enabled.stdoutLines == ["notes: enabled echo, add, delete_all"])
        #expect(enabled.stderrLines == ["warning: server notes is managed by \(workspace.path)/gatehouse.yaml; the next apply of that file will undo this change."])
        // The server sees the CLI's change on its next poll.
        #expect(try await registry.state().servers.first { $0.slug == "notes" }?.tools.isEnabled("delete_all") == true)
        await registry.close()
    }

    @Test func keysCreatePrintsTheKeyOnceAndStoresOnlyItsHash() async throws {
        let workspace = try Workspace()
        try workspace.write("gatehouse.yaml", Self.example)
        _ = try await workspace.gatehouse("apply", "-f", "gatehouse.yaml")

        let created = try await workspace.gatehouse("keys", "create", "--app", "ci-agent", "--expires-in", "30d")
        #expect(created.status == 0)
        #expect(created.stdoutLines.count == 1)
        let key = try #require(created.stdoutLines.first)
        #expect(APIKey.isWellFormed(key))
        #expect(created.stderr.contains("Store it now: it is not shown again"))

        let listed = try await workspace.gatehouse("keys", "list", "--app", "ci-agent")
        #expect(listed.stdoutLines.count == 2)
        #expect(listed.stdoutLines[1].contains(APIKey.displayPrefix(of: key) + "…"))
        #expect(listed.stdoutLines[1].contains("active"))
        #expect(!listed.stdout.contains(key))

        // The data folder holds the hash and never the key.
        var stored = Data()
        for suffix in ["", "-wal"] { stored += (try? Data(contentsOf: URL(fileURLWithPath: workspace.data + "/gatehouse.sqlite" + suffix))) ?? Data() }
        #expect(stored.range(of: Data(key.utf8)) == nil)
        #expect(stored.range(of: Data(APIKey.hash(key).utf8)) != nil)

        let id = String(listed.stdoutLines[1].prefix { $0 != " " })
        let revoked = try await workspace.gatehouse("keys", "revoke", id)
        #expect(revoked.stdoutLines == ["revoked \(id) (ci-agent, \(APIKey.displayPrefix(of: key))…)"])
    }

    @Test func errorsAreOneLineOnStderrWithExitStatus1() async throws {
        let workspace = try Workspace()
        try workspace.write("gatehouse.yaml", Self.example)
        _ = try await workspace.gatehouse("apply", "-f", "gatehouse.yaml")
        let cases: [([String], String)] = [
            (["servers", "show", "nope"], #"error: No server "nope" is registered; `gatehouse servers list` shows the registered ones."#),
            (["keys", "create", "--app", "nope"], #"error: No application "nope" is registered; `gatehouse apps list` shows the registered ones."#),
            (["keys", "create", "--app", "ci-agent", "--expires-in", "soon"],
             #"error: "soon" is not a duration; use a whole number and a unit (s, m, h, d or w), such as 30d or 12h."#),
            (["servers", "remove", "notes"], "error: Server notes is still allowed by application ci-agent; remove notes from its allow list first."),
            (["servers", "list", "--data", "elsewhere"],
             "error: There is no data folder at elsewhere; pass --data with the folder `gatehouse serve` uses, or --server with its URL."),
        ]
        for (arguments, message) in cases {
            let result = try await GatehouseBinary.run(arguments, in: workspace.path)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stdout == "", "\(arguments)")
            #expect(result.stderrLines == [message], "\(arguments)")
        }
    }

    @Test func auditTailPrintsRecordsOldestFirst() async throws {
        let workspace = try Workspace()
        let registry = try await RegistryService.open(dataDirectory: workspace.data, logger: Self.quiet)
        try await registry.auditLog.append(
            (1...3).map {
                AuditRecord(time: Date(), application: "ci-agent", endpoint: "/mcp", method: "tools/call", server: "notes", target: "tool\($0)",
                            outcome: "ok", latencyMicros: 1500)
            })
        await registry.close()
        let result = try await workspace.gatehouse("audit", "tail", "-n", "2")
        #expect(result.status == 0)
        #expect(result.stdoutLines.count == 3)
        #expect(result.stdoutLines[1].contains("tool2") && result.stdoutLines[2].contains("tool3"))
        #expect(result.stdoutLines[2].contains("1.500 ms"))
        let json = try await workspace.gatehouse("audit", "tail", "--json")
        #expect(json.stdoutLines.count == 3)
        #expect(json.stdoutLines.allSatisfy { $0.hasPrefix("{") && $0.contains(#""sequence":"#) })
    }

    @Test func auditTailFollowPrintsNewRecordsAsTheyArrive() async throws {
        let workspace = try Workspace()
        let registry = try await RegistryService.open(dataDirectory: workspace.data, logger: Self.quiet)
        func record(_ target: String) -> AuditRecord {
            AuditRecord(time: Date(), endpoint: "/mcp", method: "tools/call", target: target, outcome: "ok", latencyMicros: 1)
        }
        try await registry.auditLog.append([record("before")])
        let follower = try RunningGatehouse(["audit", "tail", "--follow", "--json"], in: workspace.path)
        #expect(try await follower.waitForLines(1).count == 1)
        try await registry.auditLog.append([record("after-1"), record("after-2")])
        let lines = try await follower.waitForLines(3)
        #expect(lines.count == 3)
        #expect(lines.map { $0.contains(#""target":"before""#) } == [true, false, false])
        #expect(lines.last?.contains(#""target":"after-2""#) == true)
        await follower.stop()
        await registry.close()
    }

    @Test(.enabled(if: geteuid() != 0 || FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), "root needs setpriv to run the binary as nobody"))
    func readOnlyDataFolderIsAClearError() async throws {
        let workspace = try Workspace()
        try workspace.write("gatehouse.yaml", Self.example)
        _ = try await workspace.gatehouse("apply", "-f", "gatehouse.yaml")
        let user: String?
        if geteuid() == 0 {
            // root writes anywhere; run the binary as nobody instead.
            chmod(workspace.path, 0o755)
            user = "65534"
        } else {
            chmod(workspace.data, 0o555)
            user = nil
        }
        defer { chmod(workspace.data, 0o755) }
        let result = try await GatehouseBinary.run(["servers", "list"], in: workspace.path, asUser: user)
        #expect(result.status == 1)
        #expect(result.stderrLines.count == 1)
        #expect(
            result.stderr.hasPrefix(
                "error: Cannot open the store (\(workspace.data)/gatehouse.sqlite): the folder is read-only for this user; make \(workspace.data) writable"))
    }

    @Test func serverModeWorksThroughTheAdminAPI() async throws {
        let workspace = try Workspace()
        try workspace.write("gatehouse.yaml", Self.example)
        let registry = try await RegistryService.open(dataDirectory: workspace.data, logger: Self.quiet, environment: [:])
        _ = try await registry.prepareAdminToken()  // writes data/admin-token, as `serve` does
        let router = Router()
        AdminAPI.register(on: router, registry: registry)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let url = "http://127.0.0.1:\(try #require(client.port))"
            // The token comes from <data>/admin-token.
            let applied = try await GatehouseBinary.run(["apply", "-f", "gatehouse.yaml", "--server", url], in: workspace.path)
            #expect(applied.status == 0, "\(applied.stderrLines)")
            #expect(applied.stdoutLines == ["+ server notes", "+ server demo", "+ application ci-agent"])
            let tools = try await GatehouseBinary.run(["tools", "list", "--server", "demo", "--gatehouse", url], in: workspace.path)
            #expect(
                tools.stdoutLines.first == "no tools discovered yet for demo; discovery runs when `gatehouse serve` starts or the entry changes",
                "\(tools.stderrLines)")
            // As the issue spells it: --server for the slug and --server for the running Gatehouse.
            let both = try await GatehouseBinary.run(["tools", "enable", "--server", "notes", "--server", url, "delete_all"], in: workspace.path)
            #expect(both.status == 0, "\(both.stderrLines)")
            #expect(try await registry.state().servers.first { $0.slug == "notes" }?.tools.enabled.contains("delete_all") == true)
            let twoSlugs = try await GatehouseBinary.run(["tools", "list", "--server", "demo", "--server", "notes"], in: workspace.path)
            #expect(twoSlugs.stderrLines == ["error: Give one server slug; got demo, notes."])
            let key = try await GatehouseBinary.run(["keys", "create", "--app", "ci-agent", "--server", url], in: workspace.path)
            #expect(APIKey.isWellFormed(key.stdoutLines.first ?? ""))
            let missing = try await GatehouseBinary.run(["servers", "show", "nope", "--server", url], in: workspace.path)
            #expect(missing.stderrLines == [#"error: No server "nope" is registered; `gatehouse servers list` shows the registered ones."#])
            let intruder = try await GatehouseBinary.run(["servers", "list", "--server", url, "--admin-token", "guess"], in: workspace.path)
            #expect(intruder.status == 1)
            #expect(intruder.stderrLines == ["error: The admin token is not valid."])
        }
        #expect(try await registry.state().keys.count == 1)
        await registry.close()
    }
}
