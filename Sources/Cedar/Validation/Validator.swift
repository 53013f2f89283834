// Strict validation of policies against a schema, as the reference validator does it: every
// entity type, action and enumerated id a policy names must be declared; the scope must be able
// to match some request the schema allows; and the policy must typecheck (as a boolean) in every
// request environment (action × principal type × resource type). A policy that is merely always
// false is accepted, as the reference only warns about it.

extension Schema {
    /// Validates every static and linked policy, and every template, in strict mode.
    public func validate(_ policies: PolicySet) -> ValidationResult {
        var diagnostics: [ValidationDiagnostic] = []
        for policy in policies.templates + policies.policies { diagnostics += validate(policy) }
        return ValidationResult(diagnostics: diagnostics)
    }

    /// Validates one policy or template in strict mode.
    public func validate(_ policy: Policy) -> [ValidationDiagnostic] {
        var diagnostics: [ValidationDiagnostic] = []
        func report(_ code: ValidationDiagnostic.Code, _ message: String) {
            let d = ValidationDiagnostic(code: code, policyID: policy.id, location: policy.location, message: message)
            if !diagnostics.contains(d) { diagnostics.append(d) }
        }
        let expression = policy.expression
        expression.visit { e in
            switch e {
            case .value(.entity(let uid)):
                if !isKnownType(uid.type) {
                    report(.unknownEntityType, "unrecognized entity type `\(uid.type)`")
                } else if !isValidEntity(uid) || (uid.type.isActionType && actions[uid] == nil) {
                    report(.unknownEntity, "unrecognized entity \(uid)")
                }
            case .isType(_, let type) where !isKnownType(type):
                report(.unknownEntityType, "unrecognized entity type `\(type)`")
            default: break
            }
        }
        if !scopeCanApply(policy) {
            report(
                .invalidActionApplication,
                "unable to find an applicable action given the policy scope constraints")
        }
        for action in actionOrder {
            let info = actions[action]!
            let substituted = expression.replacingAction(with: action)
            for principal in info.principalTypes {
                for resource in info.resourceTypes {
                    let checker = TypeChecker(
                        schema: self, principal: principal, action: action, resource: resource,
                        context: CedarType.fields(info.context))
                    do {
                        let (type, _) = try checker.typeOf(substituted, [])
                        if case .bool = type { continue }
                        report(.typeError, "the policy has type \(type), not Bool")
                    } catch {
                        report(.typeError, error.message)
                    }
                }
            }
        }
        return diagnostics
    }

    /// Whether some action the scope allows applies to a principal type and a resource type the
    /// scope allows (the reference's "action application" check).
    private func scopeCanApply(_ policy: Policy) -> Bool {
        let candidates: [EntityUID]
        switch policy.action {
        case .any: candidates = actionOrder
        case .equal(let uid): candidates = [uid]
        case .memberOf(let uids): candidates = actionsIn(uids) ?? []
        }
        let principals = typesAllowed(by: policy.principal)
        let resources = typesAllowed(by: policy.resource)
        return candidates.contains { uid in
            guard let info = actions[uid] else { return false }
            return info.principalTypes.contains { principals?.contains($0) ?? true }
                && info.resourceTypes.contains { resources?.contains($0) ?? true }
        }
    }

    /// The entity types a scope constraint admits, or nil for "any type".
    private func typesAllowed(by constraint: ScopeConstraint) -> Set<EntityType>? {
        switch constraint {
        case .any, .equal(.slot), .memberOf(.slot): return nil
        case .equal(.entity(let uid)): return [uid.type]
        case .memberOf(.entity(let uid)): return typesIn(uid.type)
        case .isType(let t), .isTypeMemberOf(let t, .slot): return isKnownType(t) ? [t] : []
        case .isTypeMemberOf(let t, .entity(let uid)): return typesIn(uid.type).intersection([t])
        }
    }
}

extension Expr {
    /// The expression with the `action` variable replaced by a literal, so the typechecker can
    /// decide action scope tests exactly.
    func replacingAction(with uid: EntityUID) -> Expr {
        switch self {
        case .variable(.action): return .value(.entity(uid))
        case .value, .variable, .slot: return self
        case .not(let e): return .not(e.replacingAction(with: uid))
        case .negate(let e): return .negate(e.replacingAction(with: uid))
        case .isEmpty(let e): return .isEmpty(e.replacingAction(with: uid))
        case .and(let a, let b): return .and(a.replacingAction(with: uid), b.replacingAction(with: uid))
        case .or(let a, let b): return .or(a.replacingAction(with: uid), b.replacingAction(with: uid))
        case .ifThenElse(let a, let b, let c):
            return .ifThenElse(a.replacingAction(with: uid), b.replacingAction(with: uid), c.replacingAction(with: uid))
        case .binary(let op, let a, let b): return .binary(op, a.replacingAction(with: uid), b.replacingAction(with: uid))
        case .getAttribute(let e, let a): return .getAttribute(e.replacingAction(with: uid), a)
        case .hasAttribute(let e, let a): return .hasAttribute(e.replacingAction(with: uid), a)
        case .like(let e, let p): return .like(e.replacingAction(with: uid), p)
        case .isType(let e, let t): return .isType(e.replacingAction(with: uid), t)
        case .set(let es): return .set(es.map { $0.replacingAction(with: uid) })
        case .record(let fs): return .record(fs.map { ($0.0, $0.1.replacingAction(with: uid)) })
        case .call(let f, let es): return .call(f, es.map { $0.replacingAction(with: uid) })
        }
    }
}
