// The one error type of the request path: what went wrong (a bounded code), a sentence for the
// client, the stage that refused, and an underlying cause that is logged but never sent.
import JSONSchema
import MCPCore

/// A refusal or failure on the request path.
///
/// `message` is what the client reads: it names the thing and where, and points at the fix.
/// `underlying` is for the log only. `code.reason` is bounded and safe as an audit or metric label.
package struct GatewayError: Error, Sendable, CustomStringConvertible {
    package var code: Code
    package var message: String
    /// The stage (or transport) that raised it, e.g. `identify`, `route`, `upstream`.
    package var stage: String
    /// Extra JSON for the error's `data` member.
    package var data: JSONValue?
    /// When the caller may retry (rate limits).
    package var retryAfterSeconds: Int?
    package var underlying: (any Error)?

    package init(
        _ code: Code, _ message: String, stage: String, data: JSONValue? = nil, retryAfterSeconds: Int? = nil,
        underlying: (any Error)? = nil
    ) {
        self.code = code
        self.message = message
        self.stage = stage
        self.data = data
        self.retryAfterSeconds = retryAfterSeconds
        self.underlying = underlying
    }

    package var description: String { "\(stage): \(code.reason): \(message)" }

    /// The JSON-RPC error object sent to the client.
    package var errorObject: JSONRPCErrorObject {
        var data = self.data
        if data == nil, let retryAfterSeconds { data = ["retryAfterSeconds": .int(Int64(retryAfterSeconds))] }
        return JSONRPCErrorObject(code: code.jsonRPCCode.rawValue, message: message, data: data)
    }

    /// A bounded error kind. New kinds can be added without breaking callers.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case parseError = "parse_error"
            case invalidRequest = "invalid_request"
            case bodyTooLarge = "body_too_large"
            case methodNotFound = "method_not_found"
            case invalidParams = "invalid_params"
            case unsupportedProtocolVersion = "unsupported_protocol_version"
            case headerMismatch = "header_mismatch"
            case missingMeta = "missing_meta"
            case sessionRequired = "session_required"
            case sessionNotFound = "session_not_found"
            case forbiddenOrigin = "forbidden_origin"
            case unauthenticated = "unauthenticated"
            case insufficientScope = "insufficient_scope"
            case unknownServer = "unknown_server"
            case unknownTool = "unknown_tool"
            case unknownPrompt = "unknown_prompt"
            case unknownResource = "unknown_resource"
            case notAllowed = "not_allowed"
            case toolDisabled = "tool_disabled"
            case serverUnavailable = "server_unavailable"
            case serverRetired = "server_retired"
            case unknownVersion = "unknown_version"
            case policyDenied = "policy_denied"
            case argumentsDenied = "arguments_denied"
            case quarantined = "quarantined"
            case rateLimited = "rate_limited"
            case invalidArguments = "invalid_arguments"
            case blockedByGuardrail = "blocked_by_guardrail"
            case guardrailUnavailable = "guardrail_unavailable"
            case upstreamUnavailable = "upstream_unavailable"
            case upstreamTimeout = "upstream_timeout"
            case upstreamProtocolError = "upstream_protocol_error"
            case unsupportedByClient = "unsupported_by_client"
            case cancelled = "cancelled"
            case internalError = "internal_error"
        }
        private let base: Base

        /// Malformed JSON.
        package static let parseError = Code(base: .parseError)
        /// Not a usable JSON-RPC request (bad shape, a batch, a response where none is pending).
        package static let invalidRequest = Code(base: .invalidRequest)
        package static let bodyTooLarge = Code(base: .bodyTooLarge)
        package static let methodNotFound = Code(base: .methodNotFound)
        package static let invalidParams = Code(base: .invalidParams)
        package static let unsupportedProtocolVersion = Code(base: .unsupportedProtocolVersion)
        /// 2026-07-28: `Mcp-Method`/`Mcp-Name`/`MCP-Protocol-Version` disagree with the body.
        package static let headerMismatch = Code(base: .headerMismatch)
        /// 2026-07-28: a request without the required `_meta` fields.
        package static let missingMeta = Code(base: .missingMeta)
        /// A legacy request without `Mcp-Session-Id` (only `initialize` may come without).
        package static let sessionRequired = Code(base: .sessionRequired)
        /// An unknown, expired, terminated or foreign session id.
        package static let sessionNotFound = Code(base: .sessionNotFound)
        package static let forbiddenOrigin = Code(base: .forbiddenOrigin)
        /// No credentials, or credentials that identify nobody.
        package static let unauthenticated = Code(base: .unauthenticated)
        /// A valid access token without a scope the endpoint needs (HTTP 403, step-up).
        package static let insufficientScope = Code(base: .insufficientScope)
        package static let unknownServer = Code(base: .unknownServer)
        package static let unknownTool = Code(base: .unknownTool)
        package static let unknownPrompt = Code(base: .unknownPrompt)
        package static let unknownResource = Code(base: .unknownResource)
        /// The application's allow list does not grant it.
        package static let notAllowed = Code(base: .notAllowed)
        /// The tool exists but is not enabled on its server.
        package static let toolDisabled = Code(base: .toolDisabled)
        /// The server entry refuses calls (revoked).
        package static let serverUnavailable = Code(base: .serverUnavailable)
        /// The server entry's sunset date has passed (HTTP 410 with the migration link).
        package static let serverRetired = Code(base: .serverRetired)
        /// `/servers/{slug}/v{major}/mcp` names a major version no entry has.
        package static let unknownVersion = Code(base: .unknownVersion)
        /// A Cedar policy refuses the target for this caller. The client reads the same message as
        /// for a target that does not exist (the target is hidden from its lists too); the audit
        /// record keeps the policies.
        package static let policyDenied = Code(base: .policyDenied)
        /// A Cedar policy that reads the arguments refuses this particular call.
        package static let argumentsDenied = Code(base: .argumentsDenied)
        /// The tool's or prompt's definition changed upstream since it was approved.
        package static let quarantined = Code(base: .quarantined)
        /// A rate limit refuses the call for now (`retryAfterSeconds` says when to retry).
        package static let rateLimited = Code(base: .rateLimited)
        /// The arguments do not match the tool's input schema, or the schema does not compile.
        package static let invalidArguments = Code(base: .invalidArguments)
        /// Shield (or the external guardrail) refused the arguments or withheld the result.
        package static let blockedByGuardrail = Code(base: .blockedByGuardrail)
        /// The external guardrail failed and its server's hook says fail_closed.
        package static let guardrailUnavailable = Code(base: .guardrailUnavailable)
        package static let upstreamUnavailable = Code(base: .upstreamUnavailable)
        package static let upstreamTimeout = Code(base: .upstreamTimeout)
        /// The upstream answered with something that is not MCP.
        package static let upstreamProtocolError = Code(base: .upstreamProtocolError)
        /// The upstream needs something this client did not declare (e.g. sampling).
        package static let unsupportedByClient = Code(base: .unsupportedByClient)
        package static let cancelled = Code(base: .cancelled)
        package static let internalError = Code(base: .internalError)

        /// snake_case, bounded: safe for audit records, metric labels and `error.data`.
        package var reason: String { base.rawValue }
        package var description: String { reason }

        /// The JSON-RPC error code sent to the client.
        package var jsonRPCCode: JSONRPCErrorCode {
            switch base {
            case .parseError: .parseError
            case .invalidRequest, .bodyTooLarge, .sessionRequired, .sessionNotFound, .forbiddenOrigin: .invalidRequest
            case .methodNotFound: .methodNotFound
            case .invalidParams, .missingMeta, .unknownTool, .unknownPrompt, .unknownResource, .unknownServer, .unknownVersion, .policyDenied,
                .invalidArguments:
                .invalidParams
            case .unsupportedProtocolVersion: .unsupportedProtocolVersion
            case .headerMismatch: .headerMismatch
            case .unauthenticated, .insufficientScope, .notAllowed, .toolDisabled, .serverUnavailable, .serverRetired, .argumentsDenied, .quarantined,
                .rateLimited, .blockedByGuardrail, .guardrailUnavailable:
                .gatewayRefused
            case .upstreamUnavailable, .upstreamProtocolError: .upstreamUnavailable
            case .upstreamTimeout: .requestTimeout
            case .unsupportedByClient: .missingRequiredClientCapability
            case .cancelled: .requestCancelled
            case .internalError: .internalError
            }
        }

        /// The HTTP status the Streamable HTTP transport uses; 200 means "a JSON-RPC error in a
        /// normal response".
        package func httpStatus(modern: Bool) -> Int {
            switch base {
            case .parseError, .invalidRequest, .sessionRequired, .headerMismatch, .missingMeta, .unsupportedProtocolVersion: 400
            case .bodyTooLarge: 413
            case .forbiddenOrigin: 403
            case .unauthenticated: 401
            case .insufficientScope: 403
            case .sessionNotFound, .unknownVersion: 404
            case .serverRetired: 410
            case .rateLimited: 429
            // 2026-07-28 makes an unknown method an HTTP 404; legacy revisions answer 200.
            case .methodNotFound: modern ? 404 : 200
            case .unsupportedByClient: modern ? 400 : 200
            default: 200
            }
        }
    }
}
