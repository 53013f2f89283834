// The authorization rule and the API around it: default deny, forbid wins, erroring policies are
// skipped and reported, determining policies, the scope index, templates, policy ids, and
// sharing a policy set across tasks.

import Testing

@testable import Cedar

@Suite struct AuthorizationTests {
    static let alice = EntityUID(type: "User", id: "alice")
    static let view = EntityUID(type: "Action", id: "view")
    static let doc = EntityUID(type: "Doc", id: "d")

    static let entities: Entities = try! Entities([
        Entity(uid: alice, attributes: ["age": 30, "dept": "eng"], parents: [EntityUID(type: "Group", id: "g1")]),
        Entity(uid: EntityUID(type: "Group", id: "g1"), parents: [EntityUID(type: "Group", id: "g2")]),
        Entity(uid: view, parents: [EntityUID(type: "Action", id: "read")]),
        Entity(uid: doc, attributes: ["owner": .entity(alice)], tags: ["level": "secret"]),
    ])

    func decide(_ policies: String, context: CedarRecord = [:], principal: EntityUID = alice) throws -> Response {
        try PolicySet(cedar: policies).isAuthorized(
            Request(principal: principal, action: Self.view, resource: Self.doc, context: context),
            entities: Self.entities)
    }

    @Test func emptySetDeniesByDefault() throws {
        let r = try decide("")
        #expect(r.decision == .deny)
        #expect(r.determiningPolicies.isEmpty && r.errors.isEmpty)
    }

    @Test func forbidOverridesPermit() throws {
        let r = try decide(
            """
            permit(principal, action, resource);
            forbid(principal, action, resource) when { resource.owner == principal };
            permit(principal in Group::"g2", action, resource);
            """)
        #expect(r.decision == .deny)
        #expect(r.determiningPolicies == ["policy1"])
    }

    @Test func allowListsEverySatisfiedPermit() throws {
        let r = try decide(
            """
            permit(principal, action in Action::"read", resource);
            forbid(principal, action, resource) when { false };
            permit(principal is User in Group::"g2", action, resource) when { principal.age >= 18 };
            """)
        #expect(r.decision == .allow)
        #expect(r.determiningPolicies == ["policy0", "policy2"])
    }

    @Test func erroringPoliciesAreSkippedAndReported() throws {
        let r = try decide(
            """
            permit(principal, action, resource);
            forbid(principal, action, resource) when { principal.missing };
            forbid(principal, action, resource) when { 9223372036854775807 + 1 > 0 };
            """)
        #expect(r.decision == .allow)
        #expect(r.determiningPolicies == ["policy0"])
        #expect(r.errors.map(\.policyID) == ["policy1", "policy2"])
        #expect(r.errors[0].message == "`User::\"alice\"` does not have the attribute `missing`")
        #expect(r.errors[1].message.contains("overflow"))
    }

    @Test func conditionsShortCircuitAndDemandBooleans() throws {
        #expect(try decide("permit(principal, action, resource) when { false } when { 1 };").errors.isEmpty)
        #expect(try decide("permit(principal, action, resource) when { 1 } when { false };").errors.count == 1)
        #expect(try decide("permit(principal, action, resource) unless { \"x\" };").errors.count == 1)
        #expect(try decide("permit(principal, action, resource) when { false && 1 };").errors.isEmpty)
        #expect(try decide("permit(principal, action, resource) when { true || 1 };").decision == .allow)
    }

    @Test func unmatchedScopeNeverEvaluatesConditions() throws {
        // The index skips this policy for alice, so its erroring condition is never reached.
        let r = try decide("permit(principal == User::\"bob\", action, resource) when { 1 };")
        #expect(r.errors.isEmpty)
        #expect(r.decision == .deny)
    }

