// The identity of a tool or prompt definition: SHA-256 over a canonical JSON form of the fields
// that change what the model is told or what the tool accepts, so any such change shows.
import Crypto
import JSONSchema

/// Hashes of MCP tool and prompt definitions.
///
/// A tool's canonical form is the object of its `name`, `description`, `inputSchema`,
/// `outputSchema` and `annotations` (absent fields omitted), serialized with sorted keys and
/// normalised numbers; a prompt's uses `name`, `description` and `arguments`. Other fields
/// (`title`, `icons`, `_meta`) do not count: they are presentation.
package enum DefinitionHash {
    package static let toolFields = ["name", "description", "inputSchema", "outputSchema", "annotations"]
    package static let promptFields = ["name", "description", "arguments"]

    /// Hex SHA-256 of the canonical tool definition.
    package static func tool(_ definition: JSONObject) -> String { hash(definition, fields: toolFields) }

    /// Hex SHA-256 of the canonical prompt definition.
    package static func prompt(_ definition: JSONObject) -> String { hash(definition, fields: promptFields) }

    /// Hex SHA-256 of the canonical resource-template definition (`uriTemplate`, `name`,
    /// `description`, `mimeType`).
    package static func resourceTemplate(_ definition: JSONObject) -> String {
        hash(definition, fields: ["uriTemplate", "name", "description", "mimeType"])
    }

    private static func hash(_ definition: JSONObject, fields: [String]) -> String {
        var canonical = JSONObject()
        for f in fields { if let v = definition[f] { canonical[f] = v } }
        return SHA256.hash(data: JSONValue.object(canonical).serialized(.canonical)).hexEncoded
    }
}
