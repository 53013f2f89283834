// Reads and checks attached policies: parses the Cedar text, gives each statement its id, keeps
// Gatehouse's rules (policies restrict, so only `forbid`; no templates), and validates each policy
// strictly against the MCP schema, with `context.arguments` typed from the input schema of every
// known tool the policy can apply to. Every problem names the policy and says what is wrong.
import Cedar

/// What policies are checked against: a server, its tools and prompts.
package struct ServerFacts: Sendable {
    package var slug: String
    package var name: String
    package var version: String?
    package var status: String
    package var tools: [ToolFacts]
    package var prompts: [String]

    package init(slug: String, name: String, version: String? = nil, status: String = "active", tools: [ToolFacts] = [], prompts: [String] = []) {
        self.slug = slug
        self.name = name
        self.version = version
        self.status = status
        self.tools = tools
        self.prompts = prompts
    }
}

/// One tool as policies see it.
package struct ToolFacts: Sendable {
    package var name: String
    package var arguments: ArgumentType
    /// `context.annotations`, with MCP's defaults for absent hints.
    package var annotations: CedarValue
    /// `context.findings`: codes of scan findings on the tool's definition.
    package var findings: Set<String> { didSet { findingsValue = .set(Set(findings.map(CedarValue.string))) } }
    /// `findings` as a Cedar set, built once.
    package private(set) var findingsValue: CedarValue

    package init(name: String, arguments: ArgumentType = .record([]), annotations: CedarValue = ToolFacts.defaultAnnotations, findings: Set<String> = []) {
        self.name = name
        self.arguments = arguments
        self.annotations = annotations
        self.findings = findings
        self.findingsValue = .set(Set(findings.map(CedarValue.string)))
    }

    /// MCP's defaults: not read-only, destructive, not idempotent, open world.
    package static let defaultAnnotations: CedarValue = .record([
        "readOnlyHint": false, "destructiveHint": true, "idempotentHint": false, "openWorldHint": true,
    ])
}

