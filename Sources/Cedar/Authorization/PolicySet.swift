// An immutable, indexed set of policies and templates, and the authorizer. Each request touches
// only the policies whose scope matches (see `PolicyIndex`), evaluates their conditions in
// policy order, and applies Cedar's rule: allow iff some permit holds and no forbid holds;
// policies that error are skipped and reported.

/// A set of Cedar policies and templates that answers authorization requests.
///
/// A policy set is immutable and `Sendable`: parse it once and share it between requests and
/// threads.
///
/// ```swift
/// let policies = try PolicySet(cedar: text)
/// let response = policies.isAuthorized(request, entities: entities)
/// if response.decision == .allow { ... }
/// ```
public struct PolicySet: Sendable {
    final class Storage: Sendable {
        /// Static and linked policies, in order; these take part in decisions.
        let policies: [Policy]
        let templates: [Policy]
        let index: PolicyIndex
        let positions: [PolicyID: Int]
        /// Each policy's conditions compiled into one boolean node.
        let conditions: [Node]
        let isForbid: [Bool]

        init(policies: [Policy], templates: [Policy]) {
            self.policies = policies
            self.templates = templates
            index = PolicyIndex(policies)
            var positions: [PolicyID: Int] = [:]
            for (i, p) in policies.enumerated() { positions[p.id] = i }
            self.positions = positions
            conditions = policies.map { Node.compile($0.conditionExpression) }
            isForbid = policies.map { $0.effect == .forbid }
        }
    }

    let storage: Storage

    /// An empty policy set, which denies every request.
    public init() {
        storage = Storage(policies: [], templates: [])
    }

    /// Parses Cedar policy text. Policies and templates are numbered `policy0`, `policy1`, ...
    /// in source order (annotations do not change ids).
    ///
    /// - Parameter idAnnotation: when set, a policy carrying this annotation (for example
    ///   `@id("allow-admins")` with `idAnnotation: "id"`) gets the annotation's value as its id.
    /// - Throws: ``ParseError`` for a syntax error anywhere in the text (the whole set is
    ///   rejected), or when two policies end up with the same id.
    public init(cedar text: String, idAnnotation: String? = nil) throws(ParseError) {
        var parsed = try PolicyParser.parse(text)
        if let key = idAnnotation {
            parsed = parsed.map { p in p.annotation(key).map { p.withID(PolicyID($0)) } ?? p }
        }
        if let duplicate = Self.firstDuplicateID(parsed) {
            throw ParseError(.duplicatePolicyID, "more than one policy or template has the id `\(duplicate)`")
        }
        storage = Storage(policies: parsed.filter { !$0.isTemplate }, templates: parsed.filter(\.isTemplate))
    }

    private static func firstDuplicateID(_ policies: [Policy]) -> PolicyID? {
        var seen = Set<PolicyID>()
        return policies.first { !seen.insert($0.id).inserted }?.id
    }

    /// Builds a set from parsed policies; those with slots become templates.
    ///
    /// - Throws: ``PolicySetError`` when two policies or templates share an id.
    public init(policies: [Policy]) throws(PolicySetError) {
        if let duplicate = Self.firstDuplicateID(policies) {
            throw PolicySetError(.duplicateID, "more than one policy or template has the id `\(duplicate)`")
        }
        storage = Storage(policies: policies.filter { !$0.isTemplate }, templates: policies.filter(\.isTemplate))
    }

    /// The static and linked policies, in order.
    public var policies: [Policy] { storage.policies }

    /// The templates, in order.
    public var templates: [Policy] { storage.templates }

    /// The policy (static or linked) with this id.
    public func policy(_ id: PolicyID) -> Policy? {
        storage.positions[id].map { storage.policies[$0] }
    }

    /// The template with this id.
    public func template(_ id: PolicyID) -> Policy? {
        storage.templates.first { $0.id == id }
    }

    /// A new set with `template` linked under `newID`: its slots filled with the given entities.
    ///
    /// - Parameters:
    ///   - template: the template's id.
    ///   - newID: the id of the linked policy; it must be unused.
    ///   - principal: the value for `?principal`, required iff the template has that slot.
    ///   - resource: the value for `?resource`, required iff the template has that slot.
    /// - Throws: ``PolicySetError`` for an unknown template, a used id, or values that do not
    ///   match the template's slots.
    public func linking(
        template: PolicyID, as newID: PolicyID, principal: EntityUID? = nil, resource: EntityUID? = nil
    ) throws(PolicySetError) -> PolicySet {
        guard let t = self.template(template) else {
            throw PolicySetError(.unknownTemplate, "there is no template with id `\(template)`")
        }
        if storage.positions[newID] != nil || self.template(newID) != nil {
            throw PolicySetError(.duplicateID, "the id `\(newID)` is already used")
        }
        var values: [SlotID: EntityUID] = [:]
        values[.principal] = principal
        values[.resource] = resource
        guard Set(values.keys) == Set(t.slots) else {
            let wanted = t.slots.map(\.rawValue).joined(separator: ", ")
            throw PolicySetError(.slotMismatch, "template `\(template)` needs values for exactly: [\(wanted)]")
        }
        let linked = t.linked(as: newID, slots: values)
        return PolicySet(storage: Storage(policies: storage.policies + [linked], templates: storage.templates))
    }

    private init(storage: Storage) {
        self.storage = storage
    }

    /// Decides `request` against these policies and `entities`.
    ///
    /// Only policies whose scope matches are evaluated. A policy whose conditions fail to
    /// evaluate is skipped and listed in ``Response/errors``.
    public func isAuthorized(_ request: Request, entities: Entities) -> Response {
        let s = storage
        let context = EvaluationContext(request: request, entities: entities)
        var permits: [Int32] = []
        var forbids: [Int32] = []
        var errors: [AuthorizationError] = []
        s.index.forEachCandidate(context) { p in
            do throws(EvaluationError) {
                if try s.conditions[p].evaluateBool(context) {
                    if s.isForbid[p] { forbids.append(Int32(p)) } else { permits.append(Int32(p)) }
                }
            } catch {
                errors.append(AuthorizationError(policyID: s.policies[p].id, message: error.message))
            }
        }
        let allow = forbids.isEmpty && !permits.isEmpty
        let determining = (allow ? permits : forbids).map { s.policies[Int($0)].id }
        return Response(decision: allow ? .allow : .deny, determiningPolicies: determining, errors: errors)
    }
}
