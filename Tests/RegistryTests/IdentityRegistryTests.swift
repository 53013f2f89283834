// Identity entries in the registry: users and certificate mappings applied from a file (plain
// passwords refused, environment passwords hashed, re-applying changes nothing, pruning),
// users and mappings through the service, signing key rotation keeping retired keys, revocations
// as registry changes, and projects on applications and their keys.
import Auth
import Foundation
import Testing

@testable import Registry

@Suite struct IdentityRegistryTests {
    let source = "/etc/gatehouse/gatehouse.yaml"
    static let base = """
        servers:
          - { slug: notes, name: com.example/notes, upstream: { url: "http://127.0.0.1:8765/mcp" }, tools: { enabled: [echo] } }
        applications:
          - { name: ci-agent, project: payments, allow: [ { server: notes } ] }
        """

    func apply(_ registry: RegistryService, _ text: String) async throws -> ApplyResult {
        try await registry.apply(text: text, file: "gatehouse.yaml", source: source, dryRun: false)
    }

    @Test func usersAndCertificatesAreAppliedHashedAndPrunedLikeEverythingElse() async throws {
        try await withRegistry(environment: ["ADA_PASSWORD": "correct horse battery"]) { registry, _ in
            let file = Self.base + """

                users:
                  - { name: ada, password_env: ADA_PASSWORD, application: ci-agent, groups: [engineers] }
                  - { name: bob@example.com }
                certificates:
                  - { subject: "DNS:Agent.Internal", application: ci-agent }
                """
            let first = try await apply(registry, file)
            #expect(first.lines == ["+ server notes", "+ application ci-agent", "+ user ada", "+ user bob@example.com", "+ certificate dns:agent.internal"])
            let ada = try #require(try await registry.user("ada"))
            #expect(ada.managedBy == source && ada.groups == ["engineers"] && ada.application == "ci-agent")
            let hash = try #require(ada.passwordHash)
            #expect(hash.hasPrefix("scrypt$15$8$1$") && !hash.contains("correct horse"))
            #expect(PasswordHasher.verify("correct horse battery", against: hash))
            #expect(try await registry.certificateMappings().map(\.subject) == ["dns:agent.internal"])
            // Same file again: nothing changes (the password still matches, so its hash is kept).
            let again = try await apply(registry, file)
            #expect(again.lines == ["= 5 unchanged"])
            // Dropping bob and the mapping prunes them.
            let pruned = try await apply(registry, Self.base + "\nusers:\n  - { name: ada, password_env: ADA_PASSWORD, application: ci-agent, groups: [engineers] }\n")
            #expect(pruned.lines == ["- user bob@example.com", "- certificate dns:agent.internal", "= 3 unchanged"])
        }
    }

    @Test func filesMayNotHoldPlainPasswordsOrNameUnknownApplications() async throws {
        try await withRegistry { registry, _ in
            let file = Self.base + """

                users:
                  - { name: ada, password: hunter2hunter2 }
                  - { name: bob, password_env: NOT_SET, application: nobody }
                  - { name: "-bad name" }
                certificates:
                  - { subject: "cn:x", application: nobody }
                """
            await #expect(throws: RegistryError.self) { _ = try await apply(registry, file) }
            do {
                _ = try await apply(registry, file)
            } catch let error as RegistryError {
                let messages = error.diagnostics.map(\.description)
                #expect(messages.contains { $0.contains("users[0].password: plain passwords are not allowed in files") }, "\(messages)")
                #expect(messages.contains { $0.contains("users[1].password_env names NOT_SET, which is not set") })
                #expect(messages.contains { $0.contains("users[1].application \"nobody\" is not a registered application") })
                #expect(messages.contains { $0.contains("users[2].name \"-bad name\" is not a valid user name") })
                #expect(messages.contains { $0.contains("certificates[0].application \"nobody\" is not a registered application") })
            }
            #expect(try await registry.users().isEmpty)
        }
    }

