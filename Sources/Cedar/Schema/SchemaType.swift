// Types as a schema declares them (common types already inlined). Besides validation, they drive
// schema-based JSON parsing, where `{"type", "id"}` means an entity and `"10.0.0.1"` means
// `ip("10.0.0.1")` because the schema says so.

/// A type in a Cedar schema.
public indirect enum SchemaType: Hashable, Sendable, CustomStringConvertible {
    /// `Bool`
    case bool
    /// `Long`
    case long
    /// `String`
    case string
    /// An entity of the given type.
    case entity(EntityType)
    /// `Set<T>`
    case set(SchemaType)
    /// A record type.
    case record(RecordType)
    /// The `ipaddr` extension type.
    case ipaddr
    /// The `decimal` extension type.
    case decimal
    /// The `datetime` extension type.
    case datetime
    /// The `duration` extension type.
    case duration

    public var description: String {
        switch self {
        case .bool: "Bool"
        case .long: "Long"
        case .string: "String"
        case .entity(let t): t.name
        case .set(let t): "Set<\(t)>"
        case .record(let r): r.description
        case .ipaddr: "ipaddr"
        case .decimal: "decimal"
        case .datetime: "datetime"
        case .duration: "duration"
        }
    }

    var extensionFunction: ExtensionFunction? {
        switch self {
        case .ipaddr: .ip
        case .decimal: .decimal
        case .datetime: .datetime
        case .duration: .duration
        default: nil
        }
    }
}

/// A record type: named attributes, each required or optional.
public struct RecordType: Hashable, Sendable, CustomStringConvertible {
    /// One attribute's type and whether it must be present.
    public struct Attribute: Hashable, Sendable {
        /// The attribute's type.
        public let type: SchemaType
        /// Whether every value must have the attribute.
        public let isRequired: Bool

        /// Creates an attribute type.
        public init(type: SchemaType, isRequired: Bool = true) {
            self.type = type
            self.isRequired = isRequired
        }
    }

    /// The attributes by name.
    public let attributes: [String: Attribute]

    /// Creates a record type.
    public init(_ attributes: [String: Attribute] = [:]) {
        self.attributes = attributes
    }

    /// The attribute named `name`, if declared.
    public subscript(name: String) -> Attribute? { attributes[name] }

    public var description: String {
        let fields = attributes.keys.sorted().map { k in
            "\(CedarString.quoted(k))\(attributes[k]!.isRequired ? "" : "?"): \(attributes[k]!.type)"
        }
        return "{" + fields.joined(separator: ", ") + "}"
    }
}

extension SchemaType {
    /// Decodes a JSON value as this type, accepting the implicit forms the schema allows.
    ///
    /// Explicit escapes are still accepted. Attributes the record type does not declare are
    /// decoded without a type.
    func decode(_ json: JSONValue, at path: @autoclosure () -> String) throws(ParseError) -> CedarValue {
        func mismatch() -> ParseError {
            ParseError(.invalidValue, "\(path()): expected a value of type \(self), found \(json.kindDescription)")
        }
        switch self {
        case .bool:
            guard case .bool(let b) = json else { throw mismatch() }
            return .bool(b)
        case .long:
            guard case .integer(let n) = json else { throw mismatch() }
            return .long(n)
        case .string:
            guard case .string(let s) = json else { throw mismatch() }
            return .string(s)
        case .entity:
            return .entity(try EntityUID.decode(json, at: path()))
        case .set(let element):
            guard case .array(let items) = json else { throw mismatch() }
            var set = Set<CedarValue>(minimumCapacity: items.count)
            for (i, item) in items.enumerated() { set.insert(try element.decode(item, at: "\(path())[\(i)]")) }
            return .set(set)
        case .record(let recordType):
            guard case .object(let object) = json else { throw mismatch() }
            var fields: [(String, CedarValue)] = []
            fields.reserveCapacity(object.count)
            for (key, value) in object.entries {
                if let t = recordType[key]?.type {
                    fields.append((key, try t.decode(value, at: "\(path()).\(key)")))
                } else {
                    fields.append((key, try CedarValue.decode(value, at: "\(path()).\(key)")))
                }
            }
            return .record(CedarRecord(fields))
        case .ipaddr, .decimal, .datetime, .duration:
            let function = extensionFunction!
            switch json {
            case .string(let s):
                do {
                    return try function.apply([.string(s)])
                } catch {
                    throw ParseError(.invalidValue, "\(path()): \(error.message)")
                }
            case .object(let object):
                if let v = try CedarValue.decodeEscape(object, at: path()) { return v }
                // `{"fn": ..., "arg": ...}` without the `__extn` wrapper.
                let wrapped = JSONObject([("__extn", json)])
                if let v = try CedarValue.decodeEscape(wrapped, at: path()) { return v }
                throw mismatch()
            default:
                throw mismatch()
            }
        }
    }
}
