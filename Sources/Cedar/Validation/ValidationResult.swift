// What strict validation reports: one diagnostic per problem, naming the policy, where it is,
// and what is wrong.

/// A problem strict validation found in a policy.
public struct ValidationDiagnostic: Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is. New codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case unknownEntityType, unknownEntity, invalidActionApplication, typeError
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The policy names an entity type the schema does not declare.
        public static let unknownEntityType = Code(.unknownEntityType)
        /// The policy names an action, or an id of an enumerated type, that the schema does not
        /// declare.
        public static let unknownEntity = Code(.unknownEntity)
        /// The scope can never match a request the schema allows.
        public static let invalidActionApplication = Code(.invalidActionApplication)
        /// An expression is ill-typed for some request the schema allows (a wrong attribute, an
        /// optional attribute read without `has`, mismatched operand types, ...).
        public static let typeError = Code(.typeError)

        public var description: String { base.rawValue }
    }

    /// The kind of problem.
    public let code: Code
    /// The policy with the problem.
    public let policyID: PolicyID
    /// Where the policy starts in its source text, when known.
    public let location: SourcePosition?
    /// What is wrong, naming the attribute, type or entity involved.
    public let message: String

    public var description: String {
        let at = location.map { "\($0): " } ?? ""
        return "\(at)policy `\(policyID)`: \(message)"
    }
}

/// The outcome of validating policies against a schema.
public struct ValidationResult: Sendable, Hashable {
    /// Every problem found, policy by policy.
    public let diagnostics: [ValidationDiagnostic]

    /// Whether validation passed (no diagnostics).
    public var passed: Bool { diagnostics.isEmpty }
}
