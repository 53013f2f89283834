// Cedar's JSON value format without a schema (entities-syntax, value.rs): booleans, 64-bit
// integers, strings, arrays as sets, objects as records, and the escapes
// `{"__entity": {"type", "id"}}` and `{"__extn": {"fn", "arg" | "args"}}`. An object is an escape
// only when it has exactly that one key with a well-formed body; otherwise it is a record.

extension CedarValue {
    /// Parses a value written in Cedar's JSON value format (no schema).
    ///
    /// - Throws: ``ParseError`` for malformed JSON, `null`, non-integer numbers, duplicate
    ///   keys, bad entity types or failing extension constructors.
    public init(json text: String) throws(ParseError) {
        self = try CedarValue.decode(try JSONParser.parse(text), at: "value")
    }

    /// Parses a context record written in Cedar's JSON value format (no schema).
    ///
    /// - Throws: ``ParseError`` when the text is not a JSON object of valid values.
    public static func context(json text: String) throws(ParseError) -> CedarRecord {
        if let fast = CedarJSONDecoder.record(text) { return fast }
        let value = try JSONParser.parse(text)
        guard case .object = value else {
            throw ParseError(.invalidValue, "the context must be a JSON object, found \(value.kindDescription)")
        }
        guard case .record(let fields) = try decode(value, at: "context") else {
            throw ParseError(.invalidValue, "the context must be a record, not an escape")
        }
        return fields
    }

    /// Decodes one JSON value. `path` names its position for error messages.
    static func decode(_ json: JSONValue, at path: @autoclosure () -> String) throws(ParseError) -> CedarValue {
        switch json {
        case .null:
            throw ParseError(.invalidValue, "\(path()): null is not a Cedar value")
        case .bool(let b): return .bool(b)
        case .integer(let n): return .long(n)
        case .number(let text):
            throw ParseError(.invalidValue, "\(path()): \(text) is not a 64-bit integer")
        case .string(let s): return .string(s)
        case .array(let items):
            var set = Set<CedarValue>(minimumCapacity: items.count)
            for (i, item) in items.enumerated() { set.insert(try decode(item, at: "\(path())[\(i)]")) }
            return .set(set)
        case .object(let object):
            if let escaped = try decodeEscape(object, at: path()) { return escaped }
            var values: [CedarValue] = []
            values.reserveCapacity(object.count)
            for (key, value) in object.entries { values.append(try decode(value, at: "\(path()).\(key)")) }
            return .record(CedarRecord(uniqueKeys: object.keys, values: values))
        }
    }

    /// The value of an `__entity` or `__extn` escape, or nil when `object` is a plain record.
    static func decodeEscape(_ object: JSONObject, at path: @autoclosure () -> String) throws(ParseError) -> CedarValue? {
        guard object.count == 1, let (key, body) = object.entries.first, case .object(let inner) = body,
            inner.count >= 2
        else {
            if object.count == 1, object.entries[0].key == "__expr", case .string = object.entries[0].value {
                throw ParseError(.invalidValue, "\(path()): `__expr` escapes are not supported")
            }
            return nil
        }
        switch key {
        case "__entity":
            guard case .string(let type)? = inner["type"], case .string(let id)? = inner["id"] else { return nil }
            return .entity(EntityUID(type: try entityType(type, at: path()), id: id))
        case "__extn":
            guard case .string(let name)? = inner["fn"] else { return nil }
            let args: [JSONValue]
            if let arg = inner["arg"] {
                args = [arg]
            } else if case .array(let list)? = inner["args"] {
                args = list
            } else {
                return nil
            }
            guard let function = ExtensionFunction(name: name) else {
                throw ParseError(.invalidValue, "\(path()): `\(name)` is not an extension function")
            }
            var values: [CedarValue] = []
            for (i, arg) in args.enumerated() { values.append(try decode(arg, at: "\(path()).__extn.args[\(i)]")) }
            do {
                return try function.apply(values)
            } catch {
                throw ParseError(.invalidValue, "\(path()): \(error.message)")
            }
        default:
            return nil
        }
    }

    static func entityType(_ name: String, at path: @autoclosure () -> String) throws(ParseError) -> EntityType {
        do {
            return try EntityType(validating: name)
        } catch {
            throw ParseError(.invalidValue, "\(path()): \(error.message)")
        }
    }

    /// The value in Cedar's JSON value format, with explicit escapes.
    var json: JSONValue {
        func extn(_ fn: String, _ arg: String) -> JSONValue {
            .object(JSONObject([("__extn", .object(JSONObject([("fn", .string(fn)), ("arg", .string(arg))])))]))
        }
        switch self {
        case .bool(let b): return .bool(b)
        case .long(let n): return .integer(n)
        case .string(let s): return .string(s)
        case .entity(let uid): return .object(JSONObject([("__entity", uid.json)]))
        case .set(let items): return .array(items.map(\.json))
        case .record(let fields):
            return .object(JSONObject(fields.keys.sorted().map { ($0, fields[$0]!.json) }))
        case .ipaddr(let ip): return extn("ip", ip.description)
        case .decimal(let d): return extn("decimal", d.description)
        case .duration(let d): return extn("duration", d.description)
        case .datetime(let d):
            let args: JSONValue = .array([
                extn("datetime", "1970-01-01"), extn("duration", "\(d.millisecondsSinceEpoch)ms"),
            ])
            return .object(JSONObject([("__extn", .object(JSONObject([("fn", .string("offset")), ("args", args)])))]))
        }
    }

    /// The value as Cedar JSON text (explicit escapes, record keys sorted).
    public var jsonText: String { json.serialized }
}

extension EntityUID {
    /// The uid as `{"type": ..., "id": ...}`.
    var json: JSONValue {
        .object(JSONObject([("type", .string(type.name)), ("id", .string(id))]))
    }

    /// Decodes `{"type": T, "id": I}` or `{"__entity": {"type": T, "id": I}}`.
    static func decode(_ json: JSONValue, at path: @autoclosure () -> String) throws(ParseError) -> EntityUID {
        guard case .object(var object) = json else {
            throw ParseError(.invalidEntity, "\(path()): expected an entity uid object, found \(json.kindDescription)")
        }
        if object.count == 1, case .object(let inner)? = object["__entity"] { object = inner }
        guard case .string(let type)? = object["type"] else {
            throw ParseError(.invalidEntity, "\(path()): expected a string `type` in the entity uid")
        }
        guard case .string(let id)? = object["id"] else {
            throw ParseError(.invalidEntity, "\(path()): expected a string `id` in the entity uid")
        }
        return EntityUID(type: try CedarValue.entityType(type, at: path()), id: id)
    }

    /// Parses an entity uid written as JSON, `{"type": "User", "id": "alice"}`.
    ///
    /// - Throws: ``ParseError`` for malformed JSON or an invalid type name.
    public init(json text: String) throws(ParseError) {
        self = try EntityUID.decode(try JSONParser.parse(text), at: "uid")
    }
}
