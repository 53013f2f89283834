// What a registry change hands back besides its result: the warnings worth showing to whoever
// made it (the CLI prints them on stderr, the admin API returns them as `diagnostics`).

/// The outcome of a change that succeeded, with anything worth telling the person who made it.
package struct RegistryOutcome<Value: Sendable>: Sendable {
    package var value: Value
    /// Warnings and notes (never errors: those throw).
    package var diagnostics: [Diagnostic]

    package init(_ value: Value, diagnostics: [Diagnostic] = []) {
        self.value = value
        self.diagnostics = diagnostics
    }
}
