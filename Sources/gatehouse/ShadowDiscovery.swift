// Finding MCP endpoints on hosts and ports: for each candidate URL, the gateway's own HTTP
// connector tries the 2026-07-28 `server/discover` probe and falls back to the legacy `initialize`
// handshake (Streamable HTTP of either era), then asks `tools/list`; failing that, a `GET` that
// answers with an `endpoint` event is a legacy HTTP+SSE server, which is then initialized over
// its message endpoint. Ports that refuse connections are skipped after the first try.
import AsyncHTTPClient
import Foundation
import Gateway
import JSONSchema
import MCPCore
import NIOCore

/// One MCP endpoint that answered.
struct FoundEndpoint: Encodable, Sendable {
    var url: String
    /// `streamable-http` or `http+sse`.
    var transport: String
    var protocolVersion: String?
    var serverName: String?
    var serverVersion: String?
    /// `nil` when listing tools failed.
    var tools: Int?
    /// The registry server whose upstream this is, if any.
    var registeredAs: String?
    var auditCalls: Int?
    var auditLast: Date?

    enum CodingKeys: String, CodingKey {
        case url, transport, tools
        case protocolVersion = "protocol_version"
        case serverName = "server_name"
        case serverVersion = "server_version"
        case registeredAs = "registered_as"
        case auditCalls = "audit_calls"
        case auditLast = "audit_last"
    }
}

struct ShadowDiscovery: Sendable {
    let client: HTTPClient
    let timeout: Duration
    let paths: [String]

    /// Probes every (host, port, path), at most `concurrency` ports at a time.
    func probe(hosts: [String], ports: [Int], concurrency: Int) async -> [FoundEndpoint] {
        let candidates = hosts.flatMap { host in ports.map { (host, $0) } }
        var found: [FoundEndpoint] = []
        await withTaskGroup(of: [FoundEndpoint].self) { group in
            var next = 0
            func schedule() {
                guard next < candidates.count else { return }
                let (host, port) = candidates[next]
                next += 1
                group.addTask { await probe(host: host, port: port) }
            }
            for _ in 0..<max(1, concurrency) { schedule() }
            for await result in group {
                found += result
                schedule()
            }
        }
        return found.sorted { $0.url < $1.url }
    }

    /// Every path of one port.
    func probe(host: String, port: Int) async -> [FoundEndpoint] {
        let authority = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        var found: [FoundEndpoint] = []
        for path in paths {
            let url = "http://\(authority)\(path)"
            switch await streamable(url) {
            case .found(let endpoint):
                found.append(endpoint)
                continue
            case .closedPort:
                return found
            case .notMCP:
                break
            }
            if let endpoint = await legacySSE(url) { found.append(endpoint) }
        }
        return found
    }

    enum Outcome { case found(FoundEndpoint), notMCP, closedPort }

    /// Streamable HTTP of either era, through the gateway's connector.
    func streamable(_ url: String) async -> Outcome {
        let connection = HTTPUpstreamConnection(
            server: "discover", url: url, client: client, options: .init(requestTimeout: timeout, maxResponseBytes: 8 << 20), logger: UpstreamSession.quiet)
        defer { Task { await connection.close() } }
        let handshake: UpstreamHandshake
        do {
            handshake = try await connection.handshake()
        } catch {
            if error.code == .upstreamUnavailable || error.code == .upstreamTimeout, error.message.contains("refused") || error.code == .upstreamTimeout {
                return .closedPort
            }
            return .notMCP
        }
        var endpoint = FoundEndpoint(
            url: url, transport: "streamable-http", protocolVersion: handshake.protocolVersion.rawValue,
            serverName: handshake.serverInfo?["name"]?.stringValue, serverVersion: handshake.serverInfo?["version"]?.stringValue)
        if handshake.capabilities["tools"] != nil,
            let response = try? await connection.send(UpstreamRequest(method: MCPMethod.toolsList), interim: { _ in }),
            let result = try? response.result(server: "discover")
        {
            endpoint.tools = result["tools"]?.arrayValue?.count
        } else if handshake.capabilities["tools"] == nil {
            endpoint.tools = 0
        }
        return .found(endpoint)
    }

    /// Legacy HTTP+SSE (2024-11-05): GET opens a stream whose first event names the message
    /// endpoint; requests are POSTed there and answered on the stream.
    func legacySSE(_ url: String) async -> FoundEndpoint? {
        try? await withDeadline(timeout) {
            var request = HTTPClientRequest(url: url)
            request.method = .GET
            request.headers.add(name: "Accept", value: "text/event-stream")
            let response = try await client.execute(request, timeout: .nanoseconds(timeout.nanoseconds))
            guard response.status == .ok, response.headers.first(name: "content-type")?.hasPrefixIgnoringASCIICase("text/event-stream") == true else {
                return nil
            }
            var events = EventReader(body: response.body)
            guard let endpointEvent = try await events.next(where: { $0.event == "endpoint" }) else { return nil }
            let target = Self.resolve(String(decoding: endpointEvent.data, as: UTF8.self), against: url)
            var found = FoundEndpoint(url: url, transport: "http+sse")
            let initialize = JSONRPCMessage.request(
                JSONRPCRequest(id: .int(1), method: MCPMethod.initialize, params: UpstreamWire.initializeRequest().params)).serialized()
            try await post(initialize, to: target)
            guard let answer = try await events.response(id: 1), let result = answer["result"]?.objectValue else { return found }
            found.protocolVersion = result["protocolVersion"]?.stringValue
            found.serverName = result["serverInfo"]?["name"]?.stringValue
            found.serverVersion = result["serverInfo"]?["version"]?.stringValue
            try await post(JSONRPCMessage.notification(JSONRPCNotification(method: MCPMethod.initialized)).serialized(), to: target)
            if result["capabilities"]?["tools"] != nil {
                try await post(JSONRPCMessage.request(JSONRPCRequest(id: .int(2), method: MCPMethod.toolsList)).serialized(), to: target)
                found.tools = try await events.response(id: 2)?["result"]?["tools"]?.arrayValue?.count
            } else {
                found.tools = 0
            }
            return found
        } ?? nil
    }

