// Parser for the JSON Cedar schema format: `{"<namespace>": {"entityTypes", "actions",
// "commonTypes"}}`, with types written as `{"type": "Long" | "String" | "Boolean" | "Set" |
// "Record" | "Entity" | "Extension" | "EntityOrCommon" | <common type name>}`.

/// Parses JSON schema text into an unresolved ``RawSchema``.
enum JSONSchemaParser {
    static func parse(_ text: String) throws(ParseError) -> RawSchema {
        guard case .object(let root) = try JSONParser.parse(text) else {
            throw error("schema", "expected a JSON object of namespaces")
        }
        var schema = RawSchema()
        for (name, body) in root.entries {
            guard case .object(let ns) = body else { throw error(name, "expected a namespace object") }
            var namespace = RawSchema.Namespace(name: name.isEmpty ? nil : name)
            if case .object(let types)? = ns["entityTypes"] {
                for (typeName, decl) in types.entries {
                    namespace.entityTypes.append(try entityDecl(typeName, decl, at: "\(name).entityTypes.\(typeName)"))
                }
            }
            if case .object(let actions)? = ns["actions"] {
                for (actionName, decl) in actions.entries {
                    namespace.actions.append(try actionDecl(actionName, decl, at: "\(name).actions.\(actionName)"))
                }
            }
            if case .object(let common)? = ns["commonTypes"] {
                for (typeName, decl) in common.entries {
                    namespace.commonTypes.append((typeName, try type(decl, at: "\(name).commonTypes.\(typeName)")))
                }
            }
            schema.namespaces.append(namespace)
        }
        return schema
    }

    private static func error(_ path: String, _ message: String) -> ParseError {
        ParseError(.invalidSchema, "\(path): \(message)")
    }

    private static func name(_ text: String) -> RawSchema.RawName {
        text.split(separator: "::", omittingEmptySubsequences: false).map(String.init)
    }

    private static func names(_ json: JSONValue?, at path: String) throws(ParseError) -> [RawSchema.RawName] {
        guard let json else { return [] }
        guard case .array(let items) = json else { throw error(path, "expected an array of type names") }
        var result: [RawSchema.RawName] = []
        for item in items {
            guard case .string(let s) = item else { throw error(path, "expected a type name string") }
            result.append(name(s))
        }
        return result
    }

    private static func entityDecl(_ typeName: String, _ json: JSONValue, at path: String) throws(ParseError)
        -> RawSchema.EntityDecl
    {
        guard case .object(let o) = json else { throw error(path, "expected an entity type object") }
        if case .array(let ids)? = o["enum"] {
            let strings = ids.compactMap(\.stringValue)
            guard strings.count == ids.count, !strings.isEmpty else { throw error(path, "`enum` must list strings") }
            return RawSchema.EntityDecl(name: typeName, memberOf: [], shape: nil, tags: nil, enumIDs: strings)
        }
        let shape = try o["shape"].map { (j) throws(ParseError) in try type(j, at: "\(path).shape") }
        let tags = try o["tags"].map { (j) throws(ParseError) in try type(j, at: "\(path).tags") }
        return RawSchema.EntityDecl(
            name: typeName, memberOf: try names(o["memberOfTypes"], at: "\(path).memberOfTypes"), shape: shape,
            tags: tags, enumIDs: nil)
    }

    private static func actionDecl(_ actionName: String, _ json: JSONValue, at path: String) throws(ParseError)
        -> RawSchema.ActionDecl
    {
        guard case .object(let o) = json else { throw error(path, "expected an action object") }
        var memberOf: [RawSchema.ActionRef] = []
        if case .array(let refs)? = o["memberOf"] {
            for ref in refs {
                guard case .object(let r) = ref, case .string(let id)? = r["id"] else {
                    throw error("\(path).memberOf", "expected `{\"id\": ...}`")
                }
                memberOf.append(RawSchema.ActionRef(type: r["type"]?.stringValue.map(name), id: id))
            }
        }
        guard case .object(let applies)? = o["appliesTo"] else {
            return RawSchema.ActionDecl(
                name: actionName, memberOf: memberOf, principalTypes: nil, resourceTypes: nil, context: nil)
        }
        let context = try applies["context"].map { (j) throws(ParseError) in try type(j, at: "\(path).context") }
        return RawSchema.ActionDecl(
            name: actionName, memberOf: memberOf,
            principalTypes: try names(applies["principalTypes"], at: "\(path).appliesTo.principalTypes"),
            resourceTypes: try names(applies["resourceTypes"], at: "\(path).appliesTo.resourceTypes"),
            context: context)
    }

    private static func type(_ json: JSONValue, at path: String) throws(ParseError) -> RawSchema.RawType {
        guard case .object(let o) = json, case .string(let kind)? = o["type"] else {
            throw error(path, "expected a type object with a string `type`")
        }
        func required(_ key: String) throws(ParseError) -> String {
            guard case .string(let s)? = o[key] else { throw error(path, "type \(kind) needs a string `\(key)`") }
            return s
        }
        switch kind {
        case "Long": return .long
        case "String": return .string
        case "Boolean": return .bool
        case "Set":
            guard let element = o["element"] else { throw error(path, "type Set needs an `element`") }
            return .set(try type(element, at: "\(path).element"))
        case "Record":
            var attributes: [RawSchema.RawAttribute] = []
            if case .object(let attrs)? = o["attributes"] {
                for (attrName, attrJSON) in attrs.entries {
                    let t = try type(attrJSON, at: "\(path).attributes.\(attrName)")
                    let isRequired = attrJSON.objectValue?["required"]?.boolValue ?? true
                    attributes.append(RawSchema.RawAttribute(name: attrName, type: t, isRequired: isRequired))
                }
            }
            return .record(attributes)
        case "Entity": return .entity(name(try required("name")))
        case "Extension": return .extension(try required("name"))
        case "EntityOrCommon": return .entityOrCommon(name(try required("name")))
        default: return .common(name(kind))
        }
    }
}
