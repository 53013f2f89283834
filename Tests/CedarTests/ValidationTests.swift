// Schemas in both formats, schema-based reading of entities and contexts, and strict validation
// catching the mistakes it exists for: misspelled attributes, unguarded optional attributes,
// unknown types and actions, and scopes no request can match.

import Testing

@testable import Cedar

@Suite struct ValidationTests {
    static let humanSchema = """
        namespace Gatehouse {
            type Session = { auth_method: String, scopes?: Set<String> };
            entity Group in [Group];
            entity User in [Group] { email: String, clearance: Long, manager?: User } tags String;
            entity Tool { risk: String, owner: Group };
            action call_tool, list_tools in [tool_access]
                appliesTo { principal: [User], resource: [Tool], context: { session: Session, ip?: ipaddr } };
            action tool_access;
        }
        """

    static let jsonSchema = #"""
        {"Gatehouse": {
          "commonTypes": {"Session": {"type": "Record", "attributes": {
              "auth_method": {"type": "String"},
              "scopes": {"type": "Set", "element": {"type": "String"}, "required": false}}}},
          "entityTypes": {
            "Group": {"memberOfTypes": ["Group"]},
            "User": {"memberOfTypes": ["Group"], "shape": {"type": "Record", "attributes": {
                "email": {"type": "String"}, "clearance": {"type": "Long"},
                "manager": {"type": "Entity", "name": "User", "required": false}}},
              "tags": {"type": "String"}},
            "Tool": {"shape": {"type": "Record", "attributes": {
                "risk": {"type": "String"}, "owner": {"type": "Entity", "name": "Group"}}}}},
          "actions": {
            "call_tool": {"memberOf": [{"id": "tool_access"}], "appliesTo": {"principalTypes": ["User"],
              "resourceTypes": ["Tool"], "context": {"type": "Record", "attributes": {
                "session": {"type": "Session"}, "ip": {"type": "Extension", "name": "ipaddr", "required": false}}}}},
            "list_tools": {"memberOf": [{"id": "tool_access"}], "appliesTo": {"principalTypes": ["User"],
              "resourceTypes": ["Tool"], "context": {"type": "Record", "attributes": {
                "session": {"type": "Session"}, "ip": {"type": "Extension", "name": "ipaddr", "required": false}}}}},
            "tool_access": {}
          }}}
        """#

    static func diagnostics(_ policy: String, schema: String = humanSchema) throws -> [ValidationDiagnostic] {
        try Schema(cedarschema: schema).validate(PolicySet(cedar: policy)).diagnostics
    }

    @Test func bothFormatsDescribeTheSameSchema() throws {
        let human = try Schema(cedarschema: Self.humanSchema)
        let json = try Schema(json: Self.jsonSchema)
        #expect(human.entityTypeNames == json.entityTypeNames)
        #expect(Set(human.actionUIDs) == Set(json.actionUIDs))
        let user = EntityType("Gatehouse::User")
        #expect(human.attributeTypes(of: user) == json.attributeTypes(of: user))
        let call = EntityUID(type: "Gatehouse::Action", id: "call_tool")
        #expect(human.contextType(of: call) == json.contextType(of: call))
        #expect(human.contextType(of: call)?["session"]?.type == .record(RecordType([
            "auth_method": .init(type: .string), "scopes": .init(type: .set(.string), isRequired: false),
        ])))
    }

    @Test func wellTypedPolicyPasses() throws {
        let policy = """
            permit(principal is Gatehouse::User in Gatehouse::Group::"eng", action == Gatehouse::Action::"call_tool",
                   resource is Gatehouse::Tool)
            when { resource.risk == "low" && principal.clearance >= 3 && principal in resource.owner }
            unless { principal has manager && principal.manager.email like "*@contractors.example" };
            """
        #expect(try Self.diagnostics(policy).isEmpty)
        #expect(try Self.diagnostics(policy, schema: Self.humanSchema).isEmpty)
    }

    @Test func misspelledAttributeIsCaught() throws {
        let d = try Self.diagnostics(
            "permit(principal, action == Gatehouse::Action::\"call_tool\", resource) when { resource.rsk == \"low\" };")
        #expect(d.count == 1)
        #expect(d.first?.code == .typeError)
        #expect(d.first?.policyID == "policy0")
        #expect(d.first?.message.contains("`rsk`") == true)
        #expect(d.first?.location == SourcePosition(line: 1, column: 1))
    }

    @Test func optionalAttributesNeedAHasGuard() throws {
        let unguarded = "permit(principal, action, resource) when { context.session.scopes.contains(\"x\") };"
        #expect(try Self.diagnostics(unguarded).map(\.code) == [.typeError])
        let guarded = "permit(principal, action, resource) when { context.session has scopes && context.session.scopes.contains(\"x\") };"
        #expect(try Self.diagnostics(guarded).isEmpty)
        let tag = "permit(principal, action, resource) when { principal.getTag(\"team\") == \"x\" };"
        #expect(try Self.diagnostics(tag).map(\.code) == [.typeError])
        let taggedGuard = "permit(principal, action, resource) when { principal.hasTag(\"team\") && principal.getTag(\"team\") == \"x\" };"
        #expect(try Self.diagnostics(taggedGuard).isEmpty)
    }

    @Test func typeMismatchesAreCaught() throws {
        #expect(try !Self.diagnostics("permit(principal, action, resource) when { principal.clearance == \"3\" };").isEmpty)
        #expect(try !Self.diagnostics("permit(principal, action, resource) when { [1, \"a\"].isEmpty() };").isEmpty)
        #expect(try !Self.diagnostics("permit(principal, action, resource) when { [].isEmpty() };").isEmpty)
        #expect(try !Self.diagnostics("permit(principal, action, resource) when { ip(\"nope\").isIpv4() };").isEmpty)
        #expect(try !Self.diagnostics("permit(principal, action, resource) when { 1 };").isEmpty)
    }

    @Test func unknownNamesAreCaught() throws {
        let type = try Self.diagnostics("permit(principal is Gatehouse::Usr, action, resource);")
        #expect(type.first?.code == .unknownEntityType)
        let action = try Self.diagnostics("permit(principal, action == Gatehouse::Action::\"delete\", resource);")
        #expect(action.first?.code == .unknownEntity)
    }

    @Test func scopeThatNoRequestCanMatchIsCaught() throws {
        // Tools are never principals of `call_tool`.
        let d = try Self.diagnostics("permit(principal is Gatehouse::Tool, action, resource);")
        #expect(d.map(\.code).contains(.invalidActionApplication))
        // Merely always-false conditions are accepted (the reference only warns).
        #expect(try Self.diagnostics("permit(principal, action, resource) when { false };").isEmpty)
    }

    @Test func schemaReadsImplicitEntitiesAndExtensionValues() throws {
        let schema = try Schema(cedarschema: Self.humanSchema)
        let entities = try Entities(
            json: """
                [{"uid": {"type": "Gatehouse::User", "id": "u1"}, "parents": [],
                  "attrs": {"email": "a@b.c", "clearance": 4, "manager": {"type": "Gatehouse::User", "id": "u2"}}}]
                """, schema: schema)
        let u1 = EntityUID(type: "Gatehouse::User", id: "u1")
        #expect(entities[u1]?.attributes["manager"] == .entity(EntityUID(type: "Gatehouse::User", id: "u2")))
        // The schema's action hierarchy is added to the store.
        let call = EntityUID(type: "Gatehouse::Action", id: "call_tool")
        #expect(entities.isEntity(call, in: EntityUID(type: "Gatehouse::Action", id: "tool_access")))
        let context = try CedarValue.context(
            json: #"{"session": {"auth_method": "mtls"}, "ip": "10.0.0.1"}"#, schema: schema, action: call)
        #expect(context["ip"] == .ipaddr(IPAddress(parsing: "10.0.0.1")!))
        // Without a schema the same object is a plain record.
        let plain = try CedarValue.context(json: #"{"m": {"type": "Gatehouse::User", "id": "u2"}}"#)
        guard case .record = plain["m"] else {
            Issue.record("expected a record")
            return
        }
    }

    @Test func schemaNameResolution() throws {
        // `Long` in a namespace is the built-in type unless the namespace declares an entity type
        // of that name; `__cedar::Long` is always the built-in one. Common types cannot be named
        // after type keywords.
        let shadowed = try Schema(cedarschema: "namespace N { entity Long; entity E { a: Long, b: __cedar::Long }; }")
        #expect(shadowed.attributeTypes(of: EntityType("N::E"))?["a"]?.type == .entity(EntityType("N::Long")))
        #expect(shadowed.attributeTypes(of: EntityType("N::E"))?["b"]?.type == .long)
        let builtin = try Schema(cedarschema: "namespace N { type Foo = Long; entity E { a: Foo }; }")
        #expect(builtin.attributeTypes(of: EntityType("N::E"))?["a"]?.type == .long)
        #expect(throws: ParseError.self) { try Schema(cedarschema: "namespace N { type Long = String; }") }
        #expect(throws: ParseError.self) { try Schema(cedarschema: "type A = B; type B = A; entity E { a: A };") }
    }
}
