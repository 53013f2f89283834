// Authorize stage: one decision for both listing and calling, so `tools/list` shows exactly
// what `tools/call` accepts. Reads: principal, route, directory. Writes: narrows a listing
// route to the granted servers. Throws: `.notAllowed`, `.toolDisabled`, `.serverUnavailable`.
// Touches the reply: filters `.listing` items through the same decision.
import MCPCore

/// Enforces server status, tool enablement and the application's allow list.
package struct AuthorizeStage: GatewayStage {
    package init() {}

    package func handle(_ call: GatewayCall, context: CallContext, next: NextStage) async throws -> GatewayReply {
        var context = context
        let principal = try context.requirePrincipal()
        let grants = context.directory.grants[principal.application] ?? ApplicationGrants()
        switch try context.requireRoute() {
        case .gateway:
            return try await next(call, context)
        case .target(let target):
            if let refusal = Self.decide(principal: principal, grants: grants, server: target.server, kind: target.kind, name: target.upstreamName, exposedName: target.exposedName) {
                throw refusal
            }
            return try await next(call, context)
        case .listing(let servers):
            let visible = servers.filter { slug in
                guard let server = context.directory.servers[slug] else { return false }
                return server.acceptsCalls && grants.servers[slug] != nil
            }
            context.route = .listing(visible)
            let reply = try await next(call, context)
            guard case .listing(var listing) = reply else { return reply }
            guard listing.method == MCPMethod.toolsList else { return .listing(listing) }
            listing.items.removeAll { item in
                guard let server = context.directory.servers[item.server] else { return true }
                return Self.decide(principal: principal, grants: grants, server: server, kind: .tool, name: item.name, exposedName: item.name) != nil
            }
            return .listing(listing)
        }
    }

    /// The decision: `nil` to allow, else the refusal naming the rule that refused.
    package static func decide(
        principal: Principal, grants: ApplicationGrants, server: DirectoryServer, kind: Target.Kind, name: String, exposedName: String
    ) -> GatewayError? {
        guard server.acceptsCalls else {
            return GatewayError(.serverUnavailable, "Server \"\(server.slug)\" is revoked and refuses calls.", stage: "authorize")
        }
        guard let allowedTools = grants.servers[server.slug] else {
            return GatewayError(
                .notAllowed,
                "Application \"\(principal.application)\" may not use server \"\(server.slug)\": its allow list does not name it.",
                stage: "authorize")
        }
        guard kind == .tool else { return nil }
        guard server.enablement.isEnabled(name) else {
            return GatewayError(
                .toolDisabled,
                "Tool \"\(exposedName)\" is not enabled on server \"\(server.slug)\" (discovery is not enablement; an operator can run \"gatehouse tools enable --server \(server.slug) \(name)\").",
                stage: "authorize")
        }
        if let reason = server.enablement.heldBack[name] {
            return GatewayError(.toolDisabled, reason, stage: "authorize")
        }
        if let allowedTools, !allowedTools.contains(name) {
            let listed = allowedTools.sorted().joined(separator: ", ")
            return GatewayError(
                .notAllowed,
                "Application \"\(principal.application)\" may not call tool \"\(exposedName)\": its allow rule for server \"\(server.slug)\" lists only \(listed.isEmpty ? "no tools" : listed).",
                stage: "authorize")
        }
        return nil
    }
}
