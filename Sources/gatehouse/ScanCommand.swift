// `gatehouse scan URL` and `gatehouse scan -- COMMAND ARGS…`: Shield's risk scan of any MCP server
// without registering it. Connects like the gateway does (either protocol era over Streamable
// HTTP, or a stdio child process), lists every tool, prompt and resource template, prints the
// findings, and exits 2 when one reaches `--fail-on` (for CI pipelines; 1 means the scan itself
// failed).
import ArgumentParser
import Foundation
import Gateway
import Guardrails
import JSONSchema
import MCPCore
import Registry

struct ScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan an MCP server's tools, prompts and resource templates for risks (tool poisoning, shadowing, deceptive text, risky parameters).",
        discussion: """
            Give a Streamable HTTP URL (either protocol era), or a stdio command after `--`:
              gatehouse scan http://127.0.0.1:8765/mcp --fail-on high
              gatehouse scan --json -- npx -y @modelcontextprotocol/server-filesystem /tmp
            Exit status: 0 clean (or below --fail-on), 2 a finding at or above --fail-on, 1 the scan failed.
            With --data DIR, tools of the servers registered there count for the shadowing rules.
            """)

    @Argument(help: ArgumentHelp("The server's Streamable HTTP endpoint, e.g. http://127.0.0.1:8765/mcp.", valueName: "url"))
    var url: String?

    @Argument(parsing: .postTerminator, help: ArgumentHelp("A stdio server's command and arguments, after --.", valueName: "command"))
    var command: [String] = []

    @Option(name: .long, help: ArgumentHelp("A header sent with every HTTP request (repeatable).", valueName: "name=value"))
    var header: [String] = []

    @Option(name: .long, help: ArgumentHelp("An environment variable for the stdio command (repeatable).", valueName: "name=value"))
    var env: [String] = []

    @Option(name: .customLong("fail-on"), help: ArgumentHelp("Exit 2 when a finding reaches this severity: \(Severity.spelled).", valueName: "severity"))
    var failOn: String?

    @Option(name: .long, help: ArgumentHelp("How long each request may take (default 30s).", valueName: "duration"))
    var timeout: String = "30s"

    @Option(name: .long, help: ArgumentHelp("A data folder whose registered servers count for the shadowing rules.", valueName: "dir"))
    var data: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        switch (url, command.isEmpty) {
        case (nil, true): throw ValidationError("Give the server's URL, or its command after --: gatehouse scan -- python server.py")
        case (.some, false): throw ValidationError("Give a URL or a command after --, not both.")
        default: break
        }
        if let failOn, Severity(rawValue: failOn.lowercased()) == nil {
            throw ValidationError("--fail-on \"\(failOn)\" is not a severity; use \(Severity.spelled).")
        }
        if UpstreamSession.duration(timeout) == nil { throw ValidationError("--timeout \"\(timeout)\" is not a duration; use 30s, 500ms or 2m.") }
        if let url, let problem = RegistryRules.upstreamURLProblem(url) { throw ValidationError("The URL \(problem).") }
    }

    func run() async throws {
        var report: ScanReport?
        try await CLI.run {
            let upstream: UpstreamTarget
            let target: String
            if let url {
                upstream = .http(url: url, headers: try pairs(header, "--header"))
                target = url
            } else {
                upstream = .stdio(StdioCommand(command: command[0], arguments: Array(command.dropFirst()), environment: try pairs(env, "--env")))
                target = command.joined(separator: " ")
            }
            let others = try await registeredTools()
            let discovery = try await UpstreamSession.with(timeout: UpstreamSession.duration(timeout)!) { pool in
                await CatalogRefresher(pool: pool, sink: DiscardingCatalogSink(), logger: UpstreamSession.quiet).discover(UpstreamSession.server(upstream))
            }
            if let error = discovery.error { throw CommandLineError("Cannot scan \(target): \(error)") }
            report = ScanReport(target: target, discovery: discovery, otherServers: others)
            if output.json { return try CLI.printJSON(report!) }
            report!.printText()
        }
        guard let report, let failOn = failOn.flatMap({ Severity(rawValue: $0.lowercased()) }) else { return }
        let reaching = report.items.flatMap(\.findings).filter { $0.severity >= failOn }
        if !reaching.isEmpty {
            CLI.printError("scan: \(reaching.count) finding\(reaching.count == 1 ? "" : "s") at or above \(failOn) (--fail-on \(failOn)).")
            throw ExitCode(2)
        }
    }

    /// `name=value` pairs.
    private func pairs(_ values: [String], _ flag: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for v in values {
            guard let eq = v.firstIndex(of: "="), eq != v.startIndex else { throw CommandLineError("\(flag) takes name=value; got \"\(v)\".") }
            result[String(v[..<eq])] = String(v[v.index(after: eq)...])
        }
        return result
    }

    /// Tools of the servers registered in `--data`, by slug.
    private func registeredTools() async throws -> [String: [String]] {
        guard let data else { return [:] }
        return try await Connection(data: data).withClient { client in
            var tools: [String: [String]] = [:]
            for server in try await client.listServers() { tools[server.slug] = try await client.tools(server: server.slug).tools.map(\.name) }
            return tools
        }
    }
}

