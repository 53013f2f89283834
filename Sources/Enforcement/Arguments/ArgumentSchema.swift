// A tool's `inputSchema`, compiled once per tool definition (keyed by its definition hash), and
// the check of a call's arguments against it. A schema that does not compile is known as soon as
// the tool is discovered; calls to such a tool are refused with the compile error as the reason.
import JSONSchema
import Synchronization

/// A tool's compiled input schema.
package enum ArgumentSchema: Sendable {
    /// The tool declares no input schema: nothing to check.
    case none
    case compiled(JSONSchema)
    /// The schema does not compile; the message says why.
    case invalid(String)

    /// Compiles `inputSchema` (draft 2020-12 unless it names its dialect).
    package static func compile(_ inputSchema: JSONValue?) -> ArgumentSchema {
        guard let inputSchema else { return .none }
        do {
            return .compiled(try JSONSchema.compile(inputSchema))
        } catch {
            return .invalid(error.description)
        }
    }

    /// The compile error, when the schema does not compile.
    package var problem: String? {
        if case .invalid(let p) = self { return p }
        return nil
    }

    /// Checks a call's arguments (absent arguments are checked as `{}`).
    package func check(_ arguments: JSONValue?) -> ArgumentCheck {
        switch self {
        case .none: return .valid
        case .invalid(let reason): return .unusable(reason)
        case .compiled(let schema):
            let instance = arguments ?? .object([:])
            if schema.isValid(instance) { return .valid }
            return .invalid(schema.validate(instance).errors.map(\.description))
        }
    }
}

/// The outcome of checking arguments.
package enum ArgumentCheck: Sendable, Equatable {
    case valid
    /// Each failure as `/path: message`.
    case invalid([String])
    /// The tool's schema does not compile.
    case unusable(String)

    /// A short form for audit records: `passed`, `failed`, `schema_error`.
    package var outcome: String {
        switch self {
        case .valid: "passed"
        case .invalid: "failed"
        case .unusable: "schema_error"
        }
    }
}

/// Compiled schemas by definition hash, shared across directory rebuilds so a schema is compiled
/// once per tool definition, not once per registry change.
package final class ArgumentSchemaCache: Sendable {
    private let schemas = Mutex<[String: ArgumentSchema]>([:])

    package init() {}

    /// The compiled schema of the definition with this hash.
    package func schema(hash: String, inputSchema: JSONValue?) -> ArgumentSchema {
        if let cached = schemas.withLock({ $0[hash] }) { return cached }
        let compiled = ArgumentSchema.compile(inputSchema)
        schemas.withLock { $0[hash] = compiled }
        return compiled
    }

    /// Forgets every schema whose hash is not in `hashes`.
    package func retain(only hashes: Set<String>) {
        schemas.withLock { s in s = s.filter { hashes.contains($0.key) } }
    }

    package var count: Int { schemas.withLock { $0.count } }
}
