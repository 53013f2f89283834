// The compiled form of every attached policy, built once per registry generation and read by
// every request: per server, the policy sets that apply to it (the project's policies plus its
// own), split by what they can observe, and one entity store of applications, servers, tools and
// prompts. A request then costs one or two indexed Cedar evaluations and no entity building.
//
// How a decision is made (docs/policies.md has the full rule):
// - Allow lists and enablement grant; Cedar policies restrict. Every compiled set holds one
//   baseline `permit (principal, action, resource);` standing for the allow lists, so the Cedar
//   decision is deny exactly when a `forbid` is satisfied.
// - Fail closed: a `forbid` that cannot be evaluated (a missing attribute, a type error) refuses
//   too. Cedar itself would skip it; a gateway must not let a broken restriction open a door.
// - A policy that reads `context.arguments` is an *argument policy*: it is evaluated per call,
//   when the arguments exist. Every other policy is a *target policy*: it decides whether the
//   caller may use the tool at all, and `tools/list` shows a tool exactly when its target
//   policies allow the call. So a listed tool is never refused by a target policy, a hidden tool
//   is always refused, and argument policies refuse particular calls to listed tools (as argument
//   validation does) with a message naming the policy.
// - Listing is part of using: a `list_*` action refused on a server hides the server's items and
//   refuses calls to them, so lists and calls cannot disagree.
import Cedar
import Foundation
import Synchronization