    @Test func inIsTransitiveAndReflexiveEvenForMissingEntities() throws {
        #expect(try decide("permit(principal in Group::\"g2\", action, resource);").decision == .allow)
        let ghost = EntityUID(type: "User", id: "ghost")
        #expect(try decide("permit(principal in User::\"ghost\", action, resource);", principal: ghost).decision == .allow)
        #expect(try decide("permit(principal in Group::\"g2\", action, resource);", principal: ghost).decision == .deny)
        // A missing entity has no attributes: `has` is false, reading one is an error.
        #expect(try decide("permit(principal, action, resource) when { principal has age };", principal: ghost).decision == .deny)
        let r = try decide("permit(principal, action, resource) when { principal.age > 1 };", principal: ghost)
        #expect(r.errors.first?.message == "entity `User::\"ghost\"` does not exist")
    }

    @Test func tagsAreNotAttributes() throws {
        #expect(try decide("permit(principal, action, resource) when { resource.getTag(\"level\") == \"secret\" };").decision == .allow)
        #expect(try decide("permit(principal, action, resource) when { resource has level };").decision == .deny)
        #expect(try decide("permit(principal, action, resource) when { resource.getTag(\"nope\") };").errors.count == 1)
    }

    @Test func contextValuesFromSwift() throws {
        let context: CedarRecord = [
            "ip": .ipaddr(IPAddress(parsing: "10.1.2.3")!), "mfa": true, "scopes": ["tools:call", "tools:list"],
        ]
        let policy = """
            permit(principal, action, resource)
            when { context.ip.isInRange(ip("10.0.0.0/8")) && context.mfa && context.scopes.contains("tools:call") };
            """
        #expect(try decide(policy, context: context).decision == .allow)
    }

    @Test func stringsCompareByScalarsNotCanonicalEquivalence() throws {
        #expect(try decide("permit(principal, action, resource) when { \"\u{e9}\" == \"e\u{301}\" };").decision == .deny)
        #expect(try decide("permit(principal, action, resource) when { \"\u{37e}\" == \";\" };").decision == .deny)
        #expect(EntityUID(type: "User", id: "\u{e9}") != EntityUID(type: "User", id: "e\u{301}"))
        #expect(CedarValue.set(["\u{e9}", "e\u{301}"]) != CedarValue.set(["\u{e9}"]))
    }

