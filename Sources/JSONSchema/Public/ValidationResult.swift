// The outcome of a validation with error collection.

/// Whether an instance is valid, and if not, every failure found.
public struct ValidationResult: Sendable, Hashable, CustomStringConvertible {
    /// The failures, in evaluation order; empty exactly when the instance is valid.
    public let errors: [ValidationError]

    /// Whether the instance is valid.
    public var isValid: Bool { errors.isEmpty }

    /// - Parameter errors: the failures (empty for a valid instance).
    public init(errors: [ValidationError]) { self.errors = errors }

    /// `valid`, or one failure per line.
    public var description: String {
        isValid ? "valid" : errors.map(\.description).joined(separator: "\n")
    }
}
