// Per-request state carried down the pipeline. Each field has one writer (named in its doc);
// stages read fields set by earlier stages through `require…()`, which names the missing stage.
import Auth
import Logging
import MCPCore
import JSONSchema

/// What stages know about the call in hand.
package struct CallContext: Sendable {
    /// Tagged with `gatehouse.request.id`, `mcp.method.name`, `mcp.protocol.version` (transport).
    package var logger: Logger
    /// Transport.
    package let endpoint: Endpoint
    /// Transport: the revision this request is served under.
    package let protocolVersion: ProtocolVersion
    /// Transport: the client's declared capabilities (per request in 2026-07-28, per session before).
    package let clientCapabilities: JSONObject
    /// Transport: the client's address, for audit.
    package let clientAddress: String?
    /// Transport: the directory snapshot every stage of this call uses. Identify replaces it with a
    /// fresher one when an unknown key turns out to be a key just created.
    package var directory: GatewayDirectory
    /// Transport: sends interim messages (progress, server requests) to the client, when the
    /// transport can (legacy POST streams; notifications only for 2026-07-28).
    package let relay: (any ClientRelay)?
    /// Shared with the audit stage: facts inner stages learn (application, server, target).
    package let trace: CallTrace
    /// Transport: the application a legacy session was opened by; a request on that session
    /// must come from the same application.
    package var sessionApplication: String?
    /// Transport: the names of the verified client certificate, on the mTLS listener only.
    package var clientCertificate: ClientCertificateName?
    /// Identify stage.
    package var principal: Principal?
    /// Route stage.
    package var route: Route?

    package init(
        logger: Logger, endpoint: Endpoint, protocolVersion: ProtocolVersion, clientCapabilities: JSONObject = [:],
        clientAddress: String? = nil, directory: GatewayDirectory, relay: (any ClientRelay)? = nil, trace: CallTrace = CallTrace()
    ) {
        self.logger = logger
        self.endpoint = endpoint
        self.protocolVersion = protocolVersion
        self.clientCapabilities = clientCapabilities
        self.clientAddress = clientAddress
        self.directory = directory
        self.relay = relay
        self.trace = trace
    }

    /// The principal, or an internal error naming the identify stage.
    package func requirePrincipal() throws(GatewayError) -> Principal {
        guard let principal else {
            throw GatewayError(.internalError, "Internal error.", stage: "identify", underlying: MissingContext(field: "principal"))
        }
        return principal
    }

    /// The route, or an internal error naming the route stage.
    package func requireRoute() throws(GatewayError) -> Route {
        guard let route else {
            throw GatewayError(.internalError, "Internal error.", stage: "route", underlying: MissingContext(field: "route"))
        }
        return route
    }

    struct MissingContext: Error { let field: String }
}

/// Where a call goes, as decided by the route stage.
package enum Route: Sendable {
    /// Answered by the gateway itself (initialize, ping, server/discover, logging/setLevel, …).
    case gateway
    /// One item on one server.
    case target(Target)
    /// A list method over these servers (slugs, in merge order).
    case listing([String])
}

/// A routed call to one server.
package struct Target: Sendable {
    package enum Kind: Sendable, Equatable {
        case tool, prompt, resource, completion
    }

    package var kind: Kind
    package var server: DirectoryServer
    /// The name (tool, prompt) or URI (resource, completion of a resource ref) the upstream knows.
    package var upstreamName: String
    /// The name or URI as the client sent it.
    package var exposedName: String

    package init(kind: Kind, server: DirectoryServer, upstreamName: String, exposedName: String) {
        self.kind = kind
        self.server = server
        self.upstreamName = upstreamName
        self.exposedName = exposedName
    }
}

/// Messages the gateway sends to the client in the middle of a call.
package protocol ClientRelay: Sendable {
    /// Whether the client accepts server-to-client requests on this call (legacy clients that
    /// declared the capability do; 2026-07-28 clients never do).
    var acceptsRequests: Bool { get }
    /// Sends a notification (progress, log message) related to this call.
    func notify(_ notification: JSONRPCNotification) async
    /// Sends a request (sampling, elicitation, roots) and waits for the client's answer.
    func request(method: String, params: JSONObject?) async throws -> JSONRPCResponse
}
