// The request travelling the pipeline: the JSON-RPC request as the client sent it, plus the
// transport facts stages may need (credentials, headers of interest).
import MCPCore

/// One client request on its way through the stages.
package struct GatewayCall: Sendable {
    package var request: JSONRPCRequest
    /// The bearer token from `Authorization`, if any (never logged).
    package var bearerToken: String?

    package init(request: JSONRPCRequest, bearerToken: String? = nil) {
        self.request = request
        self.bearerToken = bearerToken
    }

    package var method: String { request.method }
}
