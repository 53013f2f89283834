// `gatehouse discover --hosts HOSTS --ports PORTS`: finds MCP servers running where they should
// not be a surprise (shadow MCP). Lists every endpoint that answers MCP (either Streamable HTTP
// era or legacy HTTP+SSE) with what it serves, marks those the registry does not know, and cross-
// checks the upstreams the audit log has seen calls go to.
import ArgumentParser
import Foundation
import Gateway
import Registry

struct DiscoverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discover",
        abstract: "Probe hosts and ports for MCP servers and mark those not in the registry (shadow MCP).",
        discussion: """
            Probes each host:port on each path (default /mcp, /sse, /) for 2026-07-28 `server/discover`, the legacy \
            `initialize` handshake, and legacy HTTP+SSE (a GET answered by an `endpoint` event). The registry (--data or \
            --server) marks known servers, and its audit log tells which upstreams have been called through Gatehouse.
              gatehouse discover --hosts 127.0.0.1 --ports 8000-8100,9100
              gatehouse discover --hosts 10.0.0.0/28 --ports 8080 --json --fail-on-unregistered
            Only probe networks you are allowed to scan.
            """)

    @Option(name: .long, help: ArgumentHelp("Hosts, addresses or IPv4 blocks, comma-separated (e.g. 127.0.0.1,10.0.0.0/28).", valueName: "hosts"))
    var hosts: String

    @Option(name: .long, help: ArgumentHelp("Ports and ranges, comma-separated (e.g. 8000-8100,9100).", valueName: "ports"))
    var ports: String

    @Option(name: .long, help: ArgumentHelp("Paths to try on each port, comma-separated (default /mcp,/sse,/).", valueName: "paths"))
    var paths: String = "/mcp,/sse,/"

    @Option(name: .long, help: ArgumentHelp("How long one probe may take (default 2s).", valueName: "duration"))
    var timeout: String = "2s"

    @Option(name: .long, help: "How many ports are probed at once (default 32).")
    var concurrency: Int = 32

    @Option(name: .customLong("audit-records"), help: "How many recent audit records to cross-check (default 10000).")
    var auditRecords: Int = 10_000

    @Flag(name: .customLong("fail-on-unregistered"), help: "Exit 2 when an endpoint is not in the registry.")
    var failOnUnregistered = false

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    struct Report: Encodable {
        var endpoints: [FoundEndpoint]
        /// Upstreams calls went to (audit log) that are not registered now.
        var auditUnregistered: [AuditedUpstream]
        /// Registered servers inside the probed hosts and ports that did not answer.
        var registeredSilent: [String]
        var registryNote: String?

        enum CodingKeys: String, CodingKey {
            case endpoints
            case auditUnregistered = "audit_unregistered"
            case registeredSilent = "registered_silent"
            case registryNote = "registry_note"
        }
    }

    struct AuditedUpstream: Encodable {
        var upstream: String
        var calls: Int
        var last: Date
    }

    func validate() throws {
        guard UpstreamSession.duration(timeout) != nil else { throw ValidationError("--timeout \"\(timeout)\" is not a duration; use 2s or 500ms.") }
        guard (1...1024).contains(concurrency) else { throw ValidationError("--concurrency must be from 1 to 1024.") }
    }

    func run() async throws {
        var unregistered = 0
        try await CLI.run {
            let hostList = try ScanTargets.hosts(hosts)
            let portList = try ScanTargets.ports(ports)
            guard hostList.count * portList.count <= 262_144 else {
                throw CommandLineError("That is \(hostList.count * portList.count) host and port pairs; probe at most 262144 at once.")
            }
            let pathList = paths.split(separator: ",").map { p in p.hasPrefix("/") ? String(p) : "/" + p }
            let limit = UpstreamSession.duration(timeout)!

            // What the registry knows: registered HTTP upstreams, and calls in the audit log.
            var registered: [String: (slug: String, url: String)] = [:]
            var audited: [String: (calls: Int, last: Date)] = [:]
            var note: String? = nil
            do {
                try await connection.withClient { client in
                    for server in try await client.listServers() where server.upstream.transport == "http" {
                        if let url = server.upstream.url, let key = EndpointKey.normalized(url) { registered[key] = (server.slug, url) }
                    }
                    for record in try await client.auditTail(limit: auditRecords, after: nil) {
                        guard let upstream = record.upstream else { continue }
                        let entry = audited[upstream] ?? (0, record.time)
                        audited[upstream] = (entry.calls + 1, max(entry.last, record.time))
                    }
                }
            } catch {
                note = "the registry could not be read (\(error)); endpoints are not marked"
            }

            var settings = GatewayConfiguration.Upstream()
            settings.connectTimeout = limit
            settings.maxConnectionsPerHost = 4
            let http = UpstreamPool.makeHTTPClient(settings)
            let discovery = ShadowDiscovery(client: http, timeout: limit, paths: pathList)
            var endpoints = await discovery.probe(hosts: hostList, ports: portList, concurrency: concurrency)
            try? await http.shutdown()

            var auditByKey: [String: (String, Int, Date)] = [:]
            for (upstream, value) in audited {
                if let key = EndpointKey.normalized(upstream) { auditByKey[key] = (upstream, value.calls, value.last) }
            }
            for i in endpoints.indices {
                guard let key = EndpointKey.normalized(endpoints[i].url) else { continue }
                endpoints[i].registeredAs = registered[key]?.slug
                if let audit = auditByKey[key] {
                    endpoints[i].auditCalls = audit.1
                    endpoints[i].auditLast = audit.2
                }
            }
            let answered = Set(endpoints.compactMap { EndpointKey.normalized($0.url) })
            let probedHosts = Set(hostList.map { $0 == "localhost" ? "127.0.0.1" : $0.lowercased() })
            let probedPorts = Set(portList)
            let silent = registered.filter { key, value in
                guard !answered.contains(key), let c = URLComponents(string: key), let host = c.host, let port = c.port else { return false }
                return probedHosts.contains(host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))) && probedPorts.contains(port)
            }.map { "\($0.value.slug) (\($0.value.url))" }.sorted()
            let auditUnregistered = audited.filter { upstream, _ in
                guard upstream.hasPrefix("http"), let key = EndpointKey.normalized(upstream) else { return false }
                return registered[key] == nil
            }.map { AuditedUpstream(upstream: $0.key, calls: $0.value.calls, last: $0.value.last) }.sorted { $0.upstream < $1.upstream }

            let report = Report(endpoints: endpoints, auditUnregistered: auditUnregistered, registeredSilent: silent, registryNote: note)
            unregistered = note == nil ? endpoints.filter { $0.registeredAs == nil }.count : 0
            if output.json { return try CLI.printJSON(report) }
            print(report, probed: hostList.count * portList.count * pathList.count)
        }
        if failOnUnregistered, unregistered > 0 {
            CLI.printError("discover: \(unregistered) MCP endpoint\(unregistered == 1 ? " is" : "s are") not in the registry (--fail-on-unregistered).")
            throw ExitCode(2)
        }
    }

    private func print(_ report: Report, probed: Int) {
        if let note = report.registryNote { CLI.printError("note: \(note).") }
        if report.endpoints.isEmpty {
            Swift.print("No MCP endpoints found (\(probed) URLs probed).")
        } else {
            CLI.printTable(
                ["ENDPOINT", "TRANSPORT", "PROTOCOL", "SERVER", "TOOLS", "REGISTRY", "AUDIT"],
                report.endpoints.map { e in
                    [
                        e.url, e.transport, e.protocolVersion ?? "-", [e.serverName, e.serverVersion].compactMap { $0 }.joined(separator: " ").nonEmpty ?? "-",
                        e.tools.map(String.init) ?? "?", report.registryNote != nil ? "?" : (e.registeredAs ?? "NOT REGISTERED"),
                        e.auditCalls.map { "\($0) calls, last \(CLI.format(e.auditLast))" } ?? "-",
                    ]
                })
        }
        if !report.auditUnregistered.isEmpty {
            Swift.print("\nUpstreams in the audit log that are not registered now:")
            for u in report.auditUnregistered { Swift.print("  \(u.upstream)  \(u.calls) calls, last \(CLI.format(u.last))") }
        }
        if !report.registeredSilent.isEmpty {
            Swift.print("\nRegistered servers in the probed range that did not answer:")
            for s in report.registeredSilent { Swift.print("  \(s)") }
        }
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
