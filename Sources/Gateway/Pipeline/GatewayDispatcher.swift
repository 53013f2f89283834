// The end of the request path: answers gateway-local methods, gathers listings (tools and prompts
// from the discovered catalog, resources live from the upstreams), and forwards routed calls to
// their upstream, relaying progress and server-to-client requests while the call runs.
import JSONSchema
import Logging
import MCPCore

/// The terminal of ``GatewayPipeline``.
package struct GatewayDispatcher: Sendable {
    let pool: UpstreamPool
    /// Most items gathered from one upstream for one live listing (resources), across its pages.
    let maxLiveItemsPerServer: Int

    package init(pool: UpstreamPool, maxLiveItemsPerServer: Int = 10_000) {
        self.pool = pool
        self.maxLiveItemsPerServer = maxLiveItemsPerServer
    }

    package func dispatch(_ call: GatewayCall, context: CallContext) async throws -> GatewayReply {
        switch try context.requireRoute() {
        case .gateway:
            if call.method == MCPMethod.subscriptionsListen {
                return .subscription(GatewayMethods.subscriptionInterest(call.request.params?["notifications"]?.objectValue))
            }
            return .result(try GatewayMethods.answer(call.request, context: context))
        case .listing(let servers):
            return .listing(try await listing(call.method, servers: servers, context: context))
        case .target(let target):
            return .forwarded(try await forward(call.request, to: target, context: context))
        }
    }

    // MARK: - Listings

    private func listing(_ method: String, servers: [String], context: CallContext) async throws(GatewayError) -> Listing {
        let directory = context.directory
        switch method {
        case MCPMethod.toolsList:
            return Listing(
                method: method,
                items: servers.flatMap { slug in
                    (directory.servers[slug]?.tools ?? []).map { ListedItem(server: slug, name: $0.name, definition: $0.definition) }
                })
        case MCPMethod.promptsList:
            return Listing(
                method: method,
                items: servers.flatMap { slug in
                    (directory.servers[slug]?.prompts ?? []).map { ListedItem(server: slug, name: $0.name, definition: $0.definition) }
                })
        default:
            return try await liveListing(method, servers: servers, context: context)
        }
    }

    /// Resources change too often to catalog: they are gathered from every upstream, in
    /// parallel, following each upstream's cursors. One failing upstream does not fail the
    /// merged list (it is logged and reported); on a per-server endpoint its failure is the answer.
    private func liveListing(_ method: String, servers: [String], context: CallContext) async throws(GatewayError) -> Listing {
        let key = method == MCPMethod.resourcesList ? "resources" : "resourceTemplates"
        let nameKey = method == MCPMethod.resourcesList ? "uri" : "uriTemplate"
        let results = await withTaskGroup(of: (Int, Result<[ListedItem], GatewayError>).self) { group in
            for (index, slug) in servers.enumerated() {
                guard let server = context.directory.servers[slug] else { continue }
                group.addTask {
                    do {
                        let connection = pool.connection(for: server)
                        guard try await connection.handshake().capabilities["resources"] != nil else { return (index, .success([])) }
                        var items: [ListedItem] = []
                        var cursor: JSONValue? = nil
                        repeat {
                            var params = JSONObject()
                            if let cursor { params["cursor"] = cursor }
                            let response = try await connection.send(UpstreamRequest(method: method, params: params), interim: { _ in })
                            let result = try response.result(server: slug)
                            for case .object(let o) in result[key]?.arrayValue ?? [] {
                                guard let name = o[nameKey]?.stringValue else { continue }
                                items.append(ListedItem(server: slug, name: name, definition: o))
                            }
                            cursor = result["nextCursor"].flatMap { $0.isNull ? nil : $0 }
                        } while cursor != nil && items.count < maxLiveItemsPerServer
                        return (index, .success(items))
                    } catch let error as GatewayError {
                        return (index, .failure(error))
                    } catch {
                        return (index, .failure(GatewayError(.internalError, "Internal error.", stage: "dispatch", underlying: error)))
                    }
                }
            }
            var collected: [(Int, Result<[ListedItem], GatewayError>)] = []
            for await r in group { collected.append(r) }
            return collected.sorted { $0.0 < $1.0 }
        }
        var listing = Listing(method: method, items: [])
        for (index, result) in results {
            switch result {
            case .success(let items): listing.items += items
            case .failure(let error):
                if case .server = context.endpoint { throw error }
                context.logger.warning("Upstream left out of a merged list", metadata: ["gatehouse.server": "\(servers[index])", "error": "\(error)"])
                listing.failures.append((servers[index], error.message))
            }
        }
        return listing
    }

    // MARK: - Forwarding

    private func forward(_ request: JSONRPCRequest, to target: Target, context: CallContext) async throws(GatewayError) -> ForwardedResponse {
        var params = request.params ?? JSONObject()
        switch (target.kind, request.method) {
        case (.tool, _), (.prompt, _): params["name"] = .string(target.upstreamName)
        case (.resource, _): params["uri"] = .string(target.upstreamName)
        case (.completion, _):
            if var ref = params["ref"]?.objectValue {
                if ref["type"] == "ref/prompt" { ref["name"] = .string(target.upstreamName) } else { ref["uri"] = .string(target.upstreamName) }
                params["ref"] = .object(ref)
            }
        }
        let connection = pool.connection(for: target.server)
        let relay = context.relay
        let clientCapabilities = context.clientCapabilities
        let response = try await connection.send(
            UpstreamRequest(method: request.method, params: params, clientCapabilities: clientCapabilities)
        ) { interim in
            await Self.relay(interim, to: relay, clientCapabilities: clientCapabilities)
        }
        return response.forwarded(as: request.id)
    }

    /// Passes an upstream's mid-call message to the client, or answers it when the client cannot
    /// take it (a server request the client did not declare a capability for).
    static func relay(_ interim: UpstreamInterim, to relay: (any ClientRelay)?, clientCapabilities: JSONObject) async {
        switch interim {
        case .notification(let n):
            await relay?.notify(n)
        case .request(let r, let respond):
            let capability: String? =
                switch r.method {
                case MCPMethod.samplingCreateMessage: "sampling"
                case MCPMethod.elicitationCreate: "elicitation"
                case MCPMethod.rootsList: "roots"
                default: nil
                }
            if r.method == MCPMethod.ping {
                await respond(.result([:]))
                return
            }
            guard let relay, relay.acceptsRequests, let capability, clientCapabilities[capability] != nil else {
                await respond(
                    .error(
                        JSONRPCErrorObject(
                            .methodNotFound, "The client behind Gatehouse does not accept \(r.method) requests on this call.")))
                return
            }
            do {
                let answer = try await relay.request(method: r.method, params: r.params)
                await respond(answer.outcome)
            } catch {
                await respond(.error(JSONRPCErrorObject(.internalError, "The client did not answer \(r.method).")))
            }
        }
    }
}
