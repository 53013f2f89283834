// The validator's types (cedar-lean Validation/Types.lean): schema types plus singleton boolean
// types `True`/`False`, which let `principal has x && principal.x` and impossible branches type
// precisely. Least upper bounds follow Validation/Subtyping.lean: no unions of entity types.

/// `Bool`, or one of its singleton subtypes.
enum BoolType: Hashable {
    case anyBool, tt, ff

    var negated: BoolType {
        switch self {
        case .anyBool: .anyBool
        case .tt: .ff
        case .ff: .tt
        }
    }
}

/// A type in the strict typechecker.
indirect enum CedarType: Hashable, CustomStringConvertible {
    case bool(BoolType)
    case long, string
    case entity(EntityType)
    case set(CedarType)
    /// Attribute name to (type, required).
    case record([String: QualifiedType])
    case ipaddr, decimal, datetime, duration

    struct QualifiedType: Hashable {
        let type: CedarType
        let isRequired: Bool
    }

    init(_ t: SchemaType) {
        switch t {
        case .bool: self = .bool(.anyBool)
        case .long: self = .long
        case .string: self = .string
        case .entity(let e): self = .entity(e)
        case .set(let e): self = .set(CedarType(e))
        case .record(let r): self = .record(CedarType.fields(r))
        case .ipaddr: self = .ipaddr
        case .decimal: self = .decimal
        case .datetime: self = .datetime
        case .duration: self = .duration
        }
    }

    static func fields(_ r: RecordType) -> [String: QualifiedType] {
        r.attributes.mapValues { QualifiedType(type: CedarType($0.type), isRequired: $0.isRequired) }
    }

    var description: String {
        switch self {
        case .bool(.anyBool): "Bool"
        case .bool(.tt): "True"
        case .bool(.ff): "False"
        case .long: "Long"
        case .string: "String"
        case .entity(let e): e.name
        case .set(let e): "Set<\(e)>"
        case .record(let fields):
            "{" + fields.keys.sorted().map { "\($0)\(fields[$0]!.isRequired ? "" : "?"): \(fields[$0]!.type)" }
                .joined(separator: ", ") + "}"
        case .ipaddr: "ipaddr"
        case .decimal: "decimal"
        case .datetime: "datetime"
        case .duration: "duration"
        }
    }

    /// The least upper bound, or nil when the types are incompatible.
    static func lub(_ a: CedarType, _ b: CedarType) -> CedarType? {
        switch (a, b) {
        case (.bool(let x), .bool(let y)): return .bool(x == y ? x : .anyBool)
        case (.set(let x), .set(let y)): return lub(x, y).map { .set($0) }
        case (.record(let x), .record(let y)):
            guard x.count == y.count else { return nil }
            var result: [String: QualifiedType] = [:]
            for (key, qx) in x {
                guard let qy = y[key], qx.isRequired == qy.isRequired, let t = lub(qx.type, qy.type) else {
                    return nil
                }
                result[key] = QualifiedType(type: t, isRequired: qx.isRequired)
            }
            return .record(result)
        default: return a == b ? a : nil
        }
    }

    /// Whether `a` is a subtype of `b`.
    static func isSubtype(_ a: CedarType, of b: CedarType) -> Bool {
        lub(a, b) == b
    }
}
