// A resolved Cedar schema: entity types with their attributes, parents and tags, and actions with
// the principal and resource types they apply to and their context. It is used to validate
// policies (strict mode) and to read entities and contexts whose JSON leaves types implicit.

/// A Cedar schema, parsed from the human-readable or the JSON format.
///
/// ```swift
/// let schema = try Schema(cedarschema: """
///     entity User in [Group] { name: String };
///     entity Group;
///     action view appliesTo { principal: [User], resource: [Group] };
///     """)
/// let result = schema.validate(policies)
/// ```
public struct Schema: Sendable {
    /// What the schema says about one entity type.
    struct EntityTypeInfo: Sendable {
        let name: EntityType
        let attributes: RecordType
        let tags: SchemaType?
        /// The allowed ids of an enumerated entity type, or nil for a standard one.
        let enumIDs: Set<String>?
        /// Every type an entity of this type may be a descendant of (transitive `in`).
        let ancestors: Set<EntityType>
    }

    /// What the schema says about one action.
    struct ActionInfo: Sendable {
        let uid: EntityUID
        let parents: [EntityUID]
        /// Every action group this action is in, transitively.
        let ancestors: Set<EntityUID>
        let principalTypes: [EntityType]
        let resourceTypes: [EntityType]
        let context: RecordType
    }

    let entityTypes: [EntityType: EntityTypeInfo]
    let actions: [EntityUID: ActionInfo]
    /// Actions in declaration order, for deterministic validation.
    let actionOrder: [EntityUID]
    /// Types of actions (`Action`, `NS::Action`).
    let actionTypes: Set<EntityType>

    init(entityTypes: [EntityType: EntityTypeInfo], actions: [EntityUID: ActionInfo], actionOrder: [EntityUID]) {
        self.entityTypes = entityTypes
        self.actions = actions
        self.actionOrder = actionOrder
        actionTypes = Set(actions.keys.map(\.type))
    }

    /// Parses a schema in the human-readable format (`.cedarschema`).
    ///
    /// - Throws: ``ParseError`` for syntax errors, undeclared types, duplicate declarations,
    ///   or cycles among common types or actions.
    public init(cedarschema text: String) throws(ParseError) {
        self = try SchemaResolver.resolve(try HumanSchemaParser.parse(text))
    }

    /// Parses a schema in the JSON format.
    ///
    /// - Throws: ``ParseError`` as for ``init(cedarschema:)``.
    public init(json text: String) throws(ParseError) {
        self = try SchemaResolver.resolve(try JSONSchemaParser.parse(text))
    }

    /// The declared entity types.
    public var entityTypeNames: [EntityType] { entityTypes.keys.sorted { $0.name < $1.name } }

    /// The declared actions, in declaration order.
    public var actionUIDs: [EntityUID] { actionOrder }

    /// The attribute types of entity type `type`, if declared.
    public func attributeTypes(of type: EntityType) -> RecordType? {
        entityTypes[type]?.attributes
    }

    /// The tag type of entity type `type`, if it declares tags.
    public func tagType(of type: EntityType) -> SchemaType? {
        entityTypes[type]?.tags
    }

    /// The context type of `action`, if declared.
    public func contextType(of action: EntityUID) -> RecordType? {
        actions[action]?.context
    }

    /// The action entities the schema defines, with their action-group parents. Add them to the
    /// entity store so that `action in ActionGroup` works.
    public var actionEntities: [Entity] {
        actionOrder.map { uid in Entity(uid: uid, parents: Set(actions[uid]!.parents)) }
    }
}

extension Entities {
    /// Parses entities from Cedar's entities JSON format with the help of a schema: attribute
    /// and tag values may be written implicitly (`{"type", "id"}` for an entity, `"10.0.0.1"`
    /// for an `ipaddr`), and the schema's action entities are added.
    ///
    /// - Throws: ``ParseError`` as for ``init(json:)``.
    public init(json text: String, schema: Schema) throws(ParseError) {
        var entities = try Self.decodeEntities(try JSONParser.parse(text), schema: schema)
        let present = Set(entities.map(\.uid))
        entities.append(contentsOf: schema.actionEntities.filter { !present.contains($0.uid) })
        try self.init(entities)
    }
}

extension CedarValue {
    /// Parses a context record, reading implicit values through the context type that
    /// `schema` declares for `action`.
    ///
    /// - Throws: ``ParseError`` when the text is not a JSON object of valid values.
    public static func context(json text: String, schema: Schema, action: EntityUID) throws(ParseError)
        -> CedarRecord
    {
        guard let type = schema.contextType(of: action) else { return try context(json: text) }
        let json = try JSONParser.parse(text)
        guard case .object = json, case .record(let fields) = try SchemaType.record(type).decode(json, at: "context")
        else {
            throw ParseError(.invalidValue, "the context must be a JSON object, found \(json.kindDescription)")
        }
        return fields
    }
}
