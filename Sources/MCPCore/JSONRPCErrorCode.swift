// The JSON-RPC and MCP error codes Gatehouse sends and understands, with their standard messages.

/// A JSON-RPC error code.
package struct JSONRPCErrorCode: RawRepresentable, Hashable, Sendable {
    package let rawValue: Int
    package init(rawValue: Int) { self.rawValue = rawValue }

    package static let parseError = Self(rawValue: -32700)
    package static let invalidRequest = Self(rawValue: -32600)
    package static let methodNotFound = Self(rawValue: -32601)
    package static let invalidParams = Self(rawValue: -32602)
    package static let internalError = Self(rawValue: -32603)
    /// 2026-07-28: an `Mcp-Method`/`Mcp-Name` header is missing or disagrees with the body.
    package static let headerMismatch = Self(rawValue: -32020)
    /// 2026-07-28: the request needs a client capability the client did not declare.
    package static let missingRequiredClientCapability = Self(rawValue: -32021)
    /// 2026-07-28: the requested protocol version is not supported (`data.supported`, `data.requested`).
    package static let unsupportedProtocolVersion = Self(rawValue: -32022)
    /// Legacy revisions: resource not found (2026-07-28 uses invalidParams instead).
    package static let legacyResourceNotFound = Self(rawValue: -32002)
    /// Implementation-defined range: Gatehouse uses it for "request refused by gateway policy"
    /// conditions that have no standard code (rate limited, upstream unavailable).
    package static let gatewayRefused = Self(rawValue: -32001)
    package static let upstreamUnavailable = Self(rawValue: -32003)
    package static let requestTimeout = Self(rawValue: -32004)
    /// The request was cancelled (the code LSP uses; MCP defines none).
    package static let requestCancelled = Self(rawValue: -32800)
}
