// Route stage: decides where a call goes, and names and pages listings on the way back.
// Reads: the request, the endpoint, the directory. Writes: `context.route`, trace.server/target.
// Throws: `.methodNotFound`, `.unknownServer`, `.unknownTool`, `.unknownPrompt`,
// `.unknownResource`, `.invalidParams` (bad cursor or ref). Touches the reply: turns a
// `.listing` into a `.result` with exposed names and a page of items.
import Foundation
import JSONSchema
import MCPCore

/// Maps exposed names to servers and back (see ``MergedNames`` for the merged namespace rule).
package struct RouteStage: GatewayStage {
    /// Items per page of a list result.
    let pageSize: Int

    package init(pageSize: Int = 200) {
        self.pageSize = max(1, pageSize)
    }

    package func handle(_ call: GatewayCall, context: CallContext, next: NextStage) async throws -> GatewayReply {
        var context = context
        let route = try route(call.request, endpoint: context.endpoint, directory: context.directory)
        context.route = route
        if case .target(let t) = route {
            context.trace.record {
                $0.server = t.server.slug
                $0.target = t.upstreamName
                $0.upstream = t.server.upstream.auditDescription
            }
        } else if case .listing = route, case .server(let slug) = context.endpoint {
            context.trace.record { $0.server = slug }
        }
        let offset = try Self.pageOffset(call.request.params?["cursor"])
        let reply = try await next(call, context)
        guard case .listing(let listing) = reply else { return reply }
        return .result(page(of: listing, endpoint: context.endpoint, directory: context.directory, offset: offset))
    }

    // MARK: - Routing decision (pure)

    /// Where `request` goes.
    package func route(_ request: JSONRPCRequest, endpoint: Endpoint, directory: GatewayDirectory) throws(GatewayError) -> Route {
        if case .server(let slug) = endpoint, directory.servers[slug] == nil {
            throw GatewayError(.unknownServer, "Unknown server \"\(slug)\": no server with this slug is registered.", stage: "route")
        }
        switch request.method {
        case MCPMethod.initialize, MCPMethod.ping, MCPMethod.discover, MCPMethod.loggingSetLevel, MCPMethod.subscriptionsListen:
            return .gateway
        case MCPMethod.toolsList, MCPMethod.promptsList, MCPMethod.resourcesList, MCPMethod.resourcesTemplatesList:
            switch endpoint {
            case .merged: return .listing(directory.serverOrder.filter { directory.servers[$0]?.acceptsCalls == true })
            case .server(let slug): return .listing([slug])
            }
        case MCPMethod.toolsCall:
            return .target(try tool(named: try stringParam(request, "name"), endpoint: endpoint, directory: directory))
        case MCPMethod.promptsGet:
            return .target(try prompt(named: try stringParam(request, "name"), endpoint: endpoint, directory: directory, kind: .prompt))
        case MCPMethod.resourcesRead, MCPMethod.resourcesSubscribe, MCPMethod.resourcesUnsubscribe:
            return .target(try resource(try stringParam(request, "uri"), endpoint: endpoint, directory: directory, kind: .resource))
        case MCPMethod.completionComplete:
            guard let ref = request.params?["ref"]?.objectValue, let type = ref["type"]?.stringValue else {
                throw GatewayError(.invalidParams, "completion/complete needs params.ref with a \"type\".", stage: "route")
            }
            switch type {
            case "ref/prompt":
                guard let name = ref["name"]?.stringValue else {
                    throw GatewayError(.invalidParams, "params.ref.name must be a string for ref/prompt.", stage: "route")
                }
                return .target(try prompt(named: name, endpoint: endpoint, directory: directory, kind: .completion))
            case "ref/resource":
                guard let uri = ref["uri"]?.stringValue else {
                    throw GatewayError(.invalidParams, "params.ref.uri must be a string for ref/resource.", stage: "route")
                }
                return .target(try resource(uri, endpoint: endpoint, directory: directory, kind: .completion))
            default:
                throw GatewayError(.invalidParams, "Unknown completion reference type \"\(type)\"; use ref/prompt or ref/resource.", stage: "route")
            }
        default:
            throw GatewayError(.methodNotFound, "Method \"\(request.method)\" is not supported.", stage: "route")
        }
    }

    private func stringParam(_ request: JSONRPCRequest, _ key: String) throws(GatewayError) -> String {
        guard let value = request.params?[key]?.stringValue else {
            throw GatewayError(.invalidParams, "\(request.method) needs a string params.\(key).", stage: "route")
        }
        return value
    }

    private func tool(named exposed: String, endpoint: Endpoint, directory: GatewayDirectory) throws(GatewayError) -> Target {
        let unknown = GatewayError(.unknownTool, "Unknown tool \"\(exposed)\".", stage: "route")
        switch endpoint {
        case .merged:
            guard let key = directory.mergedTools.resolve(exposed), let server = directory.servers[key.server] else { throw unknown }
            return Target(kind: .tool, server: server, upstreamName: key.name, exposedName: exposed)
        case .server(let slug):
            guard let server = directory.servers[slug], server.tool(named: exposed) != nil else { throw unknown }
            return Target(kind: .tool, server: server, upstreamName: exposed, exposedName: exposed)
        }
    }

    private func prompt(named exposed: String, endpoint: Endpoint, directory: GatewayDirectory, kind: Target.Kind) throws(GatewayError)
        -> Target
    {
        let unknown = GatewayError(.unknownPrompt, "Unknown prompt \"\(exposed)\".", stage: "route")
        switch endpoint {
        case .merged:
            guard let key = directory.mergedPrompts.resolve(exposed), let server = directory.servers[key.server] else { throw unknown }
            return Target(kind: kind, server: server, upstreamName: key.name, exposedName: exposed)
        case .server(let slug):
            guard let server = directory.servers[slug], server.prompt(named: exposed) != nil else { throw unknown }
            return Target(kind: kind, server: server, upstreamName: exposed, exposedName: exposed)
        }
    }

    private func resource(_ exposed: String, endpoint: Endpoint, directory: GatewayDirectory, kind: Target.Kind) throws(GatewayError)
        -> Target
    {
        switch endpoint {
        case .merged:
            guard let (slug, uri) = MergedNames.splitURI(exposed), let server = directory.servers[slug] else {
                throw GatewayError(
                    .unknownResource, "Unknown resource \"\(exposed)\": merged resource URIs read \"<server>+<uri>\".", stage: "route")
            }
            return Target(kind: kind, server: server, upstreamName: uri, exposedName: exposed)
        case .server(let slug):
            return Target(kind: kind, server: directory.servers[slug]!, upstreamName: exposed, exposedName: exposed)
        }
    }

    // MARK: - Naming and paging (pure)

    /// The page of `listing` starting at `offset`, with exposed names for the endpoint.
    package func page(of listing: Listing, endpoint: Endpoint, directory: GatewayDirectory, offset: Int) -> JSONValue {
        let end = min(listing.items.count, offset + pageSize)
        let slice = offset < end ? listing.items[offset..<end] : []
        let key: String
        switch listing.method {
        case MCPMethod.toolsList: key = "tools"
        case MCPMethod.promptsList: key = "prompts"
        case MCPMethod.resourcesList: key = "resources"
        default: key = "resourceTemplates"
        }
        let items: [JSONValue] = slice.map { item in
            guard case .merged = endpoint else { return .object(item.definition) }
            return .object(Self.exposed(item, method: listing.method, directory: directory))
        }
        var result: JSONObject = [key: .array(items)]
        if end < listing.items.count { result["nextCursor"] = .string(Self.cursor(forOffset: end)) }
        return .object(result)
    }

    /// An item's definition with merged-namespace names.
    static func exposed(_ item: ListedItem, method: String, directory: GatewayDirectory) -> JSONObject {
        var d = item.definition
        switch method {
        case MCPMethod.toolsList:
            d["name"] = .string(directory.mergedTools.exposedName(server: item.server, name: item.name) ?? MergedNames.candidate(server: item.server, name: item.name))
        case MCPMethod.promptsList:
            d["name"] = .string(directory.mergedPrompts.exposedName(server: item.server, name: item.name) ?? MergedNames.candidate(server: item.server, name: item.name))
        case MCPMethod.resourcesList:
            d["uri"] = .string(MergedNames.exposedURI(server: item.server, uri: item.name))
            if let name = d["name"]?.stringValue { d["name"] = .string(MergedNames.candidate(server: item.server, name: name)) }
        default:
            d["uriTemplate"] = .string(MergedNames.exposedURI(server: item.server, uri: item.name))
            if let name = d["name"]?.stringValue { d["name"] = .string(MergedNames.candidate(server: item.server, name: name)) }
        }
        return d
    }

    static let cursorPrefix = "gh1."

    static func cursor(forOffset offset: Int) -> String {
        cursorPrefix + Data(String(offset).utf8).base64EncodedString()
    }

    /// The offset a cursor stands for (0 without one).
    static func pageOffset(_ cursor: JSONValue?) throws(GatewayError) -> Int {
        guard let cursor, !cursor.isNull else { return 0 }
        guard let s = cursor.stringValue, s.hasPrefix(cursorPrefix), let data = Data(base64Encoded: String(s.dropFirst(cursorPrefix.count))),
            let offset = Int(String(decoding: data, as: UTF8.self)), offset >= 0
        else {
            throw GatewayError(.invalidParams, "Invalid cursor: pass back a nextCursor value exactly as received.", stage: "route")
        }
        return offset
    }
}
