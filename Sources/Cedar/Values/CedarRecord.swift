// Cedar records (entity attributes, tags, the request context, record values). Attribute names in
// policies are fixed, so each compiled access carries its name's hash; a record stores its keys'
// hashes too, and a lookup compares integers before comparing strings. A `Dictionary` would hash
// the name again on every access, which dominated evaluation time.

/// An immutable record: attribute names mapped to values.
///
/// ```swift
/// let context: CedarRecord = ["mfa": true, "risk": 42]
/// context["risk"]  // .long(42)
/// ```
public struct CedarRecord: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    final class Storage: Sendable {
        let keys: [String]
        let values: [CedarValue]
        let hashes: [Int]
        /// Whether every key is ASCII (then `String ==` is exact).
        let asciiKeys: Bool
        /// Open-addressing index into `keys` (slot value `i + 1`, 0 for empty), for large records.
        let table: [Int32]

        init(keys: [String], values: [CedarValue]) {
            self.keys = keys
            self.values = values
            hashes = keys.map(CedarRecord.hash)
            asciiKeys = keys.allSatisfy(CedarStrings.isASCII)
            guard keys.count > CedarRecord.linearLimit else {
                table = []
                return
            }
            var capacity = 16
            while capacity < keys.count * 2 { capacity <<= 1 }
            var table = [Int32](repeating: 0, count: capacity)
            for (i, h) in hashes.enumerated() {
                var slot = h & (capacity - 1)
                while table[slot] != 0 { slot = (slot + 1) & (capacity - 1) }
                table[slot] = Int32(i + 1)
            }
            self.table = table
        }
    }

    /// Records up to this size are searched linearly (by hash, then name).
    static let linearLimit = 8

    let storage: Storage

    static func hash(_ key: String) -> Int {
        var h = Hasher()
        h.combine(key)
        return h.finalize()
    }

    /// An empty record.
    public init() {
        storage = Storage(keys: [], values: [])
    }

    /// A record with the dictionary's entries. (A Swift dictionary treats canonically
    /// equivalent keys as one; build from key-value pairs for keys that differ only in Unicode
    /// normalization.)
    public init(_ fields: [String: CedarValue]) {
        storage = Storage(keys: Array(fields.keys), values: Array(fields.values))
    }

    /// A record from key-value pairs; a repeated key keeps its last value.
    public init(_ pairs: some Sequence<(String, CedarValue)>) {
        var keys: [String] = []
        var values: [CedarValue] = []
        var positions: [CedarKey: Int] = [:]
        for (k, v) in pairs {
            if let i = positions[CedarKey(k)] {
                values[i] = v
            } else {
                positions[CedarKey(k)] = keys.count
                keys.append(k)
                values.append(v)
            }
        }
        storage = Storage(keys: keys, values: values)
    }

    /// A record from keys known to be distinct (the JSON and policy parsers reject duplicates).
    init(uniqueKeys keys: [String], values: [CedarValue]) {
        storage = Storage(keys: keys, values: values)
    }

    public init(dictionaryLiteral elements: (String, CedarValue)...) {
        self.init(elements)
    }

    /// The number of attributes.
    public var count: Int { storage.keys.count }
    public var isEmpty: Bool { storage.keys.isEmpty }

    /// The attribute names, in insertion order.
    public var keys: [String] { storage.keys }

    /// The record as a dictionary (keys that differ only in Unicode normalization collapse).
    public var dictionary: [String: CedarValue] {
        Dictionary(uniqueKeysWithValues: zip(storage.keys, storage.values))
    }

    /// The value of attribute `key`, if present.
    public subscript(key: String) -> CedarValue? {
        value(key, hash: Self.hash(key))
    }

    /// The value of attribute `key` whose hash is `hash` (as `CedarRecord.hash` computes it).
    @inline(__always)
    func value(_ key: String, hash: Int, ascii: Bool? = nil) -> CedarValue? {
        let s = storage
        let keyIsASCII = ascii ?? CedarStrings.isASCII(key)
        if s.table.isEmpty {
            return s.hashes.withUnsafeBufferPointer { hashes -> CedarValue? in
                for i in 0..<hashes.count
                where hashes[i] == hash && CedarStrings.equal(s.keys[i], ascii: s.asciiKeys, key, ascii: keyIsASCII) {
                    return s.values[i]
                }
                return nil
            }
        }
        let mask = s.table.count - 1
        var slot = hash & mask
        while true {
            let entry = Int(s.table[slot])
            if entry == 0 { return nil }
            if s.hashes[entry - 1] == hash && CedarStrings.equal(s.keys[entry - 1], ascii: s.asciiKeys, key, ascii: keyIsASCII) {
                return s.values[entry - 1]
            }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    func value(_ key: AttributeKey) -> CedarValue? { value(key.name, hash: key.hash, ascii: key.isASCII) }

    public func makeIterator() -> some IteratorProtocol<(key: String, value: CedarValue)> {
        zip(storage.keys, storage.values).lazy.map { (key: $0, value: $1) }.makeIterator()
    }

    public static func == (lhs: CedarRecord, rhs: CedarRecord) -> Bool {
        if lhs.storage === rhs.storage { return true }
        guard lhs.count == rhs.count else { return false }
        for i in 0..<lhs.count {
            guard rhs.value(lhs.storage.keys[i], hash: lhs.storage.hashes[i], ascii: lhs.storage.asciiKeys ? true : nil)
                == lhs.storage.values[i]
            else {
                return false
            }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent, like Dictionary's.
        var sum = 0
        for i in 0..<count {
            var h = Hasher()
            h.combine(storage.keys[i])
            h.combine(storage.values[i])
            sum &+= h.finalize()
        }
        hasher.combine(count)
        hasher.combine(sum)
    }

    public var description: String {
        let order = storage.keys.indices.sorted { storage.keys[$0] < storage.keys[$1] }
        return "{" + order.map { "\(CedarString.quoted(storage.keys[$0])): \(storage.values[$0])" }.joined(separator: ", ") + "}"
    }
}

/// An attribute name with its hash computed once, for lookups from compiled policies.
struct AttributeKey: Sendable {
    let name: String
    let hash: Int
    let isASCII: Bool

    init(_ name: String) {
        self.name = name
        hash = CedarRecord.hash(name)
        isASCII = CedarStrings.isASCII(name)
    }
}
