// What changed between two definitions of a tool or prompt, for the audit event that records a
// quarantine: the fields that count for the definition hash, before and after, each as compact
// JSON cut to a bounded length.
import JSONSchema

/// A before/after difference of two definitions.
package struct DefinitionDiff: Sendable, Equatable {
    package struct Change: Sendable, Equatable {
        package var field: String
        /// Compact JSON, or `nil` when the field was absent.
        package var before: String?
        package var after: String?
    }

    package var changes: [Change]

    /// Longest JSON text kept per side.
    package static let maxText = 2_000

    /// Compares `before` and `after` on `fields` (`DefinitionHash.toolFields` or `promptFields`).
    package init(before: JSONObject?, after: JSONObject?, fields: [String]) {
        changes = fields.compactMap { field in
            let b = before?[field]
            let a = after?[field]
            guard b != a else { return nil }
            return Change(field: field, before: b.map(Self.text), after: a.map(Self.text))
        }
    }

    static func text(_ value: JSONValue) -> String {
        let s = value.jsonString()
        return s.count > maxText ? String(s.prefix(maxText)) + "…" : s
    }

    /// As JSON: `[{"field": …, "before": …, "after": …}]`.
    package var json: JSONValue {
        .array(
            changes.map { c in
                var o: JSONObject = ["field": .string(c.field)]
                o["before"] = c.before.map(JSONValue.string) ?? .null
                o["after"] = c.after.map(JSONValue.string) ?? .null
                return .object(o)
            })
    }

    /// `description, inputSchema`.
    package var summary: String { changes.map(\.field).joined(separator: ", ") }
}
