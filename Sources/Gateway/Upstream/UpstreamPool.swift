// One connection per upstream server, shared by every call and every client: HTTP connections
// share two long-lived HTTP clients (the lean one for calls to plain-HTTP upstreams, and
// AsyncHTTPClient for https and everything else); each stdio server is one supervised process. A server whose
// upstream settings change gets a fresh connection; removed servers are closed.
import AsyncHTTPClient
import NIOCore
import Logging
import Synchronization

/// Owns the upstream connections.
package final class UpstreamPool: Sendable {
    package struct Options: Sendable {
        package var http: HTTPUpstreamConnection.Options
        package var stdio: StdioUpstreamConnection.Options
        /// Longest wait for a new HTTP connection to be accepted.
        package var connectTimeout: Duration
        /// Most HTTP connections open to one host at a time (further calls wait for one).
        package var maxConnectionsPerHost: Int

        package init(
            http: HTTPUpstreamConnection.Options = .init(), stdio: StdioUpstreamConnection.Options = .init(), connectTimeout: Duration = .seconds(5),
            maxConnectionsPerHost: Int = 64
        ) {
            self.http = http
            self.stdio = stdio
            self.connectTimeout = connectTimeout
            self.maxConnectionsPerHost = maxConnectionsPerHost
        }

        /// The options the gateway's upstream settings ask for.
        package init(_ upstream: GatewayConfiguration.Upstream) {
            self.init(
                http: .init(requestTimeout: upstream.requestTimeout, maxResponseBytes: upstream.maxResponseBytes),
                stdio: .init(requestTimeout: upstream.requestTimeout, probeTimeout: upstream.probeTimeout, maxMessageBytes: upstream.maxResponseBytes),
                connectTimeout: upstream.connectTimeout, maxConnectionsPerHost: upstream.maxConnectionsPerHost)
        }
    }

    private struct Entry {
        var target: UpstreamTarget
        var connection: any UpstreamConnection
    }

    let client: HTTPClient
    /// The hot path's client for plain-HTTP upstreams, on the same event loops as `client`.
    let proxy: ProxyHTTPClient
    let options: Options
    let logger: Logger
    private let entries = Mutex<[String: Entry]>([:])
    private let notificationHandler = Mutex<ServerNotificationHandler?>(nil)

    /// The AsyncHTTPClient for https upstreams and everything off the hot path (listening streams,
    /// answers to server requests, cancellations): a deliberate pool size per host, a connect
    /// timeout, and no silent retrying of refused connections (a down upstream is reported at
    /// once; the caller decides whether to retry). Shut it down after the pool.
    package static func makeHTTPClient(_ upstream: GatewayConfiguration.Upstream) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.timeout.connect = .nanoseconds(upstream.connectTimeout.nanoseconds)
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: upstream.maxConnectionsPerHost)
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    package init(client: HTTPClient, options: Options = Options(), logger: Logger) {
        self.client = client
        self.proxy = ProxyHTTPClient(
            group: client.eventLoopGroup, maxConnectionsPerHost: options.maxConnectionsPerHost, connectTimeout: options.connectTimeout)
        self.options = options
        self.logger = logger
    }

    /// Where notifications sent outside calls go (list_changed → catalog refresh and clients).
    package func onServerNotification(_ handler: @escaping ServerNotificationHandler) {
        notificationHandler.withLock { $0 = handler }
    }

    /// The connection for `server`, created on first use.
    package func connection(for server: DirectoryServer) -> any UpstreamConnection {
        let (connection, replaced) = entries.withLock { e -> (any UpstreamConnection, (any UpstreamConnection)?) in
            if let existing = e[server.slug], existing.target == server.upstream { return (existing.connection, nil) }
            let fresh = makeConnection(server)
            let old = e[server.slug]?.connection
            e[server.slug] = Entry(target: server.upstream, connection: fresh)
            return (fresh, old)
        }
        if let replaced { Task { await replaced.close() } }
        return connection
    }

    /// Closes connections of servers that are gone or whose upstream changed.
    package func retain(only servers: [String: DirectoryServer]) async {
        let stale = entries.withLock { e -> [any UpstreamConnection] in
            var stale: [any UpstreamConnection] = []
            for (slug, entry) in e where servers[slug]?.upstream != entry.target {
                stale.append(entry.connection)
                e[slug] = nil
            }
            return stale
        }
        for c in stale { await c.close() }
    }

    /// Closes everything (stdio process trees are stopped).
    package func shutdown() async {
        let all = entries.withLock { e in
            defer { e = [:] }
            return e.values.map(\.connection)
        }
        await withTaskGroup(of: Void.self) { group in
            for c in all { group.addTask { await c.close() } }
        }
        proxy.shutdown()
    }

    private func makeConnection(_ server: DirectoryServer) -> any UpstreamConnection {
        let handler: ServerNotificationHandler = { [weak self] slug, note in
            self?.notificationHandler.withLock { $0 }?(slug, note)
        }
        var logger = self.logger
        logger[metadataKey: "gatehouse.server"] = "\(server.slug)"
        switch server.upstream {
        case .http(let url, let headers):
            return HTTPUpstreamConnection(
                server: server.slug, url: url, headers: headers, client: client, proxy: proxy, options: options.http, logger: logger, onNotification: handler)
        case .stdio(let command):
            return StdioUpstreamConnection(server: server.slug, command: command, options: options.stdio, logger: logger, onNotification: handler)
        }
    }
}
