// Authorize stage: one decision for both listing and calling, so `tools/list` shows exactly the
// tools `tools/call` accepts (and likewise prompts and resources).
// Reads: principal, route, directory (servers, grants, pins, compiled policies).
// Writes: narrows a listing route to the servers the caller may list; trace: policy decisions,
// shadow decisions, the deprecation of the answering server.
// Throws: `.serverUnavailable` (revoked), `.serverRetired` (past sunset, HTTP 410), `.notAllowed`,
// `.toolDisabled`, `.quarantined`, `.policyDenied` (reads like an unknown target),
// `.argumentsDenied` (an argument policy refuses this call).
// Touches the reply: filters `.listing` items through the same decision calls get.
//
// The decision, in order (each step can refuse; the first refusal is the answer):
//   1. server status: revoked refuses, a passed sunset refuses with 410;
//   2. the application's allow list names the server;
//   3. tools: enabled on the server, not held back by Shield's enable limit, not quarantined,
//      named by the allow rule; prompts: not quarantined;
//   4. Cedar target policies: the server's `list_*` action and the item's action (call_tool,
//      get_prompt, read_resource, complete), with the request context but no arguments.
// Listing applies steps 1–4 per item; calling applies them to the target, then (tools only) the
// Cedar argument policies with `context.arguments`. See docs/policies.md for why this makes lists
// and calls agree.
import Cedar
import Enforcement
import Foundation
import JSONSchema
import MCPCore

/// Enforces server status, tool enablement and pins, the application's allow list, and Cedar policies.
package struct AuthorizeStage: GatewayStage {
    package init() {}

    package func handle(_ call: GatewayCall, context: CallContext, next: NextStage) async throws -> GatewayReply {
        var context = context
        let principal = try context.requirePrincipal()
        let directory = context.directory
        let grants = directory.grants[principal.application] ?? ApplicationGrants()
        let now = Date()
        let facts = PolicyRequestFacts(
            time: now, protocolVersion: context.protocolVersion.rawValue, endpoint: context.endpoint.path, clientAddress: context.clientAddress)
        let decider = Decider(principal: principal, grants: grants, directory: directory, facts: facts, now: now)
        if case .server(let slug) = context.endpoint, let server = directory.servers[slug] { noteDeprecation(server, context: context) }
        switch try context.requireRoute() {
        case .gateway:
            return try await next(call, context)
        case .target(let target):
            noteDeprecation(target.server, context: context)
            let verdict = decider.decide(target.server, kind: target.kind, name: target.upstreamName, exposedName: target.exposedName, request: call.request)
            record(verdict.policy, context: context)
            if let refusal = verdict.refusal { throw refusal }
            if target.kind == .tool { try decideArguments(call, target: target, decider: decider, context: context) }
            return try await next(call, context)
        case .listing(let servers):
            let kind = Self.itemKind(call.method)
            let visible = servers.filter { slug in
                guard let server = directory.servers[slug] else { return false }
                return decider.mayList(server, kind: kind)
            }
            context.route = .listing(visible)
            let reply = try await next(call, context)
            guard case .listing(var listing) = reply else { return reply }
            listing.items.removeAll { item in
                guard let server = directory.servers[item.server] else { return true }
                return decider.decide(server, kind: kind, name: item.name, exposedName: item.name, request: nil).refusal != nil
            }
            return .listing(listing)
        }
    }

    /// The argument policies of a tool call (and the shadow decision, when shadow policies apply).
    private func decideArguments(_ call: GatewayCall, target: Target, decider: Decider, context: CallContext) throws(GatewayError) {
        let model = decider.directory.policies
        let slug = target.server.slug
        let enforced = model.hasPolicies(for: slug, phase: .arguments)
        let shadow = model.hasShadowPolicies(for: slug)
        guard enforced || shadow, let tool = target.server.tool(named: target.upstreamName) else { return }
        let facts = tool.facts ?? ToolFacts(definition: tool.definition)
        let arguments = facts.arguments.record(from: call.request.params?["arguments"]?.objectValue)
        let cedarContext = decider.facts.callContext(tool: facts, arguments: arguments)
        let principal = decider.principalUID
        let resource = PolicyModel.tool(server: slug, name: target.upstreamName)
        if shadow,
            let would = model.shadowDecision(
                .callTool, principal: principal, resource: resource, server: slug, context: cedarContext, requestEntities: decider.requestEntities)
        {
            context.trace.record { f in
                f.enforcement.shadowDecision = would.allowed ? "allow" : "deny"
                f.enforcement.shadowPolicies = would.policies
            }
        }
        guard enforced else { return }
        let decision = model.decide(
            .callTool, phase: .arguments, principal: principal, resource: resource, server: slug, context: cedarContext,
            requestEntities: decider.requestEntities)
        record(decision, context: context)
        guard decision.allowed else {
            let named = decision.policies.map { "\"\($0)\"" }.joined(separator: ", ")
            let why = decision.errors.isEmpty ? "forbids" : "cannot be evaluated for (so it refuses)"
            throw GatewayError(
                .argumentsDenied,
                "Policy \(named) \(why) this call of tool \"\(target.exposedName)\" with these arguments (policy set version \(decision.version)).",
                stage: "authorize", data: ["policies": .array(decision.policies.map(JSONValue.string)), "policySetVersion": .int(decision.version)])
        }
    }

    private func record(_ decision: PolicyDecision?, context: CallContext) {
        guard let decision else { return }
        context.trace.record { f in
            let denied = !decision.allowed || f.enforcement.decision == "deny"
            f.enforcement.decision = denied ? "deny" : "allow"
            f.enforcement.policies += decision.policies
            f.enforcement.policyErrors += decision.errors
            f.enforcement.policySetVersion = decision.version
        }
    }

    private func noteDeprecation(_ server: DirectoryServer, context: CallContext) {
        guard let notice = server.deprecation else { return }
        context.trace.record { f in
            f.deprecation = notice
            if !f.enforcement.warnings.contains(notice.warning) { f.enforcement.warnings.append(notice.warning) }
        }
    }

    static func itemKind(_ method: String) -> Target.Kind {
        switch method {
        case MCPMethod.toolsList: .tool
        case MCPMethod.promptsList: .prompt
        default: .resource
        }
    }
}

