// `properties`, `patternProperties` and `additionalProperties` of one schema, compiled for a
// single pass over an object's members.

/// `properties`, `patternProperties` and `additionalProperties` of one node, applied in one
/// pass over the instance's members.
final class ObjectApplicator: Sendable {
    struct Property: Sendable {
        let name: String
        let sub: Sub
        /// The name's UTF-8 bytes: members match by bytes (code points), not by Swift's
        /// canonical-equivalence `==`.
        let bytes: [UInt8]

        init(name: String, sub: Sub) {
            self.name = name
            self.sub = sub
            bytes = Array(name.utf8)
        }
    }
    struct PatternProperty: Sendable {
        let regex: ECMARegex
        let sub: Sub
    }
    let properties: [Property]
    /// Name → index into `properties`, only for many properties (small lists are scanned).
    let index: [String: Int]?
    let patterns: [PatternProperty]
    let additional: Sub?
    /// `additionalProperties: false`: reported as one error naming the extra members.
    let additionalIsFalse: Bool

    init(properties: [Property], index: [String: Int]?, patterns: [PatternProperty], additional: Sub?, additionalIsFalse: Bool) {
        self.properties = properties
        self.index = index
        self.patterns = patterns
        self.additional = additional
        self.additionalIsFalse = additionalIsFalse
    }

    /// The subschema for member `name`, if `properties` names it (code-point equality).
    @inline(__always)
    func property(named name: String) -> Sub? {
        if let index {
            guard let i = index[name], properties[i].name.sameScalars(as: name) else { return nil }
            return properties[i].sub
        }
        let found: Int?? = name.utf8.withContiguousStorageIfAvailable { key in
            // Length and first byte rule out almost every candidate without a comparison.
            let first = key.first ?? 0
            for i in properties.indices {
                let b = properties[i].bytes
                guard b.count == key.count, b.first ?? 0 == first else { continue }
                if b.withUnsafeBufferPointer({ UTF8Bytes.equal($0, key) }) { return i }
            }
            return nil
        }
        if let found { return found.map { properties[$0].sub } }
        for p in properties where p.name.sameScalars(as: name) { return p.sub }
        return nil
    }
}