    @Test func templatesTakeEffectOnlyWhenLinked() throws {
        let set = try PolicySet(cedar: "permit(principal in ?principal, action, resource == ?resource);")
        #expect(set.templates.count == 1 && set.policies.isEmpty)
        let request = Request(principal: Self.alice, action: Self.view, resource: Self.doc)
        #expect(set.isAuthorized(request, entities: Self.entities).decision == .deny)
        let linked = try set.linking(
            template: "policy0", as: "alice-docs", principal: EntityUID(type: "Group", id: "g2"), resource: Self.doc)
        let r = linked.isAuthorized(request, entities: Self.entities)
        #expect(r.decision == .allow)
        #expect(r.determiningPolicies == ["alice-docs"])
        #expect(linked.policy("alice-docs")?.templateID == "policy0")
        #expect(throws: PolicySetError.self) { try linked.linking(template: "policy0", as: "x", principal: Self.alice) }
        #expect(throws: PolicySetError.self) {
            try linked.linking(template: "policy0", as: "alice-docs", principal: Self.alice, resource: Self.doc)
        }
        #expect(throws: PolicySetError.self) { try linked.linking(template: "nope", as: "y") }
    }

    @Test func idsArePositionalUnlessAnAnnotationIsChosen() throws {
        let text = "@id(\"allow-all\") permit(principal, action, resource);\npermit(principal, action, resource);"
        #expect(try PolicySet(cedar: text).policies.map(\.id) == ["policy0", "policy1"])
        let named = try PolicySet(cedar: text, idAnnotation: "id")
        #expect(named.policies.map(\.id) == ["allow-all", "policy1"])
        #expect(named.policy("allow-all")?.annotation("id") == "allow-all")
    }

    @Test func policiesBuiltOneByOne() throws {
        let a = try Policy(cedar: "permit(principal, action, resource);", id: "a")
        let b = try Policy(json: #"{"effect":"forbid","principal":{"op":"All"},"action":{"op":"All"},"resource":{"op":"All"},"conditions":[]}"#, id: "b")
        let set = try PolicySet(policies: [a, b])
        let r = set.isAuthorized(Request(principal: Self.alice, action: Self.view, resource: Self.doc), entities: Self.entities)
        #expect(r.decision == .deny && r.determiningPolicies == ["b"])
        #expect(throws: PolicySetError.self) { try PolicySet(policies: [a, a]) }
    }

    @Test func printedPoliciesParseToTheSameDecisions() throws {
        let text = """
            @advice("x")
            forbid(principal is User in Group::"g1", action in [Action::"read", Action::"write"], resource)
            when { -(-principal.age) * 2 != 61 && !(resource has secret) && context.path like "/etc/\\**" }
            unless { if principal.dept == "ops" then true else [1, 2].containsAny([3]) };
            """
        let original = try PolicySet(cedar: text)
        let reprinted = try PolicySet(cedar: original.policies[0].description)
        for path in ["/etc/*x", "/etc/x"] {
            let request = Request(principal: Self.alice, action: Self.view, resource: Self.doc, context: ["path": .string(path)])
            #expect(original.isAuthorized(request, entities: Self.entities) == reprinted.isAuthorized(request, entities: Self.entities))
        }
    }

    @Test func policySetIsSharedAcrossTasks() async throws {
        let set = try PolicySet(cedar: "permit(principal in Group::\"g2\", action, resource) when { principal.age > 20 };")
        let entities = Self.entities
        let results = await withTaskGroup(of: Decision.self) { group in
            for _ in 0..<64 {
                group.addTask {
                    set.isAuthorized(Request(principal: Self.alice, action: Self.view, resource: Self.doc), entities: entities)
                        .decision
                }
            }
            return await group.reduce(into: [Decision]()) { $0.append($1) }
        }
        #expect(results.count == 64 && results.allSatisfy { $0 == .allow })
    }

    @Test func entityStoreRejectsCyclesAndConflicts() {
        let a = EntityUID(type: "G", id: "a")
        let b = EntityUID(type: "G", id: "b")
        #expect(throws: ParseError.self) { try Entities([Entity(uid: a, parents: [b]), Entity(uid: b, parents: [a])]) }
        #expect(throws: ParseError.self) { try Entities([Entity(uid: a, attributes: ["x": 1]), Entity(uid: a)]) }
        #expect((try? Entities([Entity(uid: a), Entity(uid: a)]))?.count == 1)
    }
}

@Suite struct DocumentationExampleTests {
    /// The example in Docs.docc/index.md, kept compiling and correct.
    @Test func overviewExample() throws {
        let policies = try PolicySet(
            cedar: """
                permit (principal in Group::"payments", action == Action::"call_tool", resource)
                when { resource.org == "acme" && context.hour >= 8 && context.hour < 18 }
                unless { resource has flagged && resource.flagged };
                """)
        let entities = try Entities([
            Entity(uid: EntityUID(type: "User", id: "alice"), parents: [EntityUID(type: "Group", id: "payments")]),
            Entity(uid: EntityUID(type: "Tool", id: "github/open_pr"), attributes: ["org": "acme"]),
        ])
        let response = policies.isAuthorized(
            Request(
                principal: EntityUID(type: "User", id: "alice"), action: EntityUID(type: "Action", id: "call_tool"),
                resource: EntityUID(type: "Tool", id: "github/open_pr"), context: ["hour": 10]),
            entities: entities)
        #expect(response.decision == .allow)
        #expect(response.determiningPolicies == ["policy0"])
        #expect(response.errors.isEmpty)

        let schema = try Schema(
            cedarschema: """
                entity Group;
                entity User in [Group];
                entity Tool { org: String, flagged?: Bool };
                action call_tool appliesTo { principal: [User], resource: [Tool], context: { hour: Long } };
                """)
        #expect(schema.validate(policies).passed)
    }
}
