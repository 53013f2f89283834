// Reading and resolving configuration files: the issue's example, and one test per diagnostic
// with its exact wording and line.
import Testing
import Yams

@testable import Registry

@Suite struct ConfigResolveTests {
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

    func resolve(_ text: String, resolver: RegistryConfigResolver = RegistryConfigResolver()) -> (RegistryConfiguration, [Diagnostic]) {
        let document = ConfigDocument.load(text, file: "gatehouse.yaml")
        let configuration = resolver.resolve(document)
        return (configuration, document.diagnostics.inFileOrder)
    }

    @Test func issueExampleResolvesWithoutDiagnostics() {
        let (configuration, diagnostics) = resolve(Self.example)
        #expect(diagnostics == [])
        #expect(
            configuration.servers == [
                ServerEntry(
                    slug: "notes", name: "com.example/notes", description: "Team notes",
                    upstream: .http(.init(url: "http://127.0.0.1:8765/mcp")), tools: ToolSelection(enabled: ["echo", "add"])),
                ServerEntry(
                    slug: "demo", name: "io.gatehouse/demo", upstream: .stdio(.init(command: "gatehouse", args: ["demo-server"])),
                    tools: ToolSelection(enabled: ["*"])),
            ])
        #expect(
            configuration.applications == [
                Application(name: "ci-agent", allow: [AllowRule(server: "notes", tools: ["echo"]), AllowRule(server: "demo")])
            ])
    }

    @Test func jsonDocumentsAreReadToo() {
        let json = """
            {"servers": [{"slug": "notes", "name": "com.example/notes", "upstream": {"url": "https://notes.example.com/mcp"},
              "tools": {"enabled": ["echo"]}}]}
            """
        let (configuration, diagnostics) = resolve(json)
        #expect(diagnostics == [])
        #expect(configuration.servers.map(\.slug) == ["notes"])
    }

    @Test func unsupportedSchemeIsAnErrorOnItsLine() {
        let text = """
            servers:
              - slug: a
                name: com.example/a
                upstream: { url: http://a.example.com/mcp }
                tools: { enabled: [x] }
              - slug: b
                name: com.example/b
                upstream: { url: https://b.example.com/mcp }
                tools: { enabled: [x] }
              - slug: c
                name: com.example/c
                upstream:
                  url: htp://c.example.com/mcp
                tools: { enabled: [x] }
            """
        let (_, diagnostics) = resolve(text)
        #expect(
            diagnostics.map(\.description) == [
                #"gatehouse.yaml:13: error: servers[2].upstream.url has unsupported scheme "htp"; use http, https or stdio."#
            ])
    }

    @Test func badSlugExplainsTheRule() {
        let (configuration, diagnostics) = resolve(
            """
            servers:
              - slug: Team_Notes
                name: com.example/notes
                upstream: { url: http://127.0.0.1:8765/mcp }
                tools: { enabled: [echo] }
            """)
        #expect(configuration.servers.isEmpty)
        #expect(
            diagnostics.map(\.description) == [
                #"gatehouse.yaml:2: error: servers[0].slug "Team_Notes" is not a valid slug; use 1 to 32 lowercase letters, digits or "-", starting with a letter (slugs appear in endpoint URLs and tool names)."#
            ])
    }

    @Test func badRegistryNameShowsTheExpectedForm() {
        let (_, diagnostics) = resolve(
            """
            servers:
              - slug: notes
                name: notes
                upstream: { url: http://127.0.0.1:8765/mcp }
                tools: { enabled: [echo] }
            """)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.line == 3)
        #expect(diagnostics.first?.message.hasPrefix(#"servers[0].name "notes" is not a valid registry name; use the reverse-DNS form"#) == true)
    }

    @Test func unknownServerInAllowRuleIsAnErrorWithASuggestion() {
        let (configuration, diagnostics) = resolve(
            """
            servers:
              - slug: notes
                name: com.example/notes
                upstream: { url: http://127.0.0.1:8765/mcp }
                tools: { enabled: [echo] }
            applications:
              - name: ci-agent
                allow:
                  - server: notes
                  - server: nots
                  - server: github
            """)
        #expect(configuration.applications.isEmpty)
        #expect(
            diagnostics.map(\.description) == [
                #"gatehouse.yaml:10: error: applications[0].allow[1].server "nots" is not a known server; did you mean "notes"?"#,
                #"gatehouse.yaml:11: error: applications[0].allow[2].server "github" is not a known server; declare it under servers: or register it with `gatehouse servers add`."#,
            ])
    }

    @Test func allowRuleMayNameAServerRegisteredOutsideTheFile() {
        let resolver = RegistryConfigResolver(otherServers: [
            ServerEntry(slug: "github", name: "io.github/github", upstream: .http(.init(url: "https://x.example.com/mcp")))
        ])
        let (configuration, diagnostics) = resolve(
            """
            applications:
              - name: ci-agent
                allow: [ { server: github } ]
            """, resolver: resolver)
        #expect(diagnostics == [])
        #expect(configuration.applications.first?.allow == [AllowRule(server: "github")])
    }

    @Test func duplicateSlugPointsAtTheFirstUse() {
        let (configuration, diagnostics) = resolve(
            """
            servers:
              - slug: notes
                name: com.example/notes
                upstream: { url: http://127.0.0.1:8765/mcp }
                tools: { enabled: [echo] }
              - slug: notes
                name: com.example/notes2
                upstream: { url: http://127.0.0.1:8766/mcp }
                tools: { enabled: [echo] }
            """)
        #expect(configuration.servers.count == 1)
        #expect(
            diagnostics.map(\.description) == [
                #"gatehouse.yaml:6: error: servers[1].slug "notes" is already used by servers[0]; slugs must be unique."#
            ])
    }

    @Test func duplicateApplicationNameIsAnError() {
        let (_, diagnostics) = resolve(
            """
            servers:
              - slug: notes
                name: com.example/notes
                upstream: { url: http://127.0.0.1:8765/mcp }
                tools: { enabled: ["*"] }
            applications:
              - name: ci-agent
                allow: [ { server: notes } ]
              - name: ci-agent
                allow: [ { server: notes } ]
            """)
        #expect(
            diagnostics.map(\.description) == [
                #"gatehouse.yaml:9: error: applications[1].name "ci-agent" is already used by applications[0]; application names must be unique."#
            ])
    }

    @Test func unknownKeyIsAWarningWithDidYouMeanAndItsLine() {
        let (configuration, diagnostics) = resolve(
            """
            servers:
              - slug: notes
                name: com.example/notes
                descripton: Team notes
                upstream: { url: http://127.0.0.1:8765/mcp }
                tools: { enabled: [echo] }
            """)
        #expect(configuration.servers.count == 1)
        #expect(
            diagnostics.map(\.description) == [
                #"gatehouse.yaml:4: warning: servers[0].descripton is not a known setting and is ignored; did you mean "description"?"#
            ])
    }

    @Test func unknownTopLevelSectionIsAWarningButServerSectionsAreNot() {
        let document = ConfigDocument.load(
            """
            gateway:
              port: 8080
            admin:
              enabled: true
            serverz: []
            secrets: []
            """, file: "gatehouse.yaml")
        #expect(
            document.diagnostics.diagnostics.map(\.description) == [
                #"gatehouse.yaml:5: warning: serverz is not a known setting and is ignored; did you mean "servers"?"#,
                "gatehouse.yaml:6: warning: secrets is not a known setting and is ignored.",
            ])
        #expect(document.gateway?.mark?.line == 2)
        #expect(document.gateway?["port"]?.int == 8080)
        #expect(document.admin != nil)
    }

    @Test func everyProblemIsReportedInOnePass() {
        let (_, diagnostics) = resolve(
            """
            servers:
              - slug: Bad
                name: com.example/a
                upstream: { url: ftp://a }
                tools: { enabled: [x] }
              - slug: ok
                upstream: { url: http://b.example.com, command: b }
                tools: { enabled: echo }
            """)
        #expect(
            diagnostics.map(\.description) == [
                #"gatehouse.yaml:2: error: servers[0].slug "Bad" is not a valid slug; use 1 to 32 lowercase letters, digits or "-", starting with a letter (slugs appear in endpoint URLs and tool names)."#,
                #"gatehouse.yaml:4: error: servers[0].upstream.url has unsupported scheme "ftp"; use http, https or stdio."#,
                #"gatehouse.yaml:6: error: servers[1] needs a name such as "com.example/notes"."#,
                "gatehouse.yaml:7: error: servers[1].upstream has both url and command; use url for a Streamable HTTP server or command for a stdio server, not both.",
                #"gatehouse.yaml:8: error: servers[1].tools.enabled must be a list; got "echo"."#,
            ])
    }

    @Test func missingUpstreamAndStdioWithoutCommandAreErrors() {
        let (_, diagnostics) = resolve(
            """
            servers:
              - slug: a
                name: com.example/a
                tools: { enabled: [x] }
              - slug: b
                name: com.example/b
                upstream: { args: [x] }
                tools: { enabled: [x] }
              - slug: c
                name: com.example/c
                upstream: { command: "  " }
                tools: { enabled: [x] }
            """)
        #expect(
            diagnostics.map(\.description) == [
                "gatehouse.yaml:2: error: servers[0] needs an upstream: { url: http://… } for Streamable HTTP or { command: … } for stdio.",
                "gatehouse.yaml:7: error: servers[1].upstream needs url (Streamable HTTP) or command (stdio).",
                "gatehouse.yaml:11: error: servers[2].upstream.command is empty; name the program to start (a stdio upstream needs a command).",
            ])
    }

    @Test func suspiciousToolSettingsAreWarnings() {
        let (configuration, diagnostics) = resolve(
            """
            servers:
              - slug: notes
                name: com.example/notes
                upstream: { url: http://127.0.0.1:8765/mcp }
                tools: { enabled: [echo, add], disabled: [add] }
              - slug: quiet
                name: com.example/quiet
                upstream: { url: http://127.0.0.1:8766/mcp }
            applications:
              - name: ci-agent
                allow: [ { server: notes, tools: [echo, delete_all] } ]
            """)
        #expect(configuration.servers.count == 2)
        #expect(configuration.applications.count == 1)
        #expect(
            diagnostics.map(\.description) == [
                #"gatehouse.yaml:5: warning: servers[0].tools names "add" in both enabled and disabled; disabled wins, so it stays off."#,
                #"gatehouse.yaml:6: warning: servers[1] enables no tools, so clients see none of them; list the ones to offer in tools.enabled (or ["*"] for all)."#,
                #"gatehouse.yaml:11: warning: applications[0].allow[0].tools[1] "delete_all" is not enabled on server notes, so the application will not see it until it is enabled."#,
            ])
    }

    @Test func repeatedKeyIsAnError() {
        let (_, diagnostics) = resolve(
            """
            servers:
              - slug: notes
                slug: other
                name: com.example/notes
                upstream: { url: http://127.0.0.1:8765/mcp }
                tools: { enabled: [echo] }
            """)
        #expect(
            diagnostics.map(\.description) == [
                #"gatehouse.yaml:2: error: the file is not valid YAML: the mapping starting on line 2 sets "slug" more than once; keep one."#
            ])
    }

    @Test func invalidYAMLIsOneErrorWithALine() {
        let document = ConfigDocument.load("servers:\n  - slug: notes\n    name: [unclosed\n", file: "gatehouse.yaml")
        #expect(
            document.diagnostics.diagnostics.map(\.description) == [
                "gatehouse.yaml:4: error: the file is not valid YAML: did not find expected ',' or ']' (while parsing a flow sequence on line 3)."
            ])
    }

    @Test func gatewaySectionCanBeDecodedWithTheSameHelpers() {
        struct GatewayFile: Codable {
            var host: String?
            var port: Int?
        }
        let document = ConfigDocument.load("gateway:\n  host: 127.0.0.1\n  prot: 9\n  port: eighty\n", file: "g.yaml")
        let gateway = ConfigNodeDecoder.decode(GatewayFile.self, from: document.gateway!, at: ["gateway"], into: document.diagnostics)
        #expect(gateway?.host == "127.0.0.1")
        #expect(gateway?.port == nil)
        #expect(
            document.diagnostics.diagnostics.map(\.description) == [
                #"g.yaml:4: error: gateway.port must be a whole number; got "eighty"."#,
                #"g.yaml:3: warning: gateway.prot is not a known setting and is ignored; did you mean "port"?"#,
            ])
    }
}
