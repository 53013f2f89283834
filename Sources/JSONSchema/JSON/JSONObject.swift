// An ordered JSON object: members keep the order they were written in (so a rewritten message
// reads like the original), lookups stay fast for large objects, equality ignores order.

/// The members of a JSON object, in document order.
///
/// Duplicate keys keep the last value, as ECMAScript's `JSON.parse` does. Objects with more than
/// ``indexThreshold`` members carry a hash index so that lookups stay O(1); small objects are
/// scanned, which is faster than hashing for the handful of keys MCP messages usually have.
public struct JSONObject: Sendable {
    /// Member names in document order.
    public private(set) var keys: [String]
    /// Member values, parallel to ``keys``.
    public private(set) var values: [JSONValue]
    private var index: [String: Int]?

    /// Objects with more members than this get a hash index.
    static let indexThreshold = 12

    /// An empty object.
    public init() {
        keys = []
        values = []
        index = nil
    }

    /// An object with `members` in order (a repeated key keeps its last value).
    public init<S: Sequence>(_ members: S) where S.Element == (String, JSONValue) {
        self.init()
        for (k, v) in members { self[k] = v }
    }

    /// The number of members.
    public var count: Int { keys.count }
    /// Whether there are no members.
    public var isEmpty: Bool { keys.isEmpty }

    /// The position of `key` among the members, or `nil`.
    /// Keys compare by code points (not Swift's canonical equivalence), as JSON requires.
    public func position(of key: String) -> Int? {
        if let index {
            guard let i = index[key] else { return nil }
            if keys[i].sameScalars(as: key) { return i }
            // A canonically equivalent but different key shares the index slot: scan.
        }
        for i in keys.indices where keys[i].sameScalars(as: key) { return i }
        return nil
    }

    /// The value for `key`; assigning `nil` removes the member, assigning to a new key appends it.
    public subscript(key: String) -> JSONValue? {
        get { position(of: key).map { values[$0] } }
        set {
            if let i = position(of: key) {
                if let newValue {
                    values[i] = newValue
                } else {
                    keys.remove(at: i)
                    values.remove(at: i)
                    rebuildIndex()
                }
            } else if let newValue {
                keys.append(key)
                values.append(newValue)
                if index != nil {
                    index![key] = keys.count - 1
                } else if keys.count > Self.indexThreshold {
                    rebuildIndex()
                }
            }
        }
    }

    private mutating func rebuildIndex() {
        guard keys.count > Self.indexThreshold else {
            index = nil
            return
        }
        var idx = [String: Int](minimumCapacity: keys.count)
        for (i, k) in keys.enumerated() { idx[k] = i }
        index = idx
    }
}

extension JSONObject: RandomAccessCollection {
    /// A member: its name and value.
    public typealias Element = (key: String, value: JSONValue)
    /// The position of the first member.
    public var startIndex: Int { 0 }
    /// One past the position of the last member.
    public var endIndex: Int { keys.count }
    /// The member at `position`.
    public subscript(position: Int) -> Element { (keys[position], values[position]) }
}

extension JSONObject: Equatable {
    /// JSON equality: the same set of keys with equal values, in any order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for i in lhs.keys.indices {
            guard let other = rhs[lhs.keys[i]], other == lhs.values[i] else { return false }
        }
        return true
    }
}

extension JSONObject: Hashable {
    /// Order-independent, to agree with `==`.
    public func hash(into hasher: inout Hasher) {
        var combined = 0
        for i in keys.indices {
            var h = Hasher()
            keys[i].hashScalars(into: &h)
            h.combine(values[i])
            combined ^= h.finalize()
        }
        hasher.combine(count)
        hasher.combine(combined)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// An object from a dictionary literal, members in literal order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }
}
