// Tool arguments in Cedar: the record type `context.arguments` has for one tool (from its JSON
// Schema `inputSchema`), and the conversion of a call's JSON arguments into that record.
//
// Typing rules (documented in docs/policies.md):
//   integer → Long, number → decimal (4 decimal places), string → String, boolean → Bool,
//   array with typed items → Set<T>, object with properties → record; anything else (no type,
//   several types, $ref, anyOf…) is left out of the type, so policies cannot read it.
// A property is required in the Cedar type when the schema requires it or gives it a `default`:
// Gatehouse puts defaults into `context.arguments`, so a policy sees the value the tool will use.
// Values that do not fit their declared type are converted as they are (a string stays a String),
// so a policy comparing them fails to evaluate, and Gatehouse treats that as a refusal.
import Cedar
import JSONSchema

/// The Cedar shape of a tool's arguments.
package indirect enum ArgumentType: Sendable, Equatable {
    case long
    case decimal
    case string
    case bool
    case set(ArgumentType)
    case record([Field])

    package struct Field: Sendable, Equatable {
        package var name: String
        package var type: ArgumentType
        /// Present in every call (required, or filled from `default`).
        package var required: Bool
        /// The schema's `default`, put into arguments that lack the field.
        package var defaultValue: JSONValue?
    }

    /// Deepest nesting of records and sets typed; deeper parts are left out.
    static let maxDepth = 8

    /// The type of an `inputSchema`: always a record (empty when nothing can be typed).
    package static func of(inputSchema: JSONValue?) -> ArgumentType {
        guard let schema = inputSchema, case .record(let fields)? = type(of: schema, depth: 0) else { return .record([]) }
        return .record(fields)
    }

    private static func type(of schema: JSONValue, depth: Int) -> ArgumentType? {
        guard depth < maxDepth, let object = schema.objectValue, let typeName = object["type"]?.stringValue else { return nil }
        switch typeName {
        case "integer": return .long
        case "number": return .decimal
        case "string": return .string
        case "boolean": return .bool
        case "array":
            guard let items = object["items"], let element = type(of: items, depth: depth + 1) else { return nil }
            return .set(element)
        case "object":
            let required = Set(object["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            var fields: [Field] = []
            for (name, property) in object["properties"]?.objectValue ?? [:] {
                guard let t = type(of: property, depth: depth + 1) else { continue }
                let defaultValue = property["default"]
                fields.append(Field(name: name, type: t, required: required.contains(name) || defaultValue != nil, defaultValue: defaultValue))
            }
            return .record(fields.sorted { $0.name < $1.name })
        default:
            return nil
        }
    }

    /// The type in the human-readable Cedar schema syntax.
    package var cedarText: String {
        switch self {
        case .long: "Long"
        case .decimal: "__cedar::decimal"
        case .string: "String"
        case .bool: "Bool"
        case .set(let element): "Set<\(element.cedarText)>"
        case .record(let fields):
            fields.isEmpty
                ? "{}"
                : "{ " + fields.map { "\(Self.quoted($0.name))\($0.required ? "" : "?"): \($0.type.cedarText)" }.joined(separator: ", ") + " }"
        }
    }

    /// A Cedar string literal.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\0": out += "\\0"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    // MARK: - Values

    /// `arguments` as the record policies read: defaults filled in, numbers as declared.
    package func record(from arguments: JSONObject?) -> CedarRecord {
        guard case .record(let fields) = self else { return CedarRecord() }
        return Self.record(arguments ?? [:], fields: fields)
    }

    private static func record(_ object: JSONObject, fields: [Field]) -> CedarRecord {
        var pairs: [(String, CedarValue)] = []
        pairs.reserveCapacity(object.count + fields.count)
        var seen = Set<String>()
        for (key, value) in object {
            seen.insert(key)
            let declared = fields.first { $0.name == key }?.type
            if let v = convert(value, as: declared) { pairs.append((key, v)) }
        }
        for field in fields where !seen.contains(field.name) {
            if let d = field.defaultValue, let v = convert(d, as: field.type) { pairs.append((field.name, v)) }
        }
        return CedarRecord(pairs)
    }

    /// Converts guided by the declared type; falls back to the value's own kind. `nil` for what
    /// Cedar cannot hold (null, numbers out of range): the attribute is then absent.
    static func convert(_ value: JSONValue, as declared: ArgumentType?) -> CedarValue? {
        switch (value, declared) {
        case (.int, .decimal?), (.double, .decimal?):
            return decimal(value.doubleValue ?? .nan)
        case (.double(let d), .long?):
            guard let i = exactInt(d) else { return decimal(d) }
            return .long(i)
        case (.array(let items), .set(let element)?):
            return .set(Set(items.compactMap { convert($0, as: element) }))
        case (.object(let o), .record(let fields)?):
            return .record(record(o, fields: fields))
        default:
            switch value {
            case .null: return nil
            case .bool(let b): return .bool(b)
            case .int(let i): return .long(i)
            case .double(let d): return exactInt(d).map(CedarValue.long) ?? decimal(d)
            case .string(let s): return .string(s)
            case .array(let items): return .set(Set(items.compactMap { convert($0, as: nil) }))
            case .object(let o): return .record(record(o, fields: []))
            }
        }
    }

    private static func exactInt(_ d: Double) -> Int64? {
        guard d.isFinite, d.rounded(.towardZero) == d, abs(d) < 9.2e18 else { return nil }
        return Int64(d)
    }

    private static func decimal(_ d: Double) -> CedarValue? {
        let scaled = (d * 10_000).rounded()
        guard scaled.isFinite, abs(scaled) < 9.2e18 else { return nil }
        return .decimal(CedarDecimal(scaledValue: Int64(scaled)))
    }
}
