// What `gatehouse serve` runs with, resolved once from flag, then `GATEHOUSE_*` environment, then
// the configuration file's `gateway:` section, then named defaults, reporting every problem of the
// file with its line.
import Auth
import Foundation
import Gateway
import Registry
import Yams

/// Resolved settings of one `serve` run.
package struct ServeSettings: Sendable {
    /// Default listening address: loopback only.
    package static let defaultHost = "127.0.0.1"
    package static let defaultPort = 8080
    package static let defaultDataDirectory = "data"

    package var host: String
    package var port: Int
    package var dataDirectory: String
    package var gateway: GatewayConfiguration
    /// `gateway.public_url`: the base URL clients use (the OAuth issuer and resource prefix);
    /// `nil` means `http://<host>:<port>` of the bound listener.
    package var publicURL: String? = nil
    /// `gateway.tls`: the optional mTLS listener.
    package var tls: TLSListenerSettings? = nil
}

/// `serve`'s command-line values (all optional: they override the rest when given).
package struct ServeFlags: Sendable {
    package var host: String?
    package var port: Int?
    package var dataDirectory: String?

    package init(host: String? = nil, port: Int? = nil, dataDirectory: String? = nil) {
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
    }
}

/// The `gateway:` section as written (snake_case keys, every field optional).
struct GatewaySectionFile: Decodable {
    var host: String?
    var port: Int?
    var data: String?
    var listPageSize: Int?
    var keepAlive: String?
    var limits: Limits?
    var sessions: Sessions?
    var origins: Origins?
    var upstream: Upstream?
    var audit: Audit?
    var publicURL: String?
    var tls: TLSListenerFile?

    struct Audit: Decodable {
        var recordArguments: Bool?
        enum CodingKeys: String, CodingKey {
            case recordArguments = "record_arguments"
        }
    }

    struct Limits: Decodable {
        var maxBodyBytes: Int?
        var maxJsonDepth: Int?
        enum CodingKeys: String, CodingKey {
            case maxBodyBytes = "max_body_bytes"
            case maxJsonDepth = "max_json_depth"
        }
    }

    struct Sessions: Decodable {
        var lifetime: String?
    }

    struct Origins: Decodable {
        var allowed: [String]?
        var allowLoopback: Bool?
        enum CodingKeys: String, CodingKey {
            case allowed
            case allowLoopback = "allow_loopback"
        }
    }

    struct Upstream: Decodable {
        var requestTimeout: String?
        var connectTimeout: String?
        var probeTimeout: String?
        var maxResponseBytes: Int?
        var maxConnectionsPerHost: Int?
        var rediscoveryInterval: String?
        var refreshInterval: String?
        enum CodingKeys: String, CodingKey {
            case refreshInterval = "refresh_interval"
            case requestTimeout = "request_timeout"
            case connectTimeout = "connect_timeout"
            case probeTimeout = "probe_timeout"
            case maxResponseBytes = "max_response_bytes"
            case maxConnectionsPerHost = "max_connections_per_host"
            case rediscoveryInterval = "rediscovery_interval"
        }
    }

    enum CodingKeys: String, CodingKey {
        case host, port, data, limits, sessions, origins, upstream, audit, tls
        case publicURL = "public_url"
        case listPageSize = "list_page_size"
        case keepAlive = "keep_alive"
    }
}