/// Every attached policy, compiled, with the entities requests are decided against.
package struct PolicyModel: Sendable {
    /// The policy-set version: it moves with every change to any policy.
    package let version: Int64
    /// Applications, servers, tools and prompts, with their parents.
    package let entities: Entities
    /// Problems found while compiling (a policy that no longer parses, say); such a policy is left
    /// out only when it cannot be read at all.
    package let problems: [PolicyProblem]
    /// Whether any shadow policy exists (when not, no would-be decision is computed).
    package let hasShadowPolicies: Bool
    private let sets: [String: ServerSets]
    private let projectSets: ServerSets

    /// No policies: everything the allow lists grant is allowed.
    package init() {
        version = 0
        entities = Entities()
        problems = []
        hasShadowPolicies = false
        sets = [:]
        projectSets = ServerSets(policies: [], shadow: [])
    }

    /// Compiles `sources` for `servers`.
    ///
    /// - Parameters:
    ///   - version: The policy-set version to report in decisions.
    ///   - applications: Application names (principals).
    ///   - projects: The project of each application that is not in the default one.
    package init(version: Int64, sources: [PolicySource], applications: [String], servers: [ServerFacts], projects: [String: String] = [:]) {
        self.version = version
        var problems: [PolicyProblem] = []
        var project: [Policy] = []
        var projectShadow: [Policy] = []
        var own: [String: [Policy]] = [:]
        var ownShadow: [String: [Policy]] = [:]
        for source in sources {
            switch PolicyCompiler.parse(source) {
            case .failure(let problem):
                problems.append(problem)
            case .success(let policies):
                switch (source.server, source.mode) {
                case (nil, .shadow): projectShadow += policies
                case (nil, _): project += policies
                case (let s?, .shadow): ownShadow[s, default: []] += policies
                case (let s?, _): own[s, default: []] += policies
                }
            }
        }
        self.problems = problems
        hasShadowPolicies = !projectShadow.isEmpty || !ownShadow.isEmpty
        projectSets = ServerSets(policies: project, shadow: projectShadow)
        var sets: [String: ServerSets] = [:]
        for slug in Set(own.keys).union(ownShadow.keys) {
            sets[slug] = ServerSets(policies: project + (own[slug] ?? []), shadow: projectShadow + (ownShadow[slug] ?? []))
        }
        self.sets = sets
        entities = Self.entities(applications: applications, servers: servers, projects: projects)
    }

    // MARK: - Deciding

    /// Decides `action` on `resource` (which lives on `server`) for `principal`.
    ///
    /// - Parameters:
    ///   - phase: `.target` for lists and the first check of a call (the context has no
    ///     `arguments`); `.arguments` for the per-call check (the context has them).
    ///   - resourceEntity: An entity the store lacks (a live resource), added for this request.
    ///   - requestEntities: The store for this request when it differs from ``entities`` (see
    ///     ``entities(adding:)``).
    package func decide(
        _ action: MCPAction, phase: PolicyPhase, principal: EntityUID, resource: EntityUID, server: String, context: CedarRecord,
        resourceEntity: Entity? = nil, requestEntities: Entities? = nil
    ) -> PolicyDecision {
        let s = sets[server] ?? projectSets
        guard let set = phase == .target ? s.target : s.arguments else { return .allowed(version) }
        return evaluate(
            set, action: action, principal: principal, resource: resource, context: context, resourceEntity: resourceEntity,
            requestEntities: requestEntities)
    }

    /// What enforce and shadow policies together would decide (the context as for
    /// `.arguments`), or `nil` when no shadow policy applies to `server`.
    package func shadowDecision(
        _ action: MCPAction, principal: EntityUID, resource: EntityUID, server: String, context: CedarRecord, resourceEntity: Entity? = nil,
        requestEntities: Entities? = nil
    ) -> PolicyDecision? {
        guard hasShadowPolicies, let set = (sets[server] ?? projectSets).shadow else { return nil }
        return evaluate(
            set, action: action, principal: principal, resource: resource, context: context, resourceEntity: resourceEntity,
            requestEntities: requestEntities)
    }

    /// Whether no policy is attached at all (then no decision needs an entity store).
    package var isEmpty: Bool { sets.isEmpty && projectSets.target == nil && projectSets.arguments == nil && projectSets.shadow == nil }

    /// The store for one request: ``entities`` plus `extra` entities it lacks (a signed-in user
    /// and their groups). Rebuilding the store costs a pass over every entity, so a request
    /// builds it once and passes it to each decision.
    package func entities(adding extra: [Entity]) -> Entities {
        let missing = extra.filter { entities[$0.uid] == nil }
        guard !missing.isEmpty, let more = try? entities.adding(missing) else { return entities }
        return more
    }

    /// Whether an enforced policy of `phase` could apply to `server` (when not, callers may skip
    /// building a context).
    package func hasPolicies(for server: String, phase: PolicyPhase) -> Bool {
        let s = sets[server] ?? projectSets
        return (phase == .target ? s.target : s.arguments) != nil
    }

    /// Whether a shadow policy applies to `server`.
    package func hasShadowPolicies(for server: String) -> Bool {
        hasShadowPolicies && (sets[server] ?? projectSets).shadow != nil
    }

    private func evaluate(
        _ set: PolicySet, action: MCPAction, principal: EntityUID, resource: EntityUID, context: CedarRecord, resourceEntity: Entity?,
        requestEntities: Entities?
    ) -> PolicyDecision {
        var store = requestEntities ?? entities
        if let resourceEntity, store[resourceEntity.uid] == nil, let more = try? store.adding([resourceEntity]) { store = more }
        let response = set.isAuthorized(Request(principal: principal, action: action.uid, resource: resource, context: context), entities: store)
        let forbidding = response.decision == .deny ? response.determiningPolicies.map(\.rawValue) : []
        let errors = response.errors.map { "\($0.policyID): \($0.message)" }
        // Fail closed: every policy but the baseline is a forbid, so any error is a forbid's.
        let failed = response.errors.map(\.policyID.rawValue)
        return PolicyDecision(allowed: forbidding.isEmpty && errors.isEmpty, policies: forbidding + failed, errors: errors, version: version)
    }

    // MARK: - Entities

    /// `Gatehouse::Application::"name"`.
    package static func application(_ name: String) -> EntityUID { EntityUID(type: MCPCedarSchema.applicationType, id: name) }
    /// `Gatehouse::User::"name"`.
    package static func user(_ name: String) -> EntityUID { EntityUID(type: MCPCedarSchema.userType, id: name) }
    /// `Gatehouse::Group::"name"`.
    package static func group(_ name: String) -> EntityUID { EntityUID(type: MCPCedarSchema.groupType, id: name) }
    /// `Gatehouse::Project::"name"`.
    package static func project(_ name: String) -> EntityUID { EntityUID(type: MCPCedarSchema.projectType, id: name) }

    /// A signed-in user's entities: the user, in its groups, its project and the application it
    /// signed in to (so `principal in Gatehouse::Application::"ci-agent"` covers the
    /// application's users), and each group, in the project.
    package static func userEntities(name: String, groups: [String], project: String, application: String) -> [Entity] {
        let projectUID = Self.project(project)
        var all = [
            Entity(
                uid: user(name), attributes: ["name": .string(name)],
                parents: Set(groups.map(group)).union([projectUID, Self.application(application)]))
        ]
        for g in Set(groups) { all.append(Entity(uid: group(g), parents: [projectUID])) }
        return all
    }

    /// `Gatehouse::Server::"slug"`.
    package static func server(_ slug: String) -> EntityUID { EntityUID(type: MCPCedarSchema.serverType, id: slug) }
    /// `Gatehouse::Tool::"slug/name"`.
    package static func tool(server: String, name: String) -> EntityUID { EntityUID(type: MCPCedarSchema.toolType, id: "\(server)/\(name)") }
    /// `Gatehouse::Prompt::"slug/name"`.
    package static func prompt(server: String, name: String) -> EntityUID { EntityUID(type: MCPCedarSchema.promptType, id: "\(server)/\(name)") }
    /// `Gatehouse::Resource::"slug/uri"`.
    package static func resource(server: String, uri: String) -> EntityUID { EntityUID(type: MCPCedarSchema.resourceType, id: "\(server)/\(uri)") }

    /// A resource's entity (resources are gathered live, so they are not in the store).
    package static func resourceEntity(server: String, uri: String) -> Entity {
        Entity(uid: resource(server: server, uri: uri), attributes: ["uri": .string(uri), "server": .string(server)], parents: [Self.server(server)])
    }

    static func entities(applications: [String], servers: [ServerFacts], projects: [String: String]) -> Entities {
        let project = Self.project(MCPCedarSchema.defaultProject)
        var all: [Entity] = [Entity(uid: project)]
        for other in Set(projects.values) where other != MCPCedarSchema.defaultProject { all.append(Entity(uid: Self.project(other))) }
        for name in Set(applications) {
            let parent = projects[name].map(Self.project) ?? project
            all.append(Entity(uid: application(name), attributes: ["name": .string(name)], parents: [parent]))
        }
        for s in servers {
            var attributes: [String: CedarValue] = ["slug": .string(s.slug), "name": .string(s.name), "status": .string(s.status)]
            if let v = s.version { attributes["version"] = .string(v) }
            let uid = server(s.slug)
            all.append(Entity(uid: uid, attributes: CedarRecord(attributes), parents: [project]))
            for t in Set(s.tools.map(\.name)) {
                all.append(Entity(uid: tool(server: s.slug, name: t), attributes: ["name": .string(t), "server": .string(s.slug)], parents: [uid]))
            }
            for p in Set(s.prompts) {
                all.append(Entity(uid: prompt(server: s.slug, name: p), attributes: ["name": .string(p), "server": .string(s.slug)], parents: [uid]))
            }
        }
        // Every uid above is distinct and the hierarchy has no cycles, so this cannot fail.
        return (try? Entities(all)) ?? Entities()
    }
}

