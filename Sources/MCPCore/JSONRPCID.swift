// JSON-RPC ids: a string or an integer, never null (MCP forbids null ids).
import JSONSchema

/// The id of a JSON-RPC request.
package enum JSONRPCID: Hashable, Sendable, CustomStringConvertible {
    case int(Int64)
    case string(String)

    /// Reads an id from JSON; `nil` for anything but a string or an integral number.
    package init?(json: JSONValue) {
        switch json {
        case .string(let s): self = .string(s)
        case .int(let i): self = .int(i)
        case .double:
            guard let i = json.int64Value else { return nil }
            self = .int(i)
        default: return nil
        }
    }

    package var json: JSONValue {
        switch self {
        case .int(let i): .int(i)
        case .string(let s): .string(s)
        }
    }

    package var description: String {
        switch self {
        case .int(let i): String(i)
        case .string(let s): "\"\(s)\""
        }
    }
}