/// The decision for one caller at one moment, without I/O: the same code answers "may this item
/// be listed" and "may this call go ahead".
package struct Decider: Sendable {
    package let principal: Principal
    package let grants: ApplicationGrants
    package let directory: GatewayDirectory
    package let facts: PolicyRequestFacts
    package let now: Date

    /// The Cedar principal: the signed-in user when there is one, else the application.
    package let principalUID: EntityUID
    /// The entity store with the signed-in user and their groups added, built once per request;
    /// `nil` for applications (the registry's store holds them) or when no policy is attached.
    package let requestEntities: Entities?

    package init(principal: Principal, grants: ApplicationGrants, directory: GatewayDirectory, facts: PolicyRequestFacts, now: Date) {
        self.principal = principal
        self.grants = grants
        self.directory = directory
        self.facts = facts
        self.now = now
        if let user = principal.user {
            principalUID = PolicyModel.user(user)
            requestEntities =
                directory.policies.isEmpty
                ? nil
                : directory.policies.entities(
                    adding: PolicyModel.userEntities(name: user, groups: principal.groups, project: principal.project, application: principal.application))
        } else {
            principalUID = PolicyModel.application(principal.application)
            requestEntities = nil
        }
    }

    package struct Verdict: Sendable {
        package var refusal: GatewayError?
        /// The target-phase policy decision, when policies were consulted.
        package var policy: PolicyDecision?
    }

    /// Whether the caller may list `kind` items of `server` at all (steps 1, 2 and the server's
    /// `list_*` action).
    package func mayList(_ server: DirectoryServer, kind: Target.Kind) -> Bool {
        guard server.acceptsCalls, !server.isRetired(at: now), grants.servers[server.slug] != nil else { return false }
        return listDecision(server, kind: kind)?.allowed ?? true
    }

    private func listDecision(_ server: DirectoryServer, kind: Target.Kind) -> PolicyDecision? {
        let model = directory.policies
        guard model.hasPolicies(for: server.slug, phase: .target) else { return nil }
        let action: MCPAction =
            switch kind {
            case .tool: .listTools
            case .prompt: .listPrompts
            case .resource: .listResources
            case .completion: .listPrompts
            }
        return model.decide(
            action, phase: .target, principal: principalUID, resource: PolicyModel.server(server.slug), server: server.slug,
            context: facts.context(), requestEntities: requestEntities)
    }

    /// The decision for one item (a call's target, or a listed item).
    ///
    /// - Parameters:
    ///   - name: The upstream's name (tools, prompts) or URI (resources).
    ///   - exposedName: The name the client used, for messages.
    ///   - request: The call, when deciding a call (completion references are read from it).
    package func decide(_ server: DirectoryServer, kind: Target.Kind, name: String, exposedName: String, request: JSONRPCRequest?) -> Verdict {
        guard server.acceptsCalls else {
            return Verdict(refusal: GatewayError(.serverUnavailable, "Server \"\(server.slug)\" is revoked and refuses calls.", stage: "authorize"))
        }
        if server.isRetired(at: now), let notice = server.deprecation {
            var message = "Server \"\(server.slug)\"\(server.version.map { " (version \($0))" } ?? "") was retired on \(notice.sunset!.ISO8601Format())"
            message += notice.link.map { "; migrate: \($0)" } ?? "."
            var data: JSONObject = ["sunset": .string(notice.sunset!.ISO8601Format())]
            if let link = notice.link { data["link"] = .string(link) }
            return Verdict(refusal: GatewayError(.serverRetired, message, stage: "authorize", data: .object(data)))
        }
        guard let allowedTools = grants.servers[server.slug] else {
            return Verdict(
                refusal: GatewayError(
                    .notAllowed,
                    "Application \"\(principal.application)\" may not use server \"\(server.slug)\": its allow list does not name it.",
                    stage: "authorize"))
        }
        switch kind {
        case .tool:
            guard server.enablement.isEnabled(name) else {
                return Verdict(
                    refusal: GatewayError(
                        .toolDisabled,
                        "Tool \"\(exposedName)\" is not enabled on server \"\(server.slug)\" (discovery is not enablement; an operator can run \"gatehouse tools enable --server \(server.slug) \(name)\").",
                        stage: "authorize"))
            }
            if let reason = server.enablement.heldBack[name] {
                return Verdict(refusal: GatewayError(.toolDisabled, reason, stage: "authorize"))
            }
            if let entry = server.tool(named: name), entry.isQuarantined {
                return Verdict(refusal: quarantined("Tool", exposedName, server: server, name: name, entry: entry, flag: ""))
            }
            if let allowedTools, !allowedTools.contains(name) {
                let listed = allowedTools.sorted().joined(separator: ", ")
                return Verdict(
                    refusal: GatewayError(
                        .notAllowed,
                        "Application \"\(principal.application)\" may not call tool \"\(exposedName)\": its allow rule for server \"\(server.slug)\" lists only \(listed.isEmpty ? "no tools" : listed).",
                        stage: "authorize"))
            }
        case .prompt:
            if let entry = server.prompt(named: name), entry.isQuarantined {
                return Verdict(refusal: quarantined("Prompt", exposedName, server: server, name: name, entry: entry, flag: " --prompt"))
            }
        case .resource, .completion:
            break
        }
        return policies(server, kind: kind, name: name, exposedName: exposedName, request: request)
    }

    /// Step 4: the Cedar target policies.
    private func policies(_ server: DirectoryServer, kind: Target.Kind, name: String, exposedName: String, request: JSONRPCRequest?) -> Verdict {
        let model = directory.policies
        guard model.hasPolicies(for: server.slug, phase: .target) else { return Verdict() }
        let slug = server.slug
        let principal = principalUID
        var completionOfResource = false
        if kind == .completion { completionOfResource = request?.params?["ref"]?["type"]?.stringValue == "ref/resource" }
        let listKind: Target.Kind = kind == .completion ? (completionOfResource ? .resource : .prompt) : kind
        if let listing = listDecision(server, kind: listKind), !listing.allowed { return Verdict(refusal: hidden(kind, exposedName), policy: listing) }
        let decision: PolicyDecision
        switch kind {
        case .tool:
            let tool = server.tool(named: name)
            let toolFacts = tool?.facts ?? tool.map { ToolFacts(definition: $0.definition) } ?? ToolFacts(name: name)
            decision = model.decide(
                .callTool, phase: .target, principal: principal, resource: PolicyModel.tool(server: slug, name: name), server: slug,
                context: facts.callContext(tool: toolFacts), requestEntities: requestEntities)
        case .prompt:
            decision = model.decide(
                .getPrompt, phase: .target, principal: principal, resource: PolicyModel.prompt(server: slug, name: name), server: slug,
                context: facts.context(), requestEntities: requestEntities)
        case .resource:
            decision = model.decide(
                .readResource, phase: .target, principal: principal, resource: PolicyModel.resource(server: slug, uri: name), server: slug,
                context: facts.context(), resourceEntity: PolicyModel.resourceEntity(server: slug, uri: name), requestEntities: requestEntities)
        case .completion:
            let resource = completionOfResource ? PolicyModel.resource(server: slug, uri: name) : PolicyModel.prompt(server: slug, name: name)
            decision = model.decide(
                .complete, phase: .target, principal: principal, resource: resource, server: slug, context: facts.context(),
                resourceEntity: completionOfResource ? PolicyModel.resourceEntity(server: slug, uri: name) : nil, requestEntities: requestEntities)
        }
        return Verdict(refusal: decision.allowed ? nil : hidden(kind, exposedName), policy: decision)
    }

    /// What a caller reads when a policy hides the target: the same as for a target that does not
    /// exist (the audit record keeps the policies).
    private func hidden(_ kind: Target.Kind, _ exposedName: String) -> GatewayError {
        let what: String =
            switch kind {
            case .tool: "tool"
            case .prompt, .completion: "prompt"
            case .resource: "resource"
            }
        return GatewayError(.policyDenied, "Unknown \(what) \"\(exposedName)\".", stage: "authorize")
    }

    private func quarantined(_ what: String, _ exposedName: String, server: DirectoryServer, name: String, entry: CatalogEntry, flag: String)
        -> GatewayError
    {
        GatewayError(
            .quarantined,
            "\(what) \"\(exposedName)\" is quarantined: its definition on server \"\(server.slug)\" changed since it was approved (pinned sha256 \(entry.pinnedHash!.prefix(12))…, now \(entry.hash.prefix(12))…); an operator can review the change and run \"gatehouse tools approve --server \(server.slug)\(flag) \(name)\".",
            stage: "authorize")
    }
}
