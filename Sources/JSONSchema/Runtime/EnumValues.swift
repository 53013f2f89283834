// The compiled values of an `enum`.

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
