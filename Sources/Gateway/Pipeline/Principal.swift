// Who is calling, as established by the identify stage.

/// The identity behind a request.
package struct Principal: Sendable, Equatable {
    /// The application (registry name).
    package var application: String
    /// The id of the API key used, when a key was used.
    package var keyID: String?

    package init(application: String, keyID: String? = nil) {
        self.application = application
        self.keyID = keyID
    }
}