extension ServeSettings {
    /// Resolves settings; problems of the `gateway:` section go to `diagnostics`.
    package static func resolve(
        flags: ServeFlags, environment: [String: String], section: Node?, diagnostics: DiagnosticCollector
    ) -> ServeSettings {
        let root = ConfigPath([.key("gateway")])
        let file = section.flatMap { ConfigNodeDecoder.decode(GatewaySectionFile.self, from: $0, at: root, into: diagnostics) }
        var gateway = GatewayConfiguration()

        func positive(_ value: Int?, _ path: ConfigPath, _ name: String) -> Int? {
            guard let value else { return nil }
            guard value > 0 else {
                diagnostics.error("\(path) must be a positive number of \(name); got \(value).", at: path)
                return nil
            }
            return value
        }
        func duration(_ text: String?, _ path: ConfigPath) -> Duration? {
            guard let text else { return nil }
            do {
                return .seconds(Int64(try DurationText.seconds(text)))
            } catch {
                diagnostics.error("\(path): \(error)", at: path)
                return nil
            }
        }

        let limits = root.appending("limits")
        if let v = positive(file?.limits?.maxBodyBytes, limits.appending("max_body_bytes"), "bytes") { gateway.limits.maxBodyBytes = v }
        if let v = positive(file?.limits?.maxJsonDepth, limits.appending("max_json_depth"), "levels") { gateway.limits.maxJSONDepth = v }
        if let v = duration(file?.sessions?.lifetime, root.appending("sessions").appending("lifetime")) { gateway.sessions.lifetime = v }
        if let allowed = file?.origins?.allowed {
            for (i, origin) in allowed.enumerated() where !(origin.hasPrefix("http://") || origin.hasPrefix("https://")) || origin.hasSuffix("/") {
                diagnostics.error(
                    "gateway.origins.allowed[\(i)] is \"\(origin)\"; an origin reads scheme://host[:port] with no path, such as https://studio.example.com.",
                    at: root.appending("origins").appending("allowed").appending(index: i))
            }
            gateway.origins.allowed = allowed
        }
        if let v = file?.origins?.allowLoopback { gateway.origins.allowLoopback = v }
        let upstream = root.appending("upstream")
        if let v = duration(file?.upstream?.requestTimeout, upstream.appending("request_timeout")) { gateway.upstream.requestTimeout = v }
        if let v = duration(file?.upstream?.connectTimeout, upstream.appending("connect_timeout")) { gateway.upstream.connectTimeout = v }
        if let v = duration(file?.upstream?.probeTimeout, upstream.appending("probe_timeout")) { gateway.upstream.probeTimeout = v }
        if let v = positive(file?.upstream?.maxResponseBytes, upstream.appending("max_response_bytes"), "bytes") { gateway.upstream.maxResponseBytes = v }
        if let v = positive(file?.upstream?.maxConnectionsPerHost, upstream.appending("max_connections_per_host"), "connections") {
            gateway.upstream.maxConnectionsPerHost = v
        }
        if let v = duration(file?.upstream?.rediscoveryInterval, upstream.appending("rediscovery_interval")) { gateway.upstream.rediscoveryInterval = v }
        if let v = duration(file?.upstream?.refreshInterval, upstream.appending("refresh_interval")) { gateway.upstream.refreshInterval = v }
        if let v = file?.audit?.recordArguments { gateway.audit.recordArguments = v }
        if let v = positive(file?.listPageSize, root.appending("list_page_size"), "items") { gateway.listPageSize = v }
        if let v = duration(file?.keepAlive, root.appending("keep_alive")) { gateway.keepAliveInterval = v }

        var port = flags.port ?? environment["GATEHOUSE_PORT"].flatMap(Int.init) ?? file?.port ?? defaultPort
        if !(0...65535).contains(port) {
            diagnostics.error("The port must be between 0 and 65535; got \(port).", at: file?.port == port ? root.appending("port") : nil)
            port = defaultPort
        }
        var settings = ServeSettings(
            host: flags.host ?? environment["GATEHOUSE_HOST"] ?? file?.host ?? defaultHost, port: port,
            dataDirectory: flags.dataDirectory ?? environment["GATEHOUSE_DATA"] ?? file?.data ?? defaultDataDirectory, gateway: gateway)
        settings.publicURL = environment["GATEHOUSE_PUBLIC_URL"] ?? file?.publicURL
        if let url = settings.publicURL, let problem = PublicURL.problem(with: url) {
            diagnostics.error("gateway.public_url: \(problem).", at: file?.publicURL == url ? root.appending("public_url") : nil)
        }
        settings.tls = file?.tls.flatMap { TLSListenerSettings.resolve($0, at: root.appending("tls"), diagnostics: diagnostics) }
        return settings
    }
}
