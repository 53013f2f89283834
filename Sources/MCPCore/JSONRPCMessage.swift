// JSON-RPC 2.0 messages as MCP uses them: one object per message (no batches), ids never null.
// Parsing says precisely what is wrong with a malformed message; building gives the exact bytes.
import JSONSchema

/// The error object of a JSON-RPC error response.
package struct JSONRPCErrorObject: Sendable, Equatable, Error {
    package var code: Int
    package var message: String
    package var data: JSONValue?

    package init(code: Int, message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    package init(_ code: JSONRPCErrorCode, _ message: String, data: JSONValue? = nil) {
        self.init(code: code.rawValue, message: message, data: data)
    }

    package var json: JSONValue {
        var o: JSONObject = ["code": .int(Int64(code)), "message": .string(message)]
        if let data { o["data"] = data }
        return .object(o)
    }

    package init?(json: JSONValue) {
        guard let o = json.objectValue, let code = o["code"]?.int64Value, let message = o["message"]?.stringValue else {
            return nil
        }
        self.init(code: Int(code), message: message, data: o["data"])
    }
}

/// A request: has an id and expects a response.
package struct JSONRPCRequest: Sendable, Equatable {
    package var id: JSONRPCID
    package var method: String
    package var params: JSONObject?

    package init(id: JSONRPCID, method: String, params: JSONObject? = nil) {
        self.id = id
        self.method = method
        self.params = params
    }
}

/// A notification: no id, no response.
package struct JSONRPCNotification: Sendable, Equatable {
    package var method: String
    package var params: JSONObject?

    package init(method: String, params: JSONObject? = nil) {
        self.method = method
        self.params = params
    }
}

/// A response: a result or an error for the request with the same id. The id is `nil` only for
/// errors about a message whose id could not be read.
package struct JSONRPCResponse: Sendable, Equatable {
    package enum Outcome: Sendable, Equatable {
        case result(JSONValue)
        case error(JSONRPCErrorObject)
    }

    package var id: JSONRPCID?
    package var outcome: Outcome

    package init(id: JSONRPCID?, result: JSONValue) {
        self.id = id
        self.outcome = .result(result)
    }

    package init(id: JSONRPCID?, error: JSONRPCErrorObject) {
        self.id = id
        self.outcome = .error(error)
    }

    package var result: JSONValue? {
        if case .result(let r) = outcome { return r }
        return nil
    }

    package var error: JSONRPCErrorObject? {
        if case .error(let e) = outcome { return e }
        return nil
    }
}

/// Any JSON-RPC message.
package enum JSONRPCMessage: Sendable, Equatable {
    case request(JSONRPCRequest)
    case notification(JSONRPCNotification)
    case response(JSONRPCResponse)

    /// Why bytes are not a usable JSON-RPC message.
    package struct ParseFailure: Error, Sendable, Equatable {
        /// `parseError` for bad JSON, `invalidRequest` for a bad shape.
        package var code: JSONRPCErrorCode
        package var message: String
        /// The id, when it could be read, so the error response can carry it.
        package var id: JSONRPCID?
    }

    /// Parses one message from UTF-8 bytes.
    /// - Parameter maxDepth: nesting limit handed to the JSON parser.
    package static func parse(_ bytes: some Collection<UInt8>, maxDepth: Int = JSONParser.defaultMaxDepth) throws(ParseFailure)
        -> JSONRPCMessage
    {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes, maxDepth: maxDepth)
        } catch {
            throw ParseFailure(code: .parseError, message: "Invalid JSON: \(error.description).", id: nil)
        }
        return try parse(value)
    }

    /// Interprets a parsed JSON value as a message.
    package static func parse(_ value: JSONValue) throws(ParseFailure) -> JSONRPCMessage {
        guard case .object(let o) = value else {
            if case .array = value {
                throw ParseFailure(
                    code: .invalidRequest,
                    message: "JSON-RPC batches are not supported (removed in MCP 2025-06-18); send one message per request.",
                    id: nil)
            }
            throw ParseFailure(code: .invalidRequest, message: "A JSON-RPC message must be an object; got \(value.typeName).", id: nil)
        }
        let rawID = o["id"]
        var id: JSONRPCID? = nil
        if let rawID, !rawID.isNull {
            guard let parsed = JSONRPCID(json: rawID) else {
                throw ParseFailure(code: .invalidRequest, message: "\"id\" must be a string or an integer; got \(rawID.typeName).", id: nil)
            }
            id = parsed
        }
        guard o["jsonrpc"] == "2.0" else {
            throw ParseFailure(code: .invalidRequest, message: "\"jsonrpc\" must be \"2.0\".", id: id)
        }
        if let methodValue = o["method"] {
            guard case .string(let method) = methodValue else {
                throw ParseFailure(code: .invalidRequest, message: "\"method\" must be a string; got \(methodValue.typeName).", id: id)
            }
            var params: JSONObject? = nil
            if let p = o["params"] {
                guard case .object(let po) = p else {
                    throw ParseFailure(code: .invalidRequest, message: "\"params\" must be an object; got \(p.typeName).", id: id)
                }
                params = po
            }
            if rawID?.isNull == true {
                throw ParseFailure(code: .invalidRequest, message: "\"id\" must not be null.", id: nil)
            }
            if let id { return .request(JSONRPCRequest(id: id, method: method, params: params)) }
            return .notification(JSONRPCNotification(method: method, params: params))
        }
        if let result = o["result"] {
            return .response(JSONRPCResponse(id: id, result: result))
        }
        if let errorValue = o["error"] {
            guard let error = JSONRPCErrorObject(json: errorValue) else {
                throw ParseFailure(code: .invalidRequest, message: "\"error\" must be an object with an integer \"code\" and a string \"message\".", id: id)
            }
            return .response(JSONRPCResponse(id: id, error: error))
        }
        throw ParseFailure(code: .invalidRequest, message: "A JSON-RPC message needs \"method\", \"result\" or \"error\".", id: id)
    }

    /// The message as a JSON value.
    package var json: JSONValue {
        var o: JSONObject = ["jsonrpc": "2.0"]
        switch self {
        case .request(let r):
            o["id"] = r.id.json
            o["method"] = .string(r.method)
            if let p = r.params { o["params"] = .object(p) }
        case .notification(let n):
            o["method"] = .string(n.method)
            if let p = n.params { o["params"] = .object(p) }
        case .response(let r):
            o["id"] = r.id?.json ?? .null
            switch r.outcome {
            case .result(let v): o["result"] = v
            case .error(let e): o["error"] = e.json
            }
        }
        return .object(o)
    }

    /// The message as compact JSON bytes.
    package func serialized() -> [UInt8] { json.serialized() }
}

extension JSONRPCRequest {
    /// `params.name` (tools/call, prompts/get) or `params.uri` (resources/read): the target the
    /// 2026-07-28 `Mcp-Name` header repeats.
    package var targetName: String? {
        guard let key = MCPMethod.nameParameter(of: method) else { return nil }
        return params?[key]?.stringValue
    }

    /// `params._meta`, when present.
    package var meta: JSONObject? { params?["_meta"]?.objectValue }
}
