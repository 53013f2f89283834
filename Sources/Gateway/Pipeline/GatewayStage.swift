// The shape of every step on the request path: Hummingbird's middleware shape, fixed to MCP types.
import MCPCore

/// What a stage calls to pass the call on.
package typealias NextStage = @Sendable (GatewayCall, CallContext) async throws -> GatewayReply

/// One step on the request path: ends the call by throwing ``GatewayError``, or passes it on and
/// may rework what comes back.
///
/// ```swift
/// struct RefuseEverything: GatewayStage {
///     func handle(_ call: GatewayCall, context: CallContext, next: NextStage) async throws -> GatewayReply {
///         throw GatewayError(.notAllowed, "Nothing is allowed today.", stage: "refuse")
///     }
/// }
/// ```
package protocol GatewayStage: Sendable {
    func handle(_ call: GatewayCall, context: CallContext, next: NextStage) async throws -> GatewayReply
}
