// The compiled form of a schema: a flat table of subschema nodes that refer to each other by
// index (so `$ref` cycles need no reference cycles), each with its keywords pre-parsed into
// `Keyword` values in evaluation order. Immutable once built, hence `Sendable`.

/// Everything a validation needs, built once by `Compiler`.
final class Program: Sendable {
    /// Node 0 is the root schema.
    let nodes: [SchemaNode]
    /// Schema resources (documents and `$id` subschemas), for `$dynamicRef` resolution.
    let resources: [ResourceAnchors]
    /// Whether any node uses `$dynamicRef` to a dynamic anchor, so evaluation must keep the
    /// dynamic scope. Most schemas do not and skip that bookkeeping.
    let usesDynamicScope: Bool
    let limits: JSONSchema.Limits
    /// Keyword-location segments of subschema edges (`/properties/limit`), by ``Sub/path``.
    let paths: [String]

    init(nodes: [SchemaNode], resources: [ResourceAnchors], usesDynamicScope: Bool, limits: JSONSchema.Limits, paths: [String]) {
        self.nodes = nodes
        self.paths = paths
        self.resources = resources
        self.usesDynamicScope = usesDynamicScope
        self.limits = limits
    }
}

/// The `$dynamicAnchor`s of one schema resource, compiled.
struct ResourceAnchors: Sendable {
    let uri: String
    var dynamicAnchors: [String: Int32]
}

/// One compiled subschema. A class so that reaching it from the node table is one retain.
final class SchemaNode: Sendable {
    /// Keywords in evaluation order: cheap assertions, then applicators, then `unevaluated*`.
    let keywords: [Keyword]
    /// The boolean schema `false` (or a schema that can never pass).
    let isFalse: Bool
    /// The schema resource this node belongs to (index into ``Program/resources``).
    let resource: Int32
    /// Whether this node has `unevaluatedProperties`/`unevaluatedItems` and so must collect
    /// which members or items its in-place applicators evaluated.
    let tracksEvaluated: Bool
    /// `base URI#pointer` of this subschema, for absolute keyword locations (`#pointer` alone
    /// when the root has no base URI).
    let location: String

    init(keywords: [Keyword] = [], isFalse: Bool = false, resource: Int32 = 0, tracksEvaluated: Bool = false, location: String = "") {
        self.keywords = keywords
        self.isFalse = isFalse
        self.resource = resource
        self.tracksEvaluated = tracksEvaluated
        self.location = location
    }
}

/// A reference to a child subschema plus the keyword-location segment that leads to it
/// (index into ``Program/paths``, e.g. `/properties/limit`). Plain integers: copying one
/// costs no reference counting, and error paths cost nothing on the valid path.
struct Sub: Sendable {
    let node: Int32
    let path: Int32
}

/// JSON types as a bit set, for `type`.
struct TypeSet: OptionSet, Sendable, Hashable {
    let rawValue: UInt8
    static let null = TypeSet(rawValue: 1)
    static let boolean = TypeSet(rawValue: 2)
    static let object = TypeSet(rawValue: 4)
    static let array = TypeSet(rawValue: 8)
    static let number = TypeSet(rawValue: 16)
    static let integer = TypeSet(rawValue: 32)
    static let string = TypeSet(rawValue: 64)

    static func named(_ name: String) -> TypeSet? {
        switch name {
        case "null": .null
        case "boolean": .boolean
        case "object": .object
        case "array": .array
        case "number": .number
        case "integer": .integer
        case "string": .string
        default: nil
        }
    }

    /// The names in schema order, for messages.
    var names: [String] {
        var out: [String] = []
        for (t, n) in [(TypeSet.null, "null"), (.boolean, "boolean"), (.object, "object"), (.array, "array"),
                       (.number, "number"), (.integer, "integer"), (.string, "string")] where contains(t) {
            out.append(n)
        }
        return out
    }
}

/// `properties`, `patternProperties` and `additionalProperties` of one node, applied in one
/// pass over the instance's members.
final class ObjectApplicator: Sendable {
    struct Property: Sendable {
        let name: String
        let sub: Sub
        /// The name's UTF-8 bytes: members match by bytes (code points), not by Swift's
        /// canonical-equivalence `==`.
        let bytes: [UInt8]

        init(name: String, sub: Sub) {
            self.name = name
            self.sub = sub
            bytes = Array(name.utf8)
        }
    }
    struct PatternProperty: Sendable {
        let regex: ECMARegex
        let sub: Sub
    }
    let properties: [Property]
    /// Name → index into `properties`, only for many properties (small lists are scanned).
    let index: [String: Int]?
    let patterns: [PatternProperty]
    let additional: Sub?
    /// `additionalProperties: false`: reported as one error naming the extra members.
    let additionalIsFalse: Bool

    init(properties: [Property], index: [String: Int]?, patterns: [PatternProperty], additional: Sub?, additionalIsFalse: Bool) {
        self.properties = properties
        self.index = index
        self.patterns = patterns
        self.additional = additional
        self.additionalIsFalse = additionalIsFalse
    }

