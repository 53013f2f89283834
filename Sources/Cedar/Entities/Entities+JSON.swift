// Reading the Cedar entities JSON format: an array of `{"uid", "attrs", "parents", "tags"?}`.
// `attrs` and `parents` are required and unknown keys are ignored, as in the reference.

extension Entities {
    /// Parses entities from Cedar's entities JSON format, with values written explicitly
    /// (`__entity`, `__extn`). Use ``init(json:schema:)`` to read implicit values.
    ///
    /// - Throws: ``ParseError`` for malformed JSON, a missing `uid`, `attrs` or `parents`, an
    ///   invalid value, a uid listed twice with different content, or a cycle of parents.
    public init(json text: String) throws(ParseError) {
        try self.init(try Self.decodeEntities(try JSONParser.parse(text), schema: nil))
    }

    static func decodeEntities(_ json: JSONValue, schema: Schema?) throws(ParseError) -> [Entity] {
        guard case .array(let items) = json else {
            throw ParseError(.invalidEntity, "expected a JSON array of entities, found \(json.kindDescription)")
        }
        var entities: [Entity] = []
        entities.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            entities.append(try decodeEntity(item, at: "entities[\(i)]", schema: schema))
        }
        return entities
    }

    static func decodeEntity(_ json: JSONValue, at path: @autoclosure () -> String, schema: Schema?) throws(ParseError) -> Entity {
        guard case .object(let object) = json else {
            throw ParseError(.invalidEntity, "\(path()): expected an entity object, found \(json.kindDescription)")
        }
        guard let uidJSON = object["uid"] else { throw ParseError(.invalidEntity, "\(path()): missing `uid`") }
        let uid = try EntityUID.decode(uidJSON, at: "\(path()).uid")
        guard case .object(let attrs)? = object["attrs"] else {
            throw ParseError(.invalidEntity, "\(path()): missing `attrs` object")
        }
        guard case .array(let parentList)? = object["parents"] else {
            throw ParseError(.invalidEntity, "\(path()): missing `parents` array")
        }
        var parents = Set<EntityUID>()
        for (i, p) in parentList.enumerated() { parents.insert(try EntityUID.decode(p, at: "\(path()).parents[\(i)]")) }
        var tags: [(String, CedarValue)] = []
        if let tagsJSON = object["tags"] {
            guard case .object(let tagObject) = tagsJSON else {
                throw ParseError(.invalidEntity, "\(path()): `tags` must be an object")
            }
            for (key, value) in tagObject.entries {
                tags.append((key, try decodeValue(value, at: "\(path()).tags.\(key)", type: schema?.tagType(of: uid.type))))
            }
        }
        let attributeTypes = schema?.attributeTypes(of: uid.type)
        var attributes: [(String, CedarValue)] = []
        attributes.reserveCapacity(attrs.count)
        for (key, value) in attrs.entries {
            attributes.append((key, try decodeValue(value, at: "\(path()).attrs.\(key)", type: attributeTypes?[key]?.type)))
        }
        return Entity(uid: uid, attributes: CedarRecord(attributes), parents: parents, tags: CedarRecord(tags))
    }

    /// Decodes a value, using the schema type when one is known (implicit entity and extension
    /// values), else the explicit format.
    static func decodeValue(_ json: JSONValue, at path: @autoclosure () -> String, type: SchemaType?) throws(ParseError) -> CedarValue {
        if let type { return try type.decode(json, at: path()) }
        return try CedarValue.decode(json, at: path())
    }
}
