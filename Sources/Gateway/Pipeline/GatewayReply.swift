// What comes back up the pipeline: a result the gateway built, a listing still to be filtered
// and named, or an upstream response forwarded as bytes.
import JSONSchema
import MCPCore

/// The answer to a ``GatewayCall``.
package enum GatewayReply: Sendable {
    /// A result built by the gateway; the transport wraps it with the request id.
    case result(JSONValue)
    /// Items gathered from servers for a `*/list` method; stages filter it (authorize) and turn it
    /// into a named, paginated `.result` (route) on the way back.
    case listing(Listing)
    /// An upstream response whose id is already the client's: forwarded as bytes.
    case forwarded(ForwardedResponse)
    /// `subscriptions/listen` was accepted for these kinds of change: the transport keeps a
    /// stream open and delivers them.
    case subscription(NotificationHub.Interest)
}

/// The items of a list method, with where each came from.
package struct Listing: Sendable {
    package var method: String
    package var items: [ListedItem]
    /// Servers that could not be listed (the rest is still served), by slug, with why.
    package var failures: [(server: String, message: String)]

    package init(method: String, items: [ListedItem], failures: [(server: String, message: String)] = []) {
        self.method = method
        self.items = items
        self.failures = failures
    }
}

/// One tool, prompt, resource or resource template, as its upstream defines it.
package struct ListedItem: Sendable {
    package var server: String
    /// The upstream's name (tools, prompts) or URI / URI template (resources).
    package var name: String
    package var definition: JSONObject

    package init(server: String, name: String, definition: JSONObject) {
        self.server = server
        self.name = name
        self.definition = definition
    }
}

/// A complete JSON-RPC response from an upstream.
package struct ForwardedResponse: Sendable {
    /// The message bytes, id already set to the client's.
    package var bytes: [UInt8]
    /// The upstream's JSON-RPC error, when the response is one (for audit).
    package var error: JSONRPCErrorObject?
    /// Where `result` sits in `bytes`, when the response is a result.
    package var resultRange: Range<Int>?

    package init(bytes: [UInt8], error: JSONRPCErrorObject? = nil, resultRange: Range<Int>? = nil) {
        self.bytes = bytes
        self.error = error
        self.resultRange = resultRange
    }
}
