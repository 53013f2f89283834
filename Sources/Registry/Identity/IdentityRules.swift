// Rules for identity entries, shared by the configuration resolver, the CLI and the admin API.
import Auth
import Foundation

/// Validation and resolution of users and certificate mappings.
package enum IdentityRules {
    /// `^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$`: plain names or email addresses.
    package static func isValidUserName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.utf8.count <= 128, first.isASCII, first.properties.isAlphabetic || ("0"..."9").contains(first)
        else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._@+-".unicodeScalars.contains($0)) }
    }

    package static let userNameRule = "use 1 to 128 letters, digits, \".\", \"_\", \"@\", \"+\" or \"-\", starting with a letter or digit"

    /// Resolves a user definition; `environment` supplies `password_env`.
    /// - Parameters:
    ///   - fromFile: Files may not hold plain passwords.
    ///   - existing: The stored user of that name: its hash is kept when the password is unchanged.
    static func resolveUser(
        _ definition: UserDefinition, at path: ConfigPath, applications: Set<String>, environment: [String: String], fromFile: Bool,
        existing: UserAccount?, into collector: DiagnosticCollector
    ) -> UserAccount? {
        let errors = collector.errors.count
        let subject = path.described(or: "the user")
        guard let name = definition.name, !name.isEmpty else {
            collector.error("\(subject) has no name; add name: such as ada or ada@example.com.", at: path)
            return nil
        }
        if !isValidUserName(name) {
            collector.error("\(path.appending("name")) \"\(name.prefix(100))\" is not a valid user name; \(userNameRule).", at: path.appending("name"))
        }
        var hash: String?
        let given = [definition.passwordHash != nil, definition.passwordEnv != nil, definition.password != nil].filter { $0 }.count
        if given > 1 {
            collector.error("\(subject) sets more than one of password_hash, password_env and password; keep one.", at: path)
        }
        if let plain = definition.password {
            if fromFile {
                collector.error(
                    "\(path.appending("password")): plain passwords are not allowed in files; use password_hash (from \"gatehouse users hash-password\") or password_env.",
                    at: path.appending("password"))
            } else {
                hash = passwordHash(plain, existing: existing, at: path.appending("password"), into: collector)
            }
        }
        if let stored = definition.passwordHash {
            if PasswordHasher.isHash(stored) {
                hash = stored
            } else {
                collector.error(
                    "\(path.appending("password_hash")) is not a scrypt hash; make one with \"gatehouse users hash-password\".", at: path.appending("password_hash"))
            }
        }
        if let variable = definition.passwordEnv {
            if let plain = environment[variable], !plain.isEmpty {
                hash = passwordHash(plain, existing: existing, at: path.appending("password_env"), into: collector)
            } else {
                collector.error(
                    "\(path.appending("password_env")) names \(variable), which is not set in the environment; set it or use password_hash.",
                    at: path.appending("password_env"))
            }
        }
        if let application = definition.application, !applications.contains(application) {
            collector.error(
                "\(path.appending("application")) \"\(application)\" is not a registered application; declare it under applications: first.",
                at: path.appending("application"))
        }
        for (i, group) in (definition.groups ?? []).enumerated() where group.isEmpty || group.count > 128 {
            collector.error("\(path.appending("groups").appending(index: i)) must be 1 to 128 characters.", at: path.appending("groups").appending(index: i))
        }
        guard collector.errors.count == errors else { return nil }
        return UserAccount(
            name: name, passwordHash: hash ?? existing?.passwordHash, application: definition.application, groups: definition.groups ?? [],
            disabled: definition.disabled ?? false, source: existing?.source ?? "builtin", subject: existing?.subject, email: existing?.email,
            createdAt: existing?.createdAt ?? Date())
    }

    /// Hashes a password, keeping `existing`'s hash when it already matches (so re-applying a
    /// file does not count as a change).
    private static func passwordHash(_ plain: String, existing: UserAccount?, at path: ConfigPath, into collector: DiagnosticCollector) -> String? {
        guard plain.count >= PasswordHasher.minimumLength else {
            collector.error("\(path): the password has \(plain.count) characters; use at least \(PasswordHasher.minimumLength).", at: path)
            return nil
        }
        if let old = existing?.passwordHash, PasswordHasher.verify(plain, against: old) { return old }
        do {
            return try PasswordHasher.standard.hash(plain)
        } catch {
            collector.error("\(path): the password could not be hashed (\(error)).", at: path)
            return nil
        }
    }

    /// Resolves a certificate mapping definition.
    static func resolveMapping(
        _ definition: CertificateMappingDefinition, at path: ConfigPath, applications: Set<String>, into collector: DiagnosticCollector
    ) -> CertificateMapping? {
        let subject = path.described(or: "the certificate mapping")
        guard let name = definition.subject, !name.isEmpty else {
            collector.error("\(subject) has no subject; write subject: dns:agent.internal (or uri:, email:, cn:).", at: path)
            return nil
        }
        guard let application = definition.application, applications.contains(application) else {
            collector.error(
                "\(path.appending("application")) \"\(definition.application ?? "")\" is not a registered application; name one declared under applications:.",
                at: path.appending("application"))
            return nil
        }
        return CertificateMapping(subject: ClientCertificateName.normalised(name), application: application)
    }
}