/// The outcome of one policy evaluation.
package struct PolicyDecision: Sendable, Equatable {
    package var allowed: Bool
    /// The forbid policies that were satisfied or could not be evaluated (Cedar ids: the
    /// registry id, or `id#n` for the n-th statement of a multi-statement policy).
    package var policies: [String]
    /// `policy: message` for each policy that could not be evaluated.
    package var errors: [String]
    /// The policy-set version decided under.
    package var version: Int64

    package static func allowed(_ version: Int64) -> PolicyDecision {
        PolicyDecision(allowed: true, policies: [], errors: [], version: version)
    }
}

/// The compiled sets that apply to one server.
final class ServerSets: Sendable {
    /// Enforced policies that do not read the arguments, plus the baseline; `nil` when none.
    let target: PolicySet?
    /// Enforced policies that read the arguments, plus the baseline; `nil` when none.
    let arguments: PolicySet?
    /// Enforced and shadow policies together, plus the baseline; `nil` when no shadow policy applies.
    let shadow: PolicySet?

    init(policies: [Policy], shadow: [Policy]) {
        let baseline = ServerSets.baseline
        let targets = policies.filter { !PolicyCompiler.readsArguments($0) }
        let argumentPolicies = policies.filter(PolicyCompiler.readsArguments)
        target = targets.isEmpty ? nil : try? PolicySet(policies: [baseline] + targets)
        arguments = argumentPolicies.isEmpty ? nil : try? PolicySet(policies: [baseline] + argumentPolicies)
        self.shadow = shadow.isEmpty ? nil : try? PolicySet(policies: [baseline] + policies + shadow)
    }

    static let baseline: Policy = {
        do { return try Policy(cedar: "permit (principal, action, resource);", id: PolicyCompiler.baselineID) } catch {
            fatalError("the baseline policy does not parse: \(error)")
        }
    }()
}

/// A small bounded cache of parsed schemas.
final class SchemaStore: Sendable {
    private let schemas = Mutex<[String: Schema]>([:])

    func get(_ key: String) -> Schema? { schemas.withLock { $0[key] } }

    func put(_ key: String, _ schema: Schema) {
        schemas.withLock { s in
            if s.count > 512 { s.removeAll() }
            s[key] = schema
        }
    }
}

/// Which policies a decision consults.
package enum PolicyPhase: Sendable {
    /// Policies that do not read `context.arguments`: may the caller use the target at all.
    case target
    /// Policies that read `context.arguments`: may the caller make this particular call.
    case arguments
}
