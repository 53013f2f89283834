// The identity of an entity: its type plus an id string. Entity uids are compared and hashed on
// every scope check and `in` test, so the pair lives in one shared box with its hash computed
// once: copies are a single reference and hashing costs one integer.

/// The unique identifier of an entity, written `Type::"id"` in Cedar (`User::"alice"`).
///
/// Two uids are equal when both the type and the id are equal. The id is any string,
/// including the empty string and control characters.
public struct EntityUID: Hashable, Sendable, CustomStringConvertible {
    @usableFromInline
    final class Storage: Sendable {
        @usableFromInline let type: EntityType
        @usableFromInline let id: String
        @usableFromInline let hash: Int
        @usableFromInline let idIsASCII: Bool

        init(type: EntityType, id: String) {
            self.type = type
            self.id = id
            idIsASCII = CedarStrings.isASCII(id)
            var hasher = Hasher()
            hasher.combine(type.name)
            hasher.combine(id)
            self.hash = hasher.finalize()
        }
    }

    @usableFromInline let storage: Storage

    /// Creates the uid `type::"id"`.
    public init(type: EntityType, id: String) {
        storage = Storage(type: type, id: id)
    }

    /// Creates the uid `type::"id"` from the type's full name.
    public init(type: String, id: String) {
        storage = Storage(type: EntityType(type), id: id)
    }

    /// The entity's type.
    @inlinable public var type: EntityType { storage.type }

    /// The entity's id within its type.
    @inlinable public var id: String { storage.id }

    @inlinable
    public static func == (lhs: EntityUID, rhs: EntityUID) -> Bool {
        lhs.storage === rhs.storage
            || (lhs.storage.hash == rhs.storage.hash
                && CedarStrings.equal(lhs.storage.id, ascii: lhs.storage.idIsASCII, rhs.storage.id, ascii: rhs.storage.idIsASCII)
                && lhs.storage.type == rhs.storage.type)
    }

    @inlinable
    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.hash)
    }

    /// The uid in Cedar syntax, with the id quoted and escaped: `User::"alice"`.
    public var description: String {
        "\(type.name)::\(CedarString.quoted(id))"
    }
}
