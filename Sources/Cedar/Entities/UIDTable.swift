// An immutable open-addressing hash table keyed by entity uid. Every uid carries its hash,
// computed once when it was created, so a lookup here is a masked index and a pointer or string
// comparison, where `Dictionary` would run SipHash on every probe. It backs the entity store,
// the ancestor sets and the scope index, which are consulted on every request.

/// A read-only map from entity uids to values.
struct UIDTable<Value: Sendable>: Sendable {
    private let keys: [EntityUID?]
    private let values: [Value?]
    private let mask: Int
    /// The keys in insertion order, for iteration.
    let elements: [EntityUID]

    init(_ pairs: some Collection<(EntityUID, Value)>) {
        var capacity = 4
        while capacity < pairs.count * 2 { capacity <<= 1 }
        var keys = [EntityUID?](repeating: nil, count: capacity)
        var values = [Value?](repeating: nil, count: capacity)
        var elements: [EntityUID] = []
        elements.reserveCapacity(pairs.count)
        let mask = capacity - 1
        for (key, value) in pairs {
            var i = key.storage.hash & mask
            while let existing = keys[i] {
                if existing == key { break }
                i = (i + 1) & mask
            }
            if keys[i] == nil { elements.append(key) }
            keys[i] = key
            values[i] = value
        }
        self.keys = keys
        self.values = values
        self.mask = mask
        self.elements = elements
    }

    init() {
        self.init(EmptyCollection<(EntityUID, Value)>())
    }

    var count: Int { elements.count }
    var isEmpty: Bool { elements.isEmpty }

    @inline(__always)
    private func slot(of key: EntityUID) -> Int? {
        let h = key.storage.hash
        return keys.withUnsafeBufferPointer { k -> Int? in
            var i = h & mask
            while let existing = k[i] {
                if existing == key {
                    return i
                }
                i = (i + 1) & mask
            }
            return nil
        }
    }

    /// The value for `key`, if present.
    @inline(__always)
    subscript(key: EntityUID) -> Value? {
        guard let i = slot(of: key) else { return nil }
        return values[i]
    }

    @inline(__always)
    func contains(_ key: EntityUID) -> Bool {
        slot(of: key) != nil
    }
}

/// A read-only set of entity uids with the same fast lookup.
struct UIDSet: Sendable {
    private let table: UIDTable<Bool>

    init(_ uids: some Collection<EntityUID>) {
        table = UIDTable(uids.map { ($0, true) })
    }

    @inline(__always)
    func contains(_ uid: EntityUID) -> Bool { table.contains(uid) }

    var elements: [EntityUID] { table.elements }
    var isEmpty: Bool { table.isEmpty }
}
