// One parsed policy or template: effect, scope, conditions and annotations. Immutable; linking a
// template produces a new policy with the slots filled in.

/// The identifier of a policy or template within a policy set.
public struct PolicyID: Hashable, Sendable, Comparable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The id text, e.g. `policy0`.
    public let rawValue: String

    /// Creates an id.
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }

    public var description: String { rawValue }
    public static func < (lhs: PolicyID, rhs: PolicyID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A Cedar policy or template.
///
/// A template is a policy whose scope contains the `?principal` or `?resource` slot; it has no
/// effect on decisions until it is linked (see ``PolicySet/linking(template:as:principal:resource:)``).
public struct Policy: Sendable, CustomStringConvertible {
    /// The policy's id in its policy set.
    public let id: PolicyID
    /// `permit` or `forbid`.
    public let effect: Effect
    /// The constraint on the principal.
    public let principal: ScopeConstraint
    /// The constraint on the action.
    public let action: ActionConstraint
    /// The constraint on the resource.
    public let resource: ScopeConstraint
    /// The annotations, in source order (`@key("value")`; `@key` alone has the value `""`).
    public let annotations: [(key: String, value: String)]
    /// Where the policy starts in its source text, when it was parsed from text.
    public let location: SourcePosition?
    /// For a linked policy, the id of the template it was made from.
    public let templateID: PolicyID?
    let conditions: [Condition]

    init(
        id: PolicyID, effect: Effect, principal: ScopeConstraint, action: ActionConstraint,
        resource: ScopeConstraint, conditions: [Condition], annotations: [(key: String, value: String)],
        location: SourcePosition?, templateID: PolicyID? = nil
    ) {
        self.id = id
        self.effect = effect
        self.principal = principal
        self.action = action
        self.resource = resource
        self.conditions = conditions
        self.annotations = annotations
        self.location = location
        self.templateID = templateID
    }

    /// Parses exactly one policy or template from Cedar text and gives it `id`.
    ///
    /// - Throws: ``ParseError`` if the text is not exactly one valid policy.
    public init(cedar text: String, id: PolicyID) throws(ParseError) {
        let parsed = try PolicyParser.parse(text)
        guard parsed.count == 1 else {
            throw ParseError(.invalidPolicy, "expected exactly one policy, found \(parsed.count)")
        }
        self = parsed[0].withID(id)
    }

    /// The value of annotation `key`, if present.
    public func annotation(_ key: String) -> String? {
        annotations.first { $0.key == key }?.value
    }

    /// Whether this is a template (its scope has a slot).
    public var isTemplate: Bool { !slots.isEmpty }

    /// The slots in the scope, principal first.
    public var slots: [SlotID] {
        [principal.slot, resource.slot].compactMap { $0 }
    }

    func withID(_ newID: PolicyID) -> Policy {
        Policy(
            id: newID, effect: effect, principal: principal, action: action, resource: resource,
            conditions: conditions, annotations: annotations, location: location, templateID: templateID)
    }

    /// The policy with its slots filled, under a new id.
    func linked(as newID: PolicyID, slots values: [SlotID: EntityUID]) -> Policy {
        Policy(
            id: newID, effect: effect, principal: principal.linking(values), action: action,
            resource: resource.linking(values), conditions: conditions, annotations: annotations,
            location: location, templateID: id)
    }

    /// The whole policy as one boolean expression, scope first, conditions in order (the
    /// reference semantics: `P && (A && (R && (c1 && ...)))`).
    var expression: Expr {
        .and(
            principal.expression(on: .principal),
            .and(action.expression, .and(resource.expression(on: .resource), conditionExpression)))
    }

    /// The conjunction of the conditions, `true` when there are none.
    var conditionExpression: Expr {
        guard var result = conditions.last?.expression else { return .value(.bool(true)) }
        for c in conditions.dropLast().reversed() { result = .and(c.expression, result) }
        return result
    }

    /// The policy in Cedar syntax.
    public var description: String { PolicyPrinter.print(self) }
}