/// What `scan` found, as printed and as JSON.
struct ScanReport: Encodable {
    struct Item: Encodable {
        var kind: String
        var name: String
        var definitionHash: String
        var findings: [Finding]

        enum CodingKeys: String, CodingKey {
            case kind, name, findings
            case definitionHash = "definition_hash"
        }
    }

    var target: String
    var protocolVersion: String?
    var serverName: String?
    var serverVersion: String?
    var items: [Item]
    /// Findings per severity.
    var summary: [String: Int]
    var maxSeverity: String?

    enum CodingKeys: String, CodingKey {
        case target, items, summary
        case protocolVersion = "protocol_version"
        case serverName = "server_name"
        case serverVersion = "server_version"
        case maxSeverity = "max_severity"
    }

    init(target: String, discovery: Discovery, otherServers: [String: [String]]) {
        self.target = target
        protocolVersion = discovery.handshake?.protocolVersion.rawValue
        serverName = discovery.handshake?.serverInfo?["name"]?.stringValue
        serverVersion = discovery.handshake?.serverInfo?["version"]?.stringValue
        let scanner = DefinitionScanner(
            context: ScanContext(siblings: Set(discovery.tools.compactMap { $0["name"]?.stringValue }), otherServers: otherServers))
        func scanned(_ kind: ItemKind, _ o: JSONObject, _ hash: String) -> Item {
            let name = o["name"]?.stringValue ?? o["uriTemplate"]?.stringValue ?? "?"
            return Item(kind: kind.rawValue, name: name, definitionHash: hash, findings: scanner.scan(ScanItem(kind: kind, name: name, definition: o)))
        }
        items =
            discovery.tools.map { scanned(.tool, $0, DefinitionHash.tool($0)) } + discovery.prompts.map { scanned(.prompt, $0, DefinitionHash.prompt($0)) }
            + discovery.resourceTemplates.map { scanned(.resourceTemplate, $0, DefinitionHash.resourceTemplate($0)) }
        let all = items.flatMap(\.findings)
        summary = Dictionary(uniqueKeysWithValues: Severity.allCases.map { s in (s.rawValue, all.filter { $0.severity == s }.count) })
        maxSeverity = all.maxSeverity?.rawValue
    }

    func printText() {
        let counts = ItemKind.allCases.map { kind in (kind, items.filter { $0.kind == kind.rawValue }.count) }.filter { $0.1 > 0 }
        let what = counts.map { "\($0.1) \($0.0 == .resourceTemplate ? "resource template" : $0.0.rawValue)\($0.1 == 1 ? "" : "s")" }
        let server = [serverName, serverVersion].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        print("Scanned \(target)\(server.isEmpty ? "" : " (\(server)")\(protocolVersion.map { ", protocol \($0)" } ?? "")\(server.isEmpty ? "" : ")"): \(what.isEmpty ? "nothing offered" : what.joined(separator: ", ")).")
        for item in items {
            let label = "\(item.kind == "resource_template" ? "resource template" : item.kind) \(item.name)"
            guard !item.findings.isEmpty else {
                print("\n\(label): no findings")
                continue
            }
            print("\n\(label)")
            for f in item.findings {
                print("  \(f.severity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0))  \(f.rule)  \(f.evidence.path)[\(f.evidence.start)..\(f.evidence.end)]  \"\(f.evidence.excerpt)\"")
                print("            \(f.explanation)")
            }
        }
        let order = Severity.allCases.reversed().map { "\(summary[$0.rawValue] ?? 0) \($0.rawValue)" }
        print("\nSummary: " + order.joined(separator: ", ") + ".")
    }
}
