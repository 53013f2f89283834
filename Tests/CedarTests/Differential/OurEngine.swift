// Runs a differential case through this library, producing an `Outcome` shaped like the
// oracle's, and (when the oracle supplied it) through the JSON policy format as well.

@testable import Cedar

enum OurEngine {
    static func outcome(_ c: DiffCase, policiesJSON: String? = nil) -> Outcome {
        var outcome = Outcome()
        var policies: PolicySet
        var unlinked = PolicySet()
        do {
            policies = try policiesJSON.map { try PolicySet(json: $0) } ?? PolicySet(cedar: c.policyText)
            unlinked = policies
            for link in c.links {
                policies = try policies.linking(
                    template: PolicyID(c.templateID(link.template)), as: PolicyID(link.id),
                    principal: link.principal.map { EntityUID(type: $0.0, id: $0.1) },
                    resource: link.resource.map { EntityUID(type: $0.0, id: $0.1) })
            }
        } catch {
            outcome.parseError = true
            return outcome
        }
        // The oracle validates the policy text (statics and templates), not the links.
        if let schemaText = c.schema {
            outcome.valid = (try? Schema(cedarschema: schemaText))?.validate(unlinked).passed
        }
        guard let entities = try? Entities(json: c.entitiesJSON) else {
            outcome.entitiesError = true
            return outcome
        }
        for r in c.requests {
            guard let context = try? CedarValue.context(json: r.contextJSON) else {
                outcome.answers.append(Outcome.Answer(decision: "NoDecision", reasons: [], errors: []))
                continue
            }
            let request = Request(
                principal: EntityUID(type: r.principal.0, id: r.principal.1),
                action: EntityUID(type: r.action.0, id: r.action.1),
                resource: EntityUID(type: r.resource.0, id: r.resource.1), context: context)
            let response = policies.isAuthorized(request, entities: entities)
            outcome.answers.append(
                Outcome.Answer(
                    decision: response.decision == .allow ? "Allow" : "Deny",
                    reasons: Set(response.determiningPolicies.map(\.rawValue)),
                    errors: Set(response.errors.map(\.policyID.rawValue))))
        }
        return outcome
    }
}
