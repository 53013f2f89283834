// `gatehouse policy test` and `POST /api/v1/policies/test`: the decision the gateway would make
// for one call, computed by the same code from the same registry state (the directory's steps:
// server status, allow list, enablement, pins, then the compiled Cedar policies).
import Cedar
import Enforcement
import Foundation
import JSONSchema

extension RegistryService {
    /// Decides `request` as the gateway would, now.
    /// - Throws: ``RegistryError`` `.notFound` for an unknown application or server, `.badRequest`
    ///   for a tool not written `slug/name` or arguments that are not an object.
    package func testPolicy(_ request: PolicyTestRequest) async throws -> PolicyTestResult {
        let state = try await state()
        guard let application = state.applications.first(where: { $0.name == request.application }) else {
            throw RegistryError.applicationNotFound(request.application)
        }
        let parts = request.tool.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw RegistryError(.badRequest, "Name the tool as server/tool, such as notes/add (got \"\(request.tool)\").") }
        let (slug, name) = (parts[0], parts[1])
        guard let server = state.servers.first(where: { $0.slug == slug }) else { throw RegistryError.serverNotFound(slug) }
        let arguments = request.arguments?.value
        if let arguments, arguments.objectValue == nil {
            throw RegistryError(.badRequest, "The arguments must be a JSON object, such as {\"a\": 500}.")
        }
        let facts = RegistryConfigResolver.serverFacts(state.servers, catalogs: state.catalogs)
        let model = PolicyModel(
            version: state.policySetVersion, sources: state.policies.map(\.source), applications: state.applications.map(\.name), servers: facts)
        let item = state.catalogs[slug]?.tools.first { $0.name == name }
        let toolFacts = facts.first { $0.slug == slug }?.tools.first { $0.name == name } ?? ToolFacts(name: name)
        let now = Date()
        let requestFacts = PolicyRequestFacts(time: now, protocolVersion: "2026-07-28", endpoint: "/mcp", clientAddress: request.clientAddress)
        var result = PolicyTestResult(
            decision: "allow", deniedBy: nil, reason: nil, determiningPolicies: [], errors: [], listed: true, policySetVersion: state.policySetVersion)
        func deny(_ step: String, _ reason: String, listed: Bool) -> PolicyTestResult {
            result.decision = "deny"
            result.deniedBy = step
            result.reason = reason
            result.listed = listed
            return result
        }

        // Steps before policies, as the authorize stage takes them.
        if server.status == .revoked { return deny("server_status", "server \(slug) is revoked", listed: false) }
        if server.status == .deprecated, let sunset = server.deprecation?.sunset, now >= sunset {
            return deny("server_status", "server \(slug) was retired on \(sunset.ISO8601Format())", listed: false)
        }
        let rules = application.allow.filter { $0.server == slug }
        if rules.isEmpty { return deny("allow_list", "application \(application.name)'s allow list does not name server \(slug)", listed: false) }
        if !server.tools.isEnabled(name) { return deny("enablement", "tool \(name) is not enabled on server \(slug)", listed: false) }
        if let item, let pin = state.pins[slug]?.tools[name], pin.hash != item.definitionHash {
            return deny("quarantine", "tool \(name)'s definition changed since it was approved", listed: false)
        }
        if !rules.contains(where: { $0.tools == nil }), !rules.contains(where: { $0.tools?.contains(name) == true }) {
            return deny("allow_list", "application \(application.name)'s allow rule for \(slug) does not list \(name)", listed: false)
        }

        let principal = PolicyModel.application(application.name)
        let listing = model.decide(
            .listTools, phase: .target, principal: principal, resource: PolicyModel.server(slug), server: slug, context: requestFacts.context())
        let target = model.decide(
            .callTool, phase: .target, principal: principal, resource: PolicyModel.tool(server: slug, name: name), server: slug,
            context: requestFacts.callContext(tool: toolFacts))
        let argumentRecord = toolFacts.arguments.record(from: arguments?.objectValue)
        let full = requestFacts.callContext(tool: toolFacts, arguments: argumentRecord)
        if let shadow = model.shadowDecision(.callTool, principal: principal, resource: PolicyModel.tool(server: slug, name: name), server: slug, context: full) {
            result.shadowDecision = shadow.allowed ? "allow" : "deny"
            result.shadowPolicies = shadow.policies
        }
        for decision in [listing, target] where !decision.allowed {
            result.determiningPolicies = decision.policies
            result.errors = decision.errors
            return deny("policy", "a policy hides the tool from this application (calls read \"Unknown tool\")", listed: false)
        }
        let perCall = model.decide(
            .callTool, phase: .arguments, principal: principal, resource: PolicyModel.tool(server: slug, name: name), server: slug, context: full)
        result.determiningPolicies = perCall.policies
        result.errors = perCall.errors
        if !perCall.allowed {
            return deny("argument_policy", "a policy refuses this call with these arguments (the tool stays listed)", listed: true)
        }
        if item == nil {
            result.reason = "tool \(name) is not discovered on \(slug) yet: its arguments were not typed"
        }
        return result
    }
}