/// Parses and checks policies.
package enum PolicyCompiler {
    /// The prefix of ids Gatehouse keeps for itself.
    package static let reservedPrefix = "gatehouse."
    /// The id of the permit that stands for the allow lists in every compiled set.
    package static let baselineID = PolicyID("gatehouse.allow-lists")

    /// The Cedar policies of `source`, each with its id (`id`, or `id#1`, `id#2`, … when the text
    /// holds several), or the problems that make it unusable.
    package static func parse(_ source: PolicySource) -> Result<[Policy], PolicyProblem> {
        let set: PolicySet
        do {
            set = try PolicySet(cedar: source.cedar)
        } catch {
            return .failure(PolicyProblem(.error, policy: source.id, "the Cedar text does not parse: \(error)"))
        }
        if !set.templates.isEmpty {
            return .failure(PolicyProblem(.error, policy: source.id, "templates (?principal, ?resource) are not supported; name the entities."))
        }
        if set.policies.isEmpty {
            return .failure(PolicyProblem(.error, policy: source.id, "the Cedar text holds no policy."))
        }
        if let permit = set.policies.firstIndex(where: { $0.effect == .permit }) {
            let which = set.policies.count == 1 ? "it is a permit" : "statement \(permit + 1) is a permit"
            return .failure(
                PolicyProblem(
                    .error, policy: source.id,
                    "\(which); Gatehouse policies restrict what allow lists grant, so only forbid policies take effect (write `forbid (…) unless { … };` for `permit (…) when { … };`)."))
        }
        if set.policies.count == 1 {
            do { return .success([try Policy(cedar: source.cedar, id: PolicyID(source.id))]) } catch {
                return .failure(PolicyProblem(.error, policy: source.id, "the Cedar text does not parse: \(error)"))
            }
        }
        var policies: [Policy] = []
        for (index, policy) in set.policies.enumerated() {
            // The printed form re-parses to the same policy; only the id changes.
            do { policies.append(try Policy(cedar: policy.description, id: PolicyID("\(source.id)#\(index + 1)"))) } catch {
                return .failure(PolicyProblem(.error, policy: source.id, "statement \(index + 1) cannot be re-read: \(error)"))
            }
        }
        return .success(policies)
    }

    /// Whether a policy can observe `context.arguments` (it is then decided per call, not per tool).
    package static func readsArguments(_ policy: Policy) -> Bool {
        guard let read = policy.contextAttributesRead else { return true }
        return read.contains("arguments")
    }

    /// Every problem with `source` given what is known of the servers.
    ///
    /// Errors: text that does not parse, permits, templates, an unknown server, and strict
    /// validation failures against the schema (for `call_tool`, once per known tool in scope, with
    /// that tool's argument types). Warnings: policies that can never apply, and tools in scope
    /// whose arguments cannot be checked yet because they were not discovered.
    package static func check(_ source: PolicySource, servers: [ServerFacts]) -> [PolicyProblem] {
        let policies: [Policy]
        switch parse(source) {
        case .failure(let problem): return [problem]
        case .success(let p): policies = p
        }
        var problems: [PolicyProblem] = []
        if let server = source.server, !servers.contains(where: { $0.slug == server }) {
            problems.append(PolicyProblem(.error, policy: source.id, "it is attached to server \"\(server)\", which is not registered."))
            return problems
        }
        let scoped = source.server.map { s in servers.filter { $0.slug == s } } ?? servers
        for policy in policies {
            problems += validate(policy, source: source, servers: scoped)
        }
        return problems
    }

    private static func validate(_ policy: Policy, source: PolicySource, servers: [ServerFacts]) -> [PolicyProblem] {
        var problems: [PolicyProblem] = []
        let label = policy.id.rawValue == source.id ? "" : " (\(policy.id))"
        func report(_ diagnostics: [ValidationDiagnostic], tool: String?) {
            for d in diagnostics {
                let place = d.location.map { "line \($0.line): " } ?? ""
                let against = tool.map { " (checked against tool \($0))" } ?? ""
                problems.append(PolicyProblem(.error, policy: source.id, "\(place)\(d.message)\(against)\(label)."))
            }
        }
        // Attached to a server, the policy only ever sees requests for that server.
        if let server = source.server, let named = namedServer(policy.resource), named != server {
            problems.append(
                PolicyProblem(
                    .warning, policy: source.id,
                    "it is attached to server \(server) but its resource scope names server \(named), so it can never apply\(label)."))
        }
        guard appliesTo(policy.action, .callTool), readsArguments(policy) else {
            report(MCPCedarSchema.base.validate(policy), tool: nil)
            return problems
        }
        let tools = toolsInScope(policy.resource, servers: servers)
        if tools.known.isEmpty {
            let which = tools.unknown.isEmpty ? "no discovered tool is in its scope" : "tool \(tools.unknown.joined(separator: ", ")) is not discovered yet"
            problems.append(
                PolicyProblem(
                    .warning, policy: source.id,
                    "its use of context.arguments is not checked yet: \(which); calls it cannot be evaluated for are refused\(label)."))
            return problems
        }
        var seen = Set<String>()
        for (key, tool) in tools.known {
            let text = tool.arguments.cedarText
            let schema: Schema
            if seen.contains(text) { continue }
            seen.insert(text)
            do { schema = try SchemaCache.schema(arguments: text) } catch {
                problems.append(PolicyProblem(.warning, policy: source.id, "the arguments of tool \(key) cannot be typed: \(error)\(label)."))
                continue
            }
            report(schema.validate(policy), tool: key)
        }
        return problems
    }

    /// Whether an action scope can match `action`.
    package static func appliesTo(_ scope: ActionConstraint, _ action: MCPAction) -> Bool {
        switch scope {
        case .any: true
        case .equal(let uid): uid == action.uid
        case .memberOf(let uids): uids.contains(action.uid)
        }
    }

    /// The server a resource scope is confined to, when it names one (a server, or a tool,
    /// prompt or resource of one).
    static func namedServer(_ scope: ScopeConstraint) -> String? {
        let reference: EntityReference
        switch scope {
        case .equal(let r), .memberOf(let r), .isTypeMemberOf(_, let r): reference = r
        case .any, .isType: return nil
        }
        guard case .entity(let uid) = reference else { return nil }
        if uid.type == MCPCedarSchema.serverType { return uid.id }
        if [MCPCedarSchema.toolType, MCPCedarSchema.promptType, MCPCedarSchema.resourceType].contains(uid.type) {
            return uid.id.split(separator: "/", maxSplits: 1).first.map(String.init)
        }
        return nil
    }

    /// The tools a `call_tool` policy's resource scope can match: known ones with their facts,
    /// and the ids of named ones not discovered.
    static func toolsInScope(_ scope: ScopeConstraint, servers: [ServerFacts]) -> (known: [(String, ToolFacts)], unknown: [String]) {
        func all(_ servers: [ServerFacts]) -> [(String, ToolFacts)] {
            servers.flatMap { s in s.tools.map { ("\(s.slug)/\($0.name)", $0) } }
        }
        let reference: EntityReference
        switch scope {
        case .any, .isType: return (all(servers), [])
        case .equal(let r), .memberOf(let r), .isTypeMemberOf(_, let r): reference = r
        }
        guard case .entity(let uid) = reference else { return (all(servers), []) }
        switch uid.type {
        case MCPCedarSchema.toolType:
            let known = all(servers).filter { $0.0 == uid.id }
            return (known, known.isEmpty ? [uid.id] : [])
        case MCPCedarSchema.serverType:
            let matching = servers.filter { $0.slug == uid.id }
            return (all(matching), matching.isEmpty || matching.allSatisfy(\.tools.isEmpty) ? ["of server \(uid.id)"] : [])
        case MCPCedarSchema.projectType:
            return (all(servers), [])
        default:
            return ([], [])
        }
    }
}

/// Parsed schemas by argument type text: tools with the same shape share one.
enum SchemaCache {
    private static let cache = SchemaStore()

    static func schema(arguments: String) throws(ParseError) -> Schema {
        if arguments == "{}" { return MCPCedarSchema.base }
        if let cached = cache.get(arguments) { return cached }
        let schema = try Schema(cedarschema: MCPCedarSchema.text(arguments: arguments))
        cache.put(arguments, schema)
        return schema
    }
}
