// The one way end-to-end tests write a 2026-07-28 request by hand: the JSON-RPC body with the
// `_meta` the revision requires in every request, and the headers that repeat its method and name.
import AsyncHTTPClient
import NIOCore

/// A 2026-07-28 request to an MCP endpoint.
struct ModernRequest {
    var id = 1
    let method: String
    /// `params.name` (the tool), repeated in `Mcp-Name`.
    var name: String? = nil
    /// `params.arguments` as JSON text.
    var arguments: String? = nil

    var body: String {
        var params = ""
        if let name { params += #""name":"\#(name)","# }
        if let arguments { params += #""arguments":\#(arguments),"# }
        return
            #"{"jsonrpc":"2.0","id":\#(id),"method":"\#(method)","params":{\#(params)"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}"#
    }

    var headers: [(String, String)] {
        [
            ("Content-Type", "application/json"), ("Accept", "application/json, text/event-stream"), ("MCP-Protocol-Version", "2026-07-28"),
            ("Mcp-Method", method),
        ] + (name.map { [("Mcp-Name", $0)] } ?? [])
    }

    /// A POST of this request to `url`, with `credentials` (an `Authorization` header) first.
    func post(to url: String, credentials: [(String, String)] = []) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in credentials + headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: body))
        return request
    }
}
