// One compiled keyword, with its name and evaluation phase.

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