    /// The subschema for member `name`, if `properties` names it (code-point equality).
    @inline(__always)
    func property(named name: String) -> Sub? {
        if let index {
            guard let i = index[name], properties[i].name.sameScalars(as: name) else { return nil }
            return properties[i].sub
        }
        let found: Int?? = name.utf8.withContiguousStorageIfAvailable { key in
            // Length and first byte rule out almost every candidate without a comparison.
            let first = key.first ?? 0
            for i in properties.indices {
                let b = properties[i].bytes
                guard b.count == key.count, b.first ?? 0 == first else { continue }
                if b.withUnsafeBufferPointer({ UTF8Bytes.equal($0, key) }) { return i }
            }
            return nil
        }
        if let found { return found.map { properties[$0].sub } }
        for p in properties where p.name.sameScalars(as: name) { return p.sub }
        return nil
    }
}

/// The values of an `enum`, hashed when there are many, with the list as messages show it
/// rendered once at compile time.
final class EnumValues: Sendable {
    let values: [JSONValue]
    let set: Set<JSONValue>?
    let rendered: String

    init(_ values: [JSONValue]) {
        self.values = values
        set = values.count > 16 ? Set(values) : nil
        rendered = Messages.list(values)
    }

    @inline(__always)
    func contains(_ v: JSONValue) -> Bool {
        if let set { return set.contains(v) }
        return values.contains(v)
    }
}

/// A numeric limit, kept as written so integer limits compare exactly.
struct NumberLimit: Sendable {
    let value: JSONValue
}

/// One compiled keyword.
enum Keyword: Sendable {
    case type(TypeSet)
    case constant(JSONValue)
    case enumeration(EnumValues)
    case multipleOf(JSONValue)
    case maximum(NumberLimit)
    case exclusiveMaximum(NumberLimit)
    case minimum(NumberLimit)
    case exclusiveMinimum(NumberLimit)
    case maxLength(Int)
    case minLength(Int)
    case pattern(ECMARegex)
    case format(FormatChecker)
    case content(ContentChecker)
    case maxItems(Int)
    case minItems(Int)
    case uniqueItems
    case maxProperties(Int)
    case minProperties(Int)
    case required([String])
    case dependentRequired([(String, [String])], keyword: StaticString)

    case object(ObjectApplicator)
    case propertyNames(Sub)
    case dependentSchemas([(String, Sub)], keyword: StaticString)
    /// `prefixItems` (or draft-07 array-form `items`): the keyword name is kept for messages.
    case prefixItems([Sub], keyword: StaticString)
    /// Items from `start` on (`items` after `prefixItems`, draft-07 schema-form `items`, or
    /// `additionalItems`).
    case items(Sub, start: Int, keyword: StaticString)
    case contains(Sub, min: Int, max: Int?)
    case allOf([Sub])
    case anyOf([Sub])
    case oneOf([Sub])
    case not(Sub)
    case conditional(if: Sub, then: Sub?, else: Sub?)
    case ref(Sub, keyword: StaticString)
    case dynamicRef(anchor: String, fallback: Sub)
    case unevaluatedProperties(Sub)
    case unevaluatedItems(Sub)

    /// The keyword's name as written in the schema, for keyword locations.
    var name: StaticString {
        switch self {
        case .type: "type"
        case .constant: "const"
        case .enumeration: "enum"
        case .multipleOf: "multipleOf"
        case .maximum: "maximum"
        case .exclusiveMaximum: "exclusiveMaximum"
        case .minimum: "minimum"
        case .exclusiveMinimum: "exclusiveMinimum"
        case .maxLength: "maxLength"
        case .minLength: "minLength"
        case .pattern: "pattern"
        case .format: "format"
        case .content: "contentMediaType"
        case .maxItems: "maxItems"
        case .minItems: "minItems"
        case .uniqueItems: "uniqueItems"
        case .maxProperties: "maxProperties"
        case .minProperties: "minProperties"
        case .required: "required"
        case .dependentRequired(_, let k): k
        case .object: "properties"
        case .propertyNames: "propertyNames"
        case .dependentSchemas(_, let k): k
        case .prefixItems(_, let k): k
        case .items(_, _, let k): k
        case .contains: "contains"
        case .allOf: "allOf"
        case .anyOf: "anyOf"
        case .oneOf: "oneOf"
        case .not: "not"
        case .conditional: "if"
        case .ref(_, let k): k
        case .dynamicRef: "$dynamicRef"
        case .unevaluatedProperties: "unevaluatedProperties"
        case .unevaluatedItems: "unevaluatedItems"
        }
    }

    /// Whether the keyword applies subschemas (and so may recurse).
    var isApplicator: Bool { phase >= 2 }

    /// Evaluation phase: cheap assertions first (so the boolean path fails fast), then
    /// applicators, then `unevaluated*`, which need every other keyword's annotations.
    var phase: Int {
        switch self {
        case .type, .constant, .enumeration, .multipleOf, .maximum, .exclusiveMaximum, .minimum, .exclusiveMinimum,
            .maxLength, .minLength, .maxItems, .minItems, .maxProperties, .minProperties, .required,
            .dependentRequired:
            0
        case .pattern, .format, .content, .uniqueItems: 1
        case .unevaluatedProperties, .unevaluatedItems: 3
        default: 2
        }
    }
}
