// Methods the gateway answers itself: the handshake (`initialize`, `server/discover`), `ping`,
// and `logging/setLevel`. What Gatehouse declares is the same for every endpoint: the gateway
// relays list changes and completions for whatever servers sit behind it.
import JSONSchema
import MCPCore

/// Gateway-local method answers.
package enum GatewayMethods {
    /// What Gatehouse offers as an MCP server.
    package static let capabilities: JSONObject = [
        "tools": ["listChanged": true],
        "prompts": ["listChanged": true],
        "resources": ["listChanged": true],
        "completions": [:],
        "logging": [:],
    ]

    package static func serverInfo(for endpoint: Endpoint, directory: GatewayDirectory) -> JSONObject {
        switch endpoint {
        case .merged:
            return ["name": "gatehouse", "title": "Gatehouse MCP gateway", "version": .string(GatehouseVersion.current)]
        case .server(let slug):
            let server = directory.servers[slug]
            return [
                "name": .string("gatehouse/\(slug)"), "title": .string(server?.title ?? server?.name ?? slug),
                "version": .string(GatehouseVersion.current),
            ]
        }
    }

    package static func instructions(for endpoint: Endpoint, directory: GatewayDirectory) -> String {
        switch endpoint {
        case .merged:
            return "Tools, prompts and resources of several MCP servers behind the Gatehouse gateway. "
                + "Names read <server>__<name>; resource URIs read <server>+<uri>."
        case .server(let slug):
            let server = directory.servers[slug]
            return server?.description ?? "The MCP server \"\(server?.name ?? slug)\" behind the Gatehouse gateway."
        }
    }

    /// What a `subscriptions/listen` filter asks for that the gateway offers (list changes;
    /// resource subscriptions are not offered).
    package static func subscriptionInterest(_ filter: JSONObject?) -> NotificationHub.Interest {
        var interest: NotificationHub.Interest = []
        if filter?["toolsListChanged"] == true { interest.insert(.tools) }
        if filter?["promptsListChanged"] == true { interest.insert(.prompts) }
        if filter?["resourcesListChanged"] == true { interest.insert(.resources) }
        return interest
    }

    /// The agreed filter, as echoed in `notifications/subscriptions/acknowledged`.
    package static func acknowledgedFilter(_ interest: NotificationHub.Interest) -> JSONObject {
        var o = JSONObject()
        if interest.contains(.tools) { o["toolsListChanged"] = true }
        if interest.contains(.prompts) { o["promptsListChanged"] = true }
        if interest.contains(.resources) { o["resourcesListChanged"] = true }
        return o
    }

    /// The result of a gateway-local method.
    package static func answer(_ request: JSONRPCRequest, context: CallContext) throws(GatewayError) -> JSONValue {
        switch request.method {
        case MCPMethod.initialize:
            return [
                "protocolVersion": .string(context.protocolVersion.rawValue),
                "capabilities": .object(capabilities),
                "serverInfo": .object(serverInfo(for: context.endpoint, directory: context.directory)),
                "instructions": .string(instructions(for: context.endpoint, directory: context.directory)),
            ]
        case MCPMethod.discover:
            return [
                "supportedVersions": .array(ProtocolVersion.all.map { .string($0.rawValue) }),
                "capabilities": .object(capabilities),
                "instructions": .string(instructions(for: context.endpoint, directory: context.directory)),
                "_meta": [MCPMetaKey.serverInfo: .object(serverInfo(for: context.endpoint, directory: context.directory))],
            ]
        case MCPMethod.ping, MCPMethod.loggingSetLevel:
            return [:]
        default:
            throw GatewayError(.methodNotFound, "Method \"\(request.method)\" is not supported.", stage: "dispatch")
        }
    }
}