    @Test func usersThroughTheServiceAndProviderUsers() async throws {
        try await withRegistry { registry, _ in
            _ = try await apply(registry, Self.base)
            let ada = try await registry.saveUser(UserDefinition(name: "ada", password: "long enough pw", application: "ci-agent"))
            #expect(ada.source == "builtin" && ada.passwordHash != nil)
            await #expect(throws: RegistryError.self) { _ = try await registry.saveUser(UserDefinition(name: "ada", password: "another pw!")) }
            await #expect(throws: RegistryError.self) { _ = try await registry.saveUser(UserDefinition(name: "eve", password: "short")) }
            let grace = try await registry.upsertProviderUser(
                name: "grace@example.com", subject: "sub-1", email: "grace@example.com", groups: ["engineers"], application: "ci-agent")
            #expect(grace.source == "oidc" && grace.passwordHash == nil)
            let again = try await registry.upsertProviderUser(name: "grace@example.com", subject: "sub-1", email: nil, groups: ["ops"], application: nil)
            #expect(again.groups == ["ops"] && again.application == "ci-agent", "groups follow the provider; the application stays")
            await #expect(throws: RegistryError.self) {
                _ = try await registry.upsertProviderUser(name: "grace@example.com", subject: "sub-2", email: nil, groups: [], application: nil)
            }
            let generation = try await registry.generation()
            _ = try await registry.removeUser("ada")
            #expect(try await registry.generation() == generation + 1, "a removed user is a registry change the data plane sees")
        }
    }

    @Test func rotationKeepsRetiredKeysUntilTheirTokensExpire() async throws {
        try await withRegistry { registry, _ in
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            let first = try await registry.activeSigningKey(now: start, rotateAfter: .seconds(86400), retainFor: .seconds(900))
            #expect(try await registry.activeSigningKey(now: start.addingTimeInterval(60), rotateAfter: .seconds(86400), retainFor: .seconds(900)).kid == first.kid)
            let second = try await registry.activeSigningKey(now: start.addingTimeInterval(86401), rotateAfter: .seconds(86400), retainFor: .seconds(900))
            #expect(second.kid != first.kid)
            var keys = try await registry.state().identity.signingKeys
            #expect(Set(keys.map(\.kid)) == [first.kid, second.kid], "the retired key is still published")
            #expect(keys.first { $0.kid == first.kid }?.retiredAt != nil)
            let third = try await registry.rotateSigningKey(now: start.addingTimeInterval(86401 + 901), retainFor: .seconds(900))
            keys = try await registry.state().identity.signingKeys
            #expect(Set(keys.map(\.kid)) == [second.kid, third.kid], "a key retired longer than the token lifetime is dropped")
        }
    }

    @Test func revocationsAreRegistryChangesAndExpire() async throws {
        try await withRegistry { registry, _ in
            let now = Date()
            let before = try await registry.generation()
            try await registry.revoke(RevocationRecord(kind: .family, id: "fam-1", revokedAt: now, expiresAt: now.addingTimeInterval(60), reason: "test"), now: now)
            #expect(try await registry.generation() == before + 1)
            #expect(try await registry.state().identity.revocations.map(\.key) == ["family:fam-1"])
            try await registry.revoke(
                RevocationRecord(kind: .token, id: "jti-1", revokedAt: now, expiresAt: now.addingTimeInterval(600), reason: "test"), now: now.addingTimeInterval(120))
            #expect(try await registry.state().identity.revocations.map(\.key) == ["token:jti-1"], "expired records are dropped")
        }
    }

    @Test func keysAreIssuedInTheirApplicationsProject() async throws {
        try await withRegistry { registry, _ in
            _ = try await apply(registry, Self.base)
            let (_, entry) = try await registry.createKey(application: "ci-agent")
            #expect(entry.project == "payments")
            #expect(try await registry.application("ci-agent").projectName == "payments")
            await #expect(throws: RegistryError.self) {
                _ = try await apply(registry, Self.base.replacingOccurrences(of: "project: payments", with: "project: Not_Valid"))
            }
        }
    }
}
