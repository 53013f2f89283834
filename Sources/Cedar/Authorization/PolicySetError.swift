// Errors from assembling a policy set (as opposed to parsing text): duplicate ids and template
// links that do not fit their template.

/// A problem building or linking a policy set.
public struct PolicySetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem this is. New codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case duplicateID, unknownTemplate, slotMismatch
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// Two policies, templates or links share an id.
        public static let duplicateID = Code(.duplicateID)
        /// The template to link does not exist.
        public static let unknownTemplate = Code(.unknownTemplate)
        /// The values given do not match the template's slots.
        public static let slotMismatch = Code(.slotMismatch)

        public var description: String { base.rawValue }
    }

    /// The kind of problem.
    public let code: Code
    /// What went wrong, naming the ids involved.
    public let message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
