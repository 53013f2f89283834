// Method names of both protocol eras, and the `_meta` keys of the 2026-07-28 revision.

/// JSON-RPC method names used by MCP.
package enum MCPMethod {
    package static let initialize = "initialize"
    package static let initialized = "notifications/initialized"
    package static let ping = "ping"
    package static let discover = "server/discover"
    package static let toolsList = "tools/list"
    package static let toolsCall = "tools/call"
    package static let promptsList = "prompts/list"
    package static let promptsGet = "prompts/get"
    package static let resourcesList = "resources/list"
    package static let resourcesTemplatesList = "resources/templates/list"
    package static let resourcesRead = "resources/read"
    package static let resourcesSubscribe = "resources/subscribe"
    package static let resourcesUnsubscribe = "resources/unsubscribe"
    package static let completionComplete = "completion/complete"
    package static let loggingSetLevel = "logging/setLevel"
    package static let subscriptionsListen = "subscriptions/listen"

    package static let cancelled = "notifications/cancelled"
    package static let progress = "notifications/progress"
    package static let message = "notifications/message"
    package static let toolsListChanged = "notifications/tools/list_changed"
    package static let promptsListChanged = "notifications/prompts/list_changed"
    package static let resourcesListChanged = "notifications/resources/list_changed"
    package static let resourceUpdated = "notifications/resources/updated"
    package static let rootsListChanged = "notifications/roots/list_changed"
    package static let subscriptionsAcknowledged = "notifications/subscriptions/acknowledged"

    package static let samplingCreateMessage = "sampling/createMessage"
    package static let elicitationCreate = "elicitation/create"
    package static let rootsList = "roots/list"

    /// Methods whose `Mcp-Name` header (2026-07-28) carries `params.name` or `params.uri`.
    package static func nameParameter(of method: String) -> String? {
        switch method {
        case toolsCall, promptsGet: "name"
        case resourcesRead: "uri"
        default: nil
        }
    }
}

/// Keys of the per-request and per-result `_meta` object introduced by 2026-07-28.
package enum MCPMetaKey {
    package static let protocolVersion = "io.modelcontextprotocol/protocolVersion"
    package static let clientCapabilities = "io.modelcontextprotocol/clientCapabilities"
    package static let clientInfo = "io.modelcontextprotocol/clientInfo"
    package static let logLevel = "io.modelcontextprotocol/logLevel"
    package static let serverInfo = "io.modelcontextprotocol/serverInfo"
    package static let subscriptionId = "io.modelcontextprotocol/subscriptionId"
    package static let progressToken = "progressToken"
}

/// HTTP header names of the Streamable HTTP transport.
package enum MCPHeader {
    package static let sessionID = "Mcp-Session-Id"
    package static let protocolVersion = "MCP-Protocol-Version"
    package static let method = "Mcp-Method"
    package static let name = "Mcp-Name"
    package static let lastEventID = "Last-Event-ID"
}
