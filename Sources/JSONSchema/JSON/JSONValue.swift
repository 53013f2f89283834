// A JSON value as the validator (and the rest of Gatehouse) sees it: object key order is kept,
// integers that fit stay exact, and equality is JSON equality (1 == 1.0, key order ignored).

/// A JSON document or fragment.
///
/// Numbers without a fraction or exponent that fit in `Int64` parse as ``int(_:)``; every other
/// number is a ``double(_:)``. The two compare by numeric value, so `.int(1) == .double(1.0)`,
/// which is what JSON Schema's `const`, `enum` and `uniqueItems` require.
public enum JSONValue: Sendable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number written without fraction or exponent that fits in `Int64`.
    case int(Int64)
    /// Any other number.
    case double(Double)
    /// A string (any Unicode scalars; compared by code points).
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object, members in document order.
    case object(JSONObject)
}

extension JSONValue {
    /// The JSON type name of this value as JSON Schema spells it (`"integer"` never appears:
    /// an integer is a `"number"` here; see ``isInteger``).
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .int, .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// Whether this is a number with no fractional part (JSON Schema's `"integer"`, so `1.0` counts).
    public var isInteger: Bool {
        switch self {
        case .int: true
        case .double(let d): d.isFinite && d.rounded(.towardZero) == d
        default: false
        }
    }

    /// The numeric value as a `Double`, or `nil` when this is not a number.
    public var doubleValue: Double? {
        switch self {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }

    /// The value as an `Int64` when it is an integral number that fits, else `nil`.
    public var int64Value: Int64? {
        switch self {
        case .int(let i): return i
        case .double(let d):
            guard d.isFinite, d.rounded(.towardZero) == d, d >= -9.223372036854775808e18, d < 9.223372036854775808e18
            else { return nil }
            return Int64(d)
        default: return nil
        }
    }

    /// The string, when this is one.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The Boolean, when this is one.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The elements, when this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The members, when this is an object.
    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// Whether this is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The member named `key` when this is an object, else `nil`.
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    /// The element at `index` when this is an array and the index is in range, else `nil`.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let a) = self, a.indices.contains(index) { return a[index] }
        return nil
    }
}

// MARK: - JSON equality

extension JSONValue: Equatable {
    /// JSON equality: numbers by value (`1 == 1.0`), strings by code points, arrays in order,
    /// objects regardless of member order.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.double(let a), .double(let b)): return a == b
        case (.int(let a), .double(let b)), (.double(let b), .int(let a)):
            return Self.exactlyEqual(a, b)
        case (.string(let a), .string(let b)): return a.sameScalars(as: b)
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)): return a == b
        default: return false
        }
    }

    /// Compares an integer with a double without the rounding of `Double(a) == b`, which would call
    /// 2^53 + 1 equal to 2^53.
    private static func exactlyEqual(_ a: Int64, _ b: Double) -> Bool {
        guard b.isFinite, b.rounded(.towardZero) == b,
            b >= -9.223372036854775808e18, b < 9.223372036854775808e18
        else { return false }
        return Int64(b) == a
    }
}

extension JSONValue: Hashable {
    /// Hashes consistently with `==` (equal numbers hash alike).
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(b)
        // Numbers hash by their Double value so that equal numbers (1 and 1.0) hash alike;
        // large integers that round to one Double merely collide.
        case .int(let i): hasher.combine(Double(i))
        case .double(let d): hasher.combine(d)
        case .string(let s): s.hashScalars(into: &hasher)
        case .array(let a): hasher.combine(a)
        case .object(let o): hasher.combine(o)
        }
    }
}

// MARK: - Literals

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    /// `nil` is JSON `null`.
    public init(nilLiteral: ()) { self = .null }
    /// A Boolean literal.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An integer literal.
    public init(integerLiteral value: Int64) { self = .int(value) }
    /// A floating-point literal.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// A string literal.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An array literal.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// A dictionary literal, as an object with members in literal order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements))
    }
}
