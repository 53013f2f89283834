// Discovery: asks an upstream what it offers (tools and prompts, every page) and hands the
// answer to the registry. Runs at start, when a server entry changes, and when an upstream says
// its lists changed; repeated triggers for one server while a refresh runs coalesce into one more.
import Foundation
import JSONSchema
import Logging
import MCPCore
import Synchronization

/// Where discovery results go (the registry, through the composition root).
package protocol CatalogSink: Sendable {
    func recordDiscovery(_ discovery: Discovery) async
}

/// What one discovery found.
package struct Discovery: Sendable {
    package var server: String
    package var at: Date
    package var handshake: UpstreamHandshake?
    package var tools: [JSONObject]
    package var prompts: [JSONObject]
    /// Resource templates (scanned by Shield; listings still ask the upstream live).
    package var resourceTemplates: [JSONObject] = []
    /// Why discovery failed; the previous catalog then stays.
    package var error: String?

    package init(server: String, at: Date, handshake: UpstreamHandshake? = nil, tools: [JSONObject] = [], prompts: [JSONObject] = [], error: String? = nil) {
        self.server = server
        self.at = at
        self.handshake = handshake
        self.tools = tools
        self.prompts = prompts
        self.error = error
    }
}

/// Refreshes server catalogs.
package final class CatalogRefresher: Sendable {
    let pool: UpstreamPool
    let sink: any CatalogSink
    let logger: Logger
    /// Most items taken from one list (across pages).
    let maxItems: Int

    private enum Run { case running, runningAndDirty }
    private let runs = Mutex<[String: Run]>([:])

    package init(pool: UpstreamPool, sink: any CatalogSink, logger: Logger, maxItems: Int = 5_000) {
        self.pool = pool
        self.sink = sink
        self.logger = logger
        self.maxItems = maxItems
    }

    /// Refreshes `server`'s catalog; if a refresh of it is already running, one more follows it.
    package func refresh(_ server: DirectoryServer) async {
        let start = runs.withLock { r -> Bool in
            switch r[server.slug] {
            case nil:
                r[server.slug] = .running
                return true
            case .running, .runningAndDirty:
                r[server.slug] = .runningAndDirty
                return false
            }
        }
        guard start else { return }
        while true {
            await sink.recordDiscovery(await discover(server))
            let again = runs.withLock { r -> Bool in
                if case .runningAndDirty = r[server.slug] {
                    r[server.slug] = .running
                    return true
                }
                r[server.slug] = nil
                return false
            }
            if !again { return }
        }
    }

    /// Refreshes several servers concurrently.
    package func refresh(_ servers: [DirectoryServer]) async {
        await withTaskGroup(of: Void.self) { group in
            for s in servers { group.addTask { await self.refresh(s) } }
        }
    }

    /// Asks one upstream for its tools and prompts.
    package func discover(_ server: DirectoryServer) async -> Discovery {
        let connection = pool.connection(for: server)
        do {
            let handshake = try await connection.handshake()
            var discovery = Discovery(server: server.slug, at: Date(), handshake: handshake)
            if handshake.capabilities["tools"] != nil {
                discovery.tools = try await list(MCPMethod.toolsList, key: "tools", connection: connection, server: server.slug)
            }
            if handshake.capabilities["prompts"] != nil {
                discovery.prompts = try await list(MCPMethod.promptsList, key: "prompts", connection: connection, server: server.slug)
            }
            if handshake.capabilities["resources"] != nil {
                // Optional: a server without templates may not implement the method.
                discovery.resourceTemplates =
                    (try? await list(MCPMethod.resourcesTemplatesList, key: "resourceTemplates", connection: connection, server: server.slug)) ?? []
            }
            logger.info(
                "Discovered server", metadata: ["gatehouse.server": "\(server.slug)", "gatehouse.tools": "\(discovery.tools.count)", "gatehouse.prompts": "\(discovery.prompts.count)"])
            return discovery
        } catch {
            logger.warning("Discovery failed", metadata: ["gatehouse.server": "\(server.slug)", "error": "\(error.message)"])
            return Discovery(server: server.slug, at: Date(), error: error.message)
        }
    }

    /// Every page of one list method (at most `maxItems` items). Also used by `gatehouse scan`.
    package func list(_ method: String, key: String, connection: any UpstreamConnection, server: String) async throws(GatewayError) -> [JSONObject] {
        var items: [JSONObject] = []
        var cursor: JSONValue? = nil
        var seenCursors = Set<String>()
        repeat {
            var params = JSONObject()
            if let cursor { params["cursor"] = cursor }
            let result = try await connection.send(UpstreamRequest(method: method, params: params), interim: { _ in }).result(server: server)
            for case .object(let o) in result[key]?.arrayValue ?? [] where o["name"]?.stringValue != nil || o["uriTemplate"]?.stringValue != nil {
                items.append(o)
            }
            cursor = result["nextCursor"].flatMap { $0.isNull ? nil : $0 }
            // A cursor seen before would loop forever.
            if let c = cursor?.jsonString(), !seenCursors.insert(c).inserted { break }
        } while cursor != nil && items.count < maxItems
        return Array(items.prefix(maxItems))
    }
}
