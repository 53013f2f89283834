// A schema as written, before names are resolved. Both the human-readable and the JSON format
// parse into this shape; `SchemaResolver` then resolves every type reference against all
// declarations, as the reference does (current namespace first, then the empty namespace, common
// types before entity types).

/// An unresolved schema: declarations grouped by namespace.
struct RawSchema {
    /// A type reference as written: a path such as `["NS", "User"]`.
    typealias RawName = [String]

    indirect enum RawType {
        case bool, long, string
        case set(RawType)
        case record([RawAttribute])
        /// `{"type": "Entity", "name": ...}` in JSON.
        case entity(RawName)
        /// `{"type": "Extension", "name": ...}` in JSON.
        case `extension`(String)
        /// A bare name: a common type or an entity type (`EntityOrCommon`).
        case entityOrCommon(RawName)
        /// `{"type": "<Name>"}` in JSON: a common type.
        case common(RawName)
    }

    struct RawAttribute {
        let name: String
        let type: RawType
        let isRequired: Bool
    }

    struct EntityDecl {
        let name: String
        let memberOf: [RawName]
        let shape: RawType?
        let tags: RawType?
        let enumIDs: [String]?
    }

    struct ActionRef {
        /// The action's type as written, or nil for the current namespace's `Action`.
        let type: RawName?
        let id: String
    }

    struct ActionDecl {
        let name: String
        let memberOf: [ActionRef]
        /// Nil when the action has no `appliesTo`: it then applies to no request.
        let principalTypes: [RawName]?
        let resourceTypes: [RawName]?
        let context: RawType?
    }

    struct Namespace {
        let name: String?
        var entityTypes: [EntityDecl] = []
        var actions: [ActionDecl] = []
        var commonTypes: [(name: String, type: RawType)] = []
    }

    var namespaces: [Namespace] = []
}
