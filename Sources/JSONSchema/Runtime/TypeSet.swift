// The JSON types of `type`, as a bit set.

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
