// The values Cedar expressions evaluate to. Equality is structural and never fails: values of
// different kinds are unequal, sets compare as sets, records ignore key order, and extension
// values compare by meaning (`decimal("1.0") == decimal("1.00")`).

/// A Cedar value: the result of evaluating an expression, an entity attribute, or a context
/// field.
///
/// Build values directly or with literals:
/// ```swift
/// let context: CedarRecord = [
///     "mfa": true,
///     "risk": 42,
///     "scopes": ["tools:call"],
///     "ip": .ipaddr(IPAddress(parsing: "10.0.0.1")!),
/// ]
/// ```
public enum CedarValue: Hashable, Sendable {
    /// A boolean.
    case bool(Bool)
    /// A signed 64-bit integer ("Long").
    case long(Int64)
    /// A string of Unicode scalars.
    case string(String)
    /// A reference to an entity.
    case entity(EntityUID)
    /// An unordered set without duplicates.
    case set(Set<CedarValue>)
    /// A record of named attributes.
    case record(CedarRecord)
    /// An `ipaddr` extension value.
    case ipaddr(IPAddress)
    /// A `decimal` extension value.
    case decimal(CedarDecimal)
    /// A `datetime` extension value.
    case datetime(CedarDatetime)
    /// A `duration` extension value.
    case duration(CedarDuration)

    /// The Cedar name of this value's type, as used in error messages (`long`, `ipaddr`, ...).
    public var typeName: String {
        switch self {
        case .bool: "bool"
        case .long: "long"
        case .string: "string"
        case .entity: "entity"
        case .set: "set"
        case .record: "record"
        case .ipaddr: "ipaddr"
        case .decimal: "decimal"
        case .datetime: "datetime"
        case .duration: "duration"
        }
    }
}

extension CedarValue: ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .long(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: CedarValue...) { self = .set(Set(elements)) }

    /// Builds a record; a repeated key keeps the last value.
    public init(dictionaryLiteral elements: (String, CedarValue)...) {
        self = .record(CedarRecord(elements))
    }
}

extension CedarValue: CustomStringConvertible {
    /// The value in Cedar syntax, e.g. `{"a": [1, true]}` or `ip("10.0.0.1/32")`. Sets and
    /// records are printed in a stable order.
    public var description: String {
        switch self {
        case .bool(let b): return b ? "true" : "false"
        case .long(let n): return String(n)
        case .string(let s): return CedarString.quoted(s)
        case .entity(let uid): return uid.description
        case .set(let elements): return "[" + elements.map(\.description).sorted().joined(separator: ", ") + "]"
        case .record(let fields): return fields.description
        case .ipaddr(let ip): return "ip(\"\(ip)\")"
        case .decimal(let d): return "decimal(\"\(d)\")"
        case .datetime(let d): return "datetime(\"1970-01-01\").offset(duration(\"\(d.millisecondsSinceEpoch)ms\"))"
        case .duration(let d): return "duration(\"\(d)\")"
        }
    }
}

extension CedarValue {
    /// Cedar equality: structural, with strings compared byte-wise (not by Unicode canonical
    /// equivalence, as Swift's `String ==` would).
    public static func == (lhs: CedarValue, rhs: CedarValue) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)): cedarStringsEqual(a, b)
        case (.bool(let a), .bool(let b)): a == b
        case (.long(let a), .long(let b)): a == b
        case (.entity(let a), .entity(let b)): a == b
        case (.set(let a), .set(let b)): a == b
        case (.record(let a), .record(let b)): a == b
        case (.ipaddr(let a), .ipaddr(let b)): a == b
        case (.decimal(let a), .decimal(let b)): a == b
        case (.datetime(let a), .datetime(let b)): a == b
        case (.duration(let a), .duration(let b)): a == b
        default: false
        }
    }
}
