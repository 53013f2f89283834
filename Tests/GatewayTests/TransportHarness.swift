// A gateway assembled in-process for transport tests: the demo server live on a loopback port as
// the upstream, discovery into an in-memory directory, the real pipeline and transport, and a
// recording audit sink. Requests go through Hummingbird's router test client.
import AsyncHTTPClient
import Auth
import Crypto
import Foundation
import GatehouseDemo
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JSONSchema
import Logging
import MCPCore
import NIOCore
import Synchronization

@testable import Gateway

/// Collects audit events.
final class RecordingAuditSink: AuditSink {
    private let events = Mutex<[AuditEvent]>([])
    func record(_ event: AuditEvent) { events.withLock { $0.append(event) } }
    var all: [AuditEvent] { events.withLock { $0 } }
}

/// Puts discovered catalogs into a directory provider, as the registry would.
struct DirectorySink: CatalogSink {
    let provider: DirectoryProvider

    func recordDiscovery(_ discovery: Discovery) async {
        guard discovery.error == nil else { return }
        var d = provider.current
        guard var server = d.servers[discovery.server] else { return }
        server = DirectoryServer(
            slug: server.slug, name: server.name, title: server.title, description: server.description, acceptsCalls: server.acceptsCalls,
            upstream: server.upstream, tools: discovery.tools.map { CatalogEntry(name: $0["name"]!.stringValue!, definition: $0, hash: DefinitionHash.tool($0)) },
            prompts: discovery.prompts.map { CatalogEntry(name: $0["name"]!.stringValue!, definition: $0, hash: DefinitionHash.prompt($0)) },
            enablement: server.enablement)
        d = GatewayDirectory(
            generation: d.generation + 1, servers: Array(d.servers.values.filter { $0.slug != server.slug }) + [server],
            callers: Array(d.callersByKeyHash.values), grants: d.grants)
        provider.update(d)
    }
}

/// Stands in for the mTLS listener's middleware: the names in `x-test-client-certificate`
/// become the request's verified client certificate.
struct TestClientCertificate: RouterMiddleware {
    typealias Context = GatewayRequestContext
    static let header = HTTPField.Name("x-test-client-certificate")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let names = request.headers[Self.header] else { return try await next(request, context) }
        var context = context
        context.clientCertificate = ClientCertificateName(names: names.split(separator: ",").map(String.init))
        return try await next(request, context)
    }
}

struct TransportHarness {
    let client: any TestClientProtocol
    let key: String
    let audit: RecordingAuditSink
    let hub: NotificationHub
    let provider: DirectoryProvider
    /// The demo upstream's calls in flight.
    let upstreamCalls: CallBook

    static let modernMeta: JSONObject = [
        "io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": [:],
        "io.modelcontextprotocol/clientInfo": ["name": "test", "version": "0"],
    ]

