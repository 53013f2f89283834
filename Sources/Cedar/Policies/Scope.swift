// A policy's scope: the constraints on principal, action and resource written in its head. They
// never raise errors, which is what lets the policy set index them instead of evaluating them.

/// Whether a policy grants or denies.
public enum Effect: String, Hashable, Sendable {
    /// Allows the request when satisfied (unless a satisfied `forbid` overrides it).
    case permit
    /// Denies the request when satisfied.
    case forbid
}

/// An entity in a scope: a fixed uid, or a template slot to be filled when linking.
public enum EntityReference: Hashable, Sendable, CustomStringConvertible {
    /// A fixed entity.
    case entity(EntityUID)
    /// The slot of the scope's variable (`?principal` or `?resource`).
    case slot(SlotID)

    public var description: String {
        switch self {
        case .entity(let uid): uid.description
        case .slot(let s): s.rawValue
        }
    }
}

/// The constraint on `principal` or `resource` in a policy's scope.
public enum ScopeConstraint: Hashable, Sendable {
    /// No constraint.
    case any
    /// `== E`
    case equal(EntityReference)
    /// `in E`: equal to E or a descendant of E.
    case memberOf(EntityReference)
    /// `is T`
    case isType(EntityType)
    /// `is T in E`
    case isTypeMemberOf(EntityType, EntityReference)

    var slot: SlotID? {
        switch self {
        case .equal(.slot(let s)), .memberOf(.slot(let s)), .isTypeMemberOf(_, .slot(let s)): s
        default: nil
        }
    }

    func linking(_ slots: [SlotID: EntityUID]) -> ScopeConstraint {
        func fill(_ r: EntityReference) -> EntityReference {
            if case .slot(let s) = r, let uid = slots[s] { return .entity(uid) }
            return r
        }
        switch self {
        case .any, .isType: return self
        case .equal(let r): return .equal(fill(r))
        case .memberOf(let r): return .memberOf(fill(r))
        case .isTypeMemberOf(let t, let r): return .isTypeMemberOf(t, fill(r))
        }
    }

    /// The constraint as a Cedar expression on `variable`, as the reference defines it.
    func expression(on variable: Variable) -> Expr {
        func ref(_ r: EntityReference) -> Expr {
            switch r {
            case .entity(let uid): .value(.entity(uid))
            case .slot(let s): .slot(s)
            }
        }
        switch self {
        case .any: return .value(.bool(true))
        case .equal(let r): return .binary(.equal, .variable(variable), ref(r))
        case .memberOf(let r): return .binary(.in, .variable(variable), ref(r))
        case .isType(let t): return .isType(.variable(variable), t)
        case .isTypeMemberOf(let t, let r):
            return .and(.isType(.variable(variable), t), .binary(.in, .variable(variable), ref(r)))
        }
    }
}

/// The constraint on `action` in a policy's scope.
public enum ActionConstraint: Hashable, Sendable {
    /// No constraint.
    case any
    /// `== A`
    case equal(EntityUID)
    /// `in A` (one entity) or `in [A, B]` (any of several).
    case memberOf([EntityUID])

    /// The constraint as a Cedar expression, as the reference defines it.
    var expression: Expr {
        switch self {
        case .any: .value(.bool(true))
        case .equal(let uid): .binary(.equal, .variable(.action), .value(.entity(uid)))
        case .memberOf(let uids) where uids.count == 1:
            .binary(.in, .variable(.action), .value(.entity(uids[0])))
        case .memberOf(let uids): .binary(.in, .variable(.action), .set(uids.map { .value(.entity($0)) }))
        }
    }
}

/// A `when` or `unless` clause.
struct Condition: Sendable {
    enum Kind: String, Sendable { case when, unless }
    let kind: Kind
    let body: Expr

    /// The clause as a boolean expression: `body` or `!body`.
    var expression: Expr { kind == .when ? body : .not(body) }
}
