// Why an expression failed to evaluate. The authorizer turns these into per-policy errors; only
// the fact that a policy errored affects a decision, so messages are built only on this path.

/// An evaluation failure: a type error, a missing attribute or entity, an overflow, or a failed
/// extension function.
struct EvaluationError: Error, Sendable {
    /// What went wrong, in the reference's wording where practical.
    let message: String

    init(_ message: String) {
        self.message = message
    }

    static func type(expected: String, got value: CedarValue) -> EvaluationError {
        EvaluationError("type error: expected \(expected), got \(value.typeName)")
    }

    static func overflow(_ operation: String, _ a: Int64, _ b: Int64? = nil) -> EvaluationError {
        if let b {
            return EvaluationError("integer overflow while attempting to \(operation) the values `\(a)` and `\(b)`")
        }
        return EvaluationError("integer overflow while attempting to \(operation) the value `\(a)`")
    }
}
