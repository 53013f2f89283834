// Errors of registry operations, shaped for three readers at once: the CLI prints `message` on
// one line, the admin API sends `{"error": {"code", "message", "diagnostics"}}` with `httpStatus`,
// and the remote CLI client turns that JSON back into the same error.

/// A registry operation that could not be done, and why.
package struct RegistryError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The kind of failure; maps to an HTTP status. Grows by adding statics.
    package struct Code: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        package let rawValue: String
        package init(rawValue: String) { self.rawValue = rawValue }

        /// The request is malformed (unreadable JSON, a bad parameter). 400.
        package static let badRequest = Code(rawValue: "bad_request")
        /// No or a wrong admin token. 401.
        package static let unauthorized = Code(rawValue: "unauthorized")
        /// The named server, application or key does not exist. 404.
        package static let notFound = Code(rawValue: "not_found")
        /// The change clashes with what exists (a taken slug, a server still in use). 409.
        package static let conflict = Code(rawValue: "conflict")
        /// The content breaks a rule (see `diagnostics`). 422.
        package static let invalid = Code(rawValue: "invalid")
        /// The running Gatehouse cannot be reached (remote client only).
        package static let unavailable = Code(rawValue: "unavailable")
        /// A fault on the server's side. 500.
        package static let `internal` = Code(rawValue: "internal")

        /// The HTTP status the admin API answers with.
        package var httpStatus: Int {
            switch self {
            case .badRequest: 400
            case .unauthorized: 401
            case .notFound: 404
            case .conflict: 409
            case .invalid: 422
            case .unavailable: 503
            default: 500
            }
        }

        package var description: String { rawValue }
    }

    package var code: Code
    /// One sentence for a person: what is wrong and how to fix it.
    package var message: String
    /// The individual problems, when the error sums up several (a configuration with errors).
    package var diagnostics: [Diagnostic]

    package init(_ code: Code, _ message: String, diagnostics: [Diagnostic] = []) {
        self.code = code
        self.message = message
        self.diagnostics = diagnostics
    }

    package var description: String { message }

    static func serverNotFound(_ slug: String) -> RegistryError {
        RegistryError(.notFound, "No server \"\(slug)\" is registered; `gatehouse servers list` shows the registered ones.")
    }

    static func applicationNotFound(_ name: String) -> RegistryError {
        RegistryError(.notFound, "No application \"\(name)\" is registered; `gatehouse apps list` shows the registered ones.")
    }

    static func keyNotFound(_ id: String) -> RegistryError {
        RegistryError(.notFound, "No API key with id \"\(id)\" exists; `gatehouse keys list` shows the key ids.")
    }

    /// Sums up the errors among `diagnostics` (keeping all of them, warnings too, attached).
    static func invalid(_ diagnostics: [Diagnostic], subject: String) -> RegistryError {
        let errors = diagnostics.filter { $0.severity == .error }
        if errors.count == 1, let only = errors.first { return RegistryError(.invalid, only.message, diagnostics: diagnostics) }
        return RegistryError(.invalid, "\(subject) has \(errors.count) errors.", diagnostics: diagnostics)
    }
}