    private func post(_ body: [UInt8], to url: String) async throws {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await client.execute(request, timeout: .nanoseconds(timeout.nanoseconds))
        _ = try? await response.body.collect(upTo: 1 << 16)
    }

    /// The endpoint event's URI, made absolute against the stream's URL.
    static func resolve(_ reference: String, against base: String) -> String {
        let trimmed = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.contains("://") { return trimmed }
        guard let url = URL(string: trimmed, relativeTo: URL(string: base)) else { return trimmed }
        return url.absoluteString
    }

    /// Reads server-sent events from a response body.
    struct EventReader {
        var iterator: HTTPClientResponse.Body.AsyncIterator
        var decoder = ServerSentEventDecoder(maxEventBytes: 8 << 20)
        var pending: [ServerSentEvent] = []

        init(body: HTTPClientResponse.Body) { iterator = body.makeAsyncIterator() }

        mutating func next(where accept: (ServerSentEvent) -> Bool) async throws -> ServerSentEvent? {
            while true {
                while !pending.isEmpty {
                    let event = pending.removeFirst()
                    if accept(event) { return event }
                }
                guard let chunk = try await iterator.next() else { return nil }
                pending += try decoder.feed(chunk.readableBytesView)
            }
        }

        /// The JSON-RPC response with `id`, from `message` events.
        mutating func response(id: Int64) async throws -> JSONValue? {
            let event = try await next { e in
                guard e.event == nil || e.event == "message", let v = try? JSONParser.parse(e.data) else { return false }
                return v["id"] == .int(id)
            }
            return event.flatMap { try? JSONParser.parse($0.data) }
        }
    }
}

/// Runs `body`, cancelling it after `limit`; `nil` when it ran out of time.
func withDeadline<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T? {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        let first = try await group.next() ?? nil
        group.cancelAll()
        return first
    }
}

/// `--hosts` and `--ports` lists.
enum ScanTargets {
    /// Hosts, IPv4 addresses and IPv4 CIDR blocks, comma-separated; at most `limit` hosts.
    static func hosts(_ text: String, limit: Int = 4096) throws -> [String] {
        var result: [String] = []
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            if let slash = part.firstIndex(of: "/") {
                let base = String(part[..<slash])
                guard let bits = Int(part[part.index(after: slash)...]), (16...32).contains(bits), let address = ipv4(base) else {
                    throw CommandLineError("--hosts: \"\(part)\" is not an IPv4 block from /16 to /32, such as 10.0.0.0/24.")
                }
                let size = 1 << (32 - bits)
                let first = address & ~UInt32(size - 1)
                for i in 0..<size { result.append(dotted(first + UInt32(i))) }
            } else {
                result.append(part)
            }
            guard result.count <= limit else { throw CommandLineError("--hosts names more than \(limit) hosts; narrow the blocks.") }
        }
        guard !result.isEmpty else { throw CommandLineError("--hosts is empty; name hosts such as 127.0.0.1 or 10.0.0.0/28.") }
        return result
    }

    /// Ports and ranges, comma-separated: `8000-8100,9100`.
    static func ports(_ text: String, limit: Int = 65_536) throws -> [Int] {
        var result: [Int] = []
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            let bounds = part.split(separator: "-").map { Int($0) }
            guard (1...2).contains(bounds.count), bounds.allSatisfy({ $0 != nil && (1...65535).contains($0!) }), bounds.first!! <= bounds.last!!
            else {
                throw CommandLineError("--ports: \"\(part)\" is not a port or range from 1 to 65535, such as 8080 or 8000-8100.")
            }
            result += Array(bounds.first!!...bounds.last!!)
            guard result.count <= limit else { throw CommandLineError("--ports names more than \(limit) ports.") }
        }
        guard !result.isEmpty else { throw CommandLineError("--ports is empty; name ports such as 8080 or 8000-8100.") }
        return result
    }

    static func ipv4(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".").compactMap { UInt32($0) }
        guard parts.count == 4, parts.allSatisfy({ $0 < 256 }) else { return nil }
        return parts.reduce(0) { $0 << 8 | $1 }
    }

    static func dotted(_ a: UInt32) -> String { "\(a >> 24).\(a >> 16 & 255).\(a >> 8 & 255).\(a & 255)" }
}

/// URLs compared the way the registry and the network see them: lowercase scheme and host,
/// `localhost` as 127.0.0.1, default ports, no trailing slash.
enum EndpointKey {
    static func normalized(_ url: String) -> String? {
        guard var components = URLComponents(string: url), let scheme = components.scheme?.lowercased(), var host = components.host?.lowercased() else {
            return nil
        }
        if host == "localhost" { host = "127.0.0.1" }
        if host == "::1" { host = "[::1]" } else if host.contains(":") { host = "[\(host)]" }
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        var path = components.percentEncodedPath
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        if path.isEmpty { path = "/" }
        components.query = nil
        return "\(scheme)://\(host):\(port)\(path)"
    }
}