    /// Runs `body` against a gateway whose `demo` server is the live demo upstream and whose `down`
    /// server points at a closed port. The application `ci-agent` may use both.
    /// - Parameter misbehaving: also register `junk` (answers garbage) and `slow` (answers only
    ///   once `body` is done) on a second live upstream; they are not discovered.
    static func run(
        configuration: GatewayConfiguration = GatewayConfiguration(), misbehaving: Bool = false, _ body: @Sendable (TransportHarness) async throws -> Void
    ) async throws {
        let bad = Router()
        let over = Mutex(false)
        bad.post("/junk/mcp") { _, _ in Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "garbage"))) }
        bad.post("/slow/mcp") { _, _ -> Response in
            // Silent for as long as the test needs, and no longer (shutdown waits for this answer).
            while !over.withLock({ $0 }) {
                do { try await Task.sleep(for: .milliseconds(20)) } catch { break }
            }
            return Response(status: .ok)
        }
        try await Application(router: bad).test(.live) { badClient in
            defer { over.withLock { $0 = true } }
            try await runWithDemo(configuration: configuration, misbehavingPort: misbehaving ? badClient.port! : nil, body)
        }
    }

    private static func runWithDemo(
        configuration: GatewayConfiguration, misbehavingPort: Int?, _ body: @Sendable (TransportHarness) async throws -> Void
    ) async throws {
        let demoServer = DemoHTTPServer(host: "127.0.0.1", port: 0)
        let upstream = demoServer.makeApplication()
        try await upstream.test(.live) { upstreamClient in
            let port = upstreamClient.port!
            let http = UpstreamPool.makeHTTPClient(configuration.upstream)
            let key = APIKey.generate()
            let demo = DirectoryServer(
                slug: "demo", name: "io.gatehouse/demo", upstream: .http(url: "http://127.0.0.1:\(port)/mcp", headers: [:]),
                enablement: ToolEnablement(all: true, disabled: ["current_time"]))
            let down = DirectoryServer(
                slug: "down", name: "com.example/down", upstream: .http(url: "http://127.0.0.1:1/mcp", headers: [:]), enablement: ToolEnablement(all: true))
            var servers = [demo, down]
            var grants: [String: Set<String>?] = ["demo": nil, "down": nil]
            if let bad = misbehavingPort {
                let tool = CatalogEntry(name: "x", definition: ["name": "x", "inputSchema": ["type": "object"]], hash: "h")
                for slug in ["junk", "slow"] {
                    servers.append(
                        DirectoryServer(
                            slug: slug, name: "com.example/\(slug)", upstream: .http(url: "http://127.0.0.1:\(bad)/\(slug)/mcp", headers: [:]),
                            tools: [tool], enablement: ToolEnablement(all: true)))
                    grants[slug] = .some(nil)
                }
            }
            let provider = DirectoryProvider(
                GatewayDirectory(
                    generation: 1, servers: servers, callers: [DirectoryCaller(application: "ci-agent", keyID: "k1", keyHash: APIKey.hash(key))],
                    grants: ["ci-agent": ApplicationGrants(servers: grants)]))
            let logger = Logger(label: "test")
            let pool = UpstreamPool(
                client: http, options: .init(http: .init(requestTimeout: configuration.upstream.requestTimeout)), logger: logger)
            await CatalogRefresher(pool: pool, sink: DirectorySink(provider: provider), logger: logger).refresh([demo, down])
            let audit = RecordingAuditSink()
            let dispatcher = GatewayDispatcher(pool: pool)
            let pipeline = GatewayPipeline(
                stages: [AuditStage(sink: audit), IdentifyStage(), RouteStage(pageSize: configuration.listPageSize), AuthorizeStage()],
                terminal: { call, context in try await dispatcher.dispatch(call, context: context) })
            let hub = NotificationHub()
            let announcer = ListChangeAnnouncer(hub: hub)
            provider.observe { old, new in announcer.announce(from: old, to: new) }
            let transport = MCPHTTPTransport(
                pipeline: pipeline, directory: provider, codec: SessionCodec(key: SymmetricKey(size: .bits256)),
                sessions: SessionRegistry(lifetime: configuration.sessions.lifetime), hub: hub, configuration: configuration, audit: audit)
            let router = Router(context: GatewayRequestContext.self)
            router.add(middleware: TestClientCertificate())
            transport.register(on: router)
            let app = Application(router: router)
            do {
                try await app.test(.router) { client in
                    try await body(TransportHarness(client: client, key: key, audit: audit, hub: hub, provider: provider, upstreamCalls: demoServer.calls))
                }
            } catch {
                await pool.shutdown()
                try await http.shutdown()
                throw error
            }
            await pool.shutdown()
            try await http.shutdown()
        }
    }

    // MARK: - Requests

    struct Reply {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: [UInt8]
        /// The JSON-RPC messages in the body (one for JSON, each event's for SSE).
        var messages: [JSONValue] {
            if headers[.contentType]?.hasPrefix("text/event-stream") == true {
                var d = ServerSentEventDecoder()
                return ((try? d.feed(body)) ?? []).compactMap { try? JSONParser.parse($0.data) }
            }
            return (try? JSONParser.parse(body)).map { [$0] } ?? []
        }
        var last: JSONValue { messages.last ?? .null }
    }

    func post(
        _ path: String = "/mcp", body: String, headers extra: HTTPFields = [:], key: String?? = .none
    ) async throws -> Reply {
        var headers: HTTPFields = [.contentType: "application/json", .accept: "application/json, text/event-stream"]
        let token = key ?? self.key
        if let token { headers[.authorization] = "Bearer \(token)" }
        for f in extra { headers[f.name] = f.value }
        return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body)) { r in
            Reply(status: r.status, headers: r.headers, body: Array(buffer: r.body))
        }
    }

    /// A 2026-07-28 request with the right `_meta` and headers.
    func modern(
        _ method: String, _ params: JSONObject = [:], id: Int = 1, path: String = "/mcp", extraHeaders: HTTPFields = [:], key: String?? = .none
    ) async throws -> Reply {
        var p = params
        p["_meta"] = .object(Self.modernMeta.merging(p["_meta"]?.objectValue ?? [:]))
        var headers: HTTPFields = [.init("MCP-Protocol-Version")!: "2026-07-28", .init("Mcp-Method")!: method]
        if let key = MCPMethod.nameParameter(of: method), let name = params[key]?.stringValue { headers[.init("Mcp-Name")!] = name }
        for f in extraHeaders { headers[f.name] = f.value }
        let body = JSONRPCMessage.request(JSONRPCRequest(id: .int(Int64(id)), method: method, params: p)).json.jsonString()
        return try await post(path, body: body, headers: headers, key: key)
    }

    /// A legacy request on `session` (or an initialize when `session` is nil and method is initialize).
    func legacy(_ method: String, _ params: JSONObject? = nil, session: String?, id: Int = 1, path: String = "/mcp", key: String?? = .none) async throws -> Reply {
        var headers: HTTPFields = [:]
        if let session {
            headers[.init("Mcp-Session-Id")!] = session
            headers[.init("MCP-Protocol-Version")!] = "2025-11-25"
        }
        let body = JSONRPCMessage.request(JSONRPCRequest(id: .int(Int64(id)), method: method, params: params)).json.jsonString()
        return try await post(path, body: body, headers: headers, key: key)
    }

    /// Initializes a legacy session and returns its id.
    func initialize(path: String = "/mcp", capabilities: JSONObject = [:]) async throws -> String {
        let r = try await legacy(
            "initialize", ["protocolVersion": "2025-11-25", "capabilities": .object(capabilities), "clientInfo": ["name": "t", "version": "0"]],
            session: nil, path: path)
        return r.headers[.init("Mcp-Session-Id")!] ?? ""
    }
}

extension JSONObject {
    func merging(_ other: JSONObject) -> JSONObject {
        var o = self
        for (k, v) in other { o[k] = v }
        return o
    }
}
