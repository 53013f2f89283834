// Errors of the store, written for the operator who has to fix the data folder: each names the
// file, what Gatehouse was doing, and what went wrong in plain words.

/// A failure of the store.
///
/// The `description` reads `Cannot <operation> (<location>): <reason>.`, for example
/// `Cannot open the store (/srv/gh/gatehouse.sqlite): the folder /srv/gh is read-only; make it
/// writable for the user running gatehouse.`
package struct StoreError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is; compare with the static members.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String {
            case cannotOpen = "cannot_open"
            case readOnly = "read_only"
            case diskFull = "disk_full"
            case busy
            case corrupt
            case schemaTooNew = "schema_too_new"
            case invalidDocument = "invalid_document"
            case io
            case closed
            case other
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The file or folder cannot be opened or created.
        package static let cannotOpen = Code(.cannotOpen)
        /// The database file or its folder is read-only.
        package static let readOnly = Code(.readOnly)
        /// The disk (or quota) is full.
        package static let diskFull = Code(.diskFull)
        /// Another process held a lock for longer than the busy timeout.
        package static let busy = Code(.busy)
        /// The file is not a database or is damaged.
        package static let corrupt = Code(.corrupt)
        /// The database was written by a newer Gatehouse.
        package static let schemaTooNew = Code(.schemaTooNew)
        /// A stored document or row could not be read back.
        package static let invalidDocument = Code(.invalidDocument)
        /// An input/output error from the operating system.
        package static let io = Code(.io)
        /// The store was used after `close()`.
        package static let closed = Code(.closed)
        /// Anything else.
        package static let other = Code(.other)

        /// A bounded snake_case name, safe as a metric label.
        package var description: String { base.rawValue }
    }

    package var code: Code
    /// What the store was doing, as a verb phrase: "open the store", "save a registry change".
    package var operation: String
    /// The file, folder or database the failure concerns.
    package var location: String
    /// Why, in one clause with the fix where there is one.
    package var reason: String
    /// The lower-level error, for logs.
    package var underlying: (any Error & Sendable)?

    package init(
        _ code: Code, operation: String, location: String, reason: String, underlying: (any Error & Sendable)? = nil
    ) {
        self.code = code
        self.operation = operation
        self.location = location
        self.reason = reason
        self.underlying = underlying
    }

    package var description: String {
        let trimmed = reason.hasSuffix(".") ? String(reason.dropLast()) : reason
        return "Cannot \(operation) (\(location)): \(trimmed)."
    }
}
