// Registry services on a real store: edits, their rules, and what the data plane reads.
import Auth
import Foundation
import Testing

@testable import Registry

@Suite struct RegistryServiceTests {
    @Test func everyCommittedChangeMovesTheGenerationOnce() async throws {
        try await withRegistry { registry, _ in
            #expect(try await registry.generation() == 0)
            _ = try await registry.createServer(notesDefinition)
            #expect(try await registry.generation() == 1)
            _ = try await registry.setTools(["add"], enabled: true, server: "notes")
            #expect(try await registry.generation() == 2)
            _ = try await registry.setTools(["add"], enabled: true, server: "notes")  // already so: no change
            #expect(try await registry.generation() == 2)
            _ = try await registry.createApplication(ApplicationDefinition(name: "ci", allow: [AllowRuleDefinition(server: "notes")]))
            let key = try await registry.createKey(application: "ci")
            #expect(try await registry.generation() == 4)
            try await registry.markKeysUsed([key.entry.id: Date()])  // bookkeeping, not a change
            #expect(try await registry.generation() == 4)
            _ = try await registry.revokeKey(id: key.entry.id)
            #expect(try await registry.state().generation == 5)
        }
    }

    @Test func aSecondRegistryOnTheSameFolderSeesChanges() async throws {
        try await withRegistry { server, folder in
            let cli = try await folder.openRegistry()
            _ = try await cli.createServer(notesDefinition)
            await cli.close()
            #expect(try await server.generation() == 1)
            #expect(try await server.state().servers.map(\.slug) == ["notes"])
        }
    }

    @Test func createServerRejectsTakenSlugsWithAConflict() async throws {
        try await withRegistry { registry, _ in
            _ = try await registry.createServer(notesDefinition)
            var other = notesDefinition
            other.name = "com.example/other"
            let error = await #expect(throws: RegistryError.self) { try await registry.createServer(other) }
            #expect(error?.code == .conflict)
            #expect(
                error?.message
                    == #"A server with slug "notes" is already registered (created through the CLI or API); choose another slug or remove that one first."#)
        }
    }

    @Test func createServerReportsEveryProblemOfTheDefinition() async throws {
        try await withRegistry { registry, _ in
            let error = await #expect(throws: RegistryError.self) {
                try await registry.createServer(ServerDefinition(slug: "Bad Slug", name: "x", upstream: UpstreamDefinition(url: "htp://x")))
            }
            #expect(error?.code == .invalid)
            #expect(error?.message == "The server definition has 3 errors.")
            #expect(
                error?.diagnostics.filter { $0.severity == .error }.map(\.message) == [
                    #"slug "Bad Slug" is not a valid slug; use 1 to 32 lowercase letters, digits or "-", starting with a letter (slugs appear in endpoint URLs and tool names)."#,
                    #"name "x" is not a valid registry name; use the reverse-DNS form "namespace/name" such as "com.example/notes" (3 to 200 characters; the namespace takes letters, digits, "." and "-", the name also "_")."#,
                    #"upstream.url has unsupported scheme "htp"; use http, https or stdio."#,
                ])
        }
    }

    @Test func removingAServerStillAllowedByAnApplicationIsAConflict() async throws {
        try await withRegistry { registry, _ in
            _ = try await registry.createServer(notesDefinition)
            _ = try await registry.createApplication(ApplicationDefinition(name: "ci", allow: [AllowRuleDefinition(server: "notes")]))
            let error = await #expect(throws: RegistryError.self) { try await registry.removeServer("notes") }
            #expect(error?.code == .conflict)
            #expect(error?.message == "Server notes is still allowed by application ci; remove notes from its allow list first.")
            _ = try await registry.removeApplication("ci")
            _ = try await registry.removeServer("notes")
            #expect(try await registry.servers().isEmpty)
        }
    }

    @Test func unknownNamesAreNotFound() async throws {
        try await withRegistry { registry, _ in
            await #expect(throws: RegistryError.serverNotFound("nope")) { try await registry.server("nope") }
            await #expect(throws: RegistryError.serverNotFound("nope")) { try await registry.setTools(["x"], enabled: true, server: "nope") }
            await #expect(throws: RegistryError.applicationNotFound("nope")) { try await registry.createKey(application: "nope") }
            await #expect(throws: RegistryError.keyNotFound("key_x")) { try await registry.revokeKey(id: "key_x") }
        }
    }

    @Test func enablingAndDisablingToolsEditsTheSelection() async throws {
        var selection = ToolSelection(enabled: ["echo"])
        selection.enable(["add", "echo"])
        #expect(selection == ToolSelection(enabled: ["echo", "add"]))
        selection.disable(["echo"])
        #expect(selection == ToolSelection(enabled: ["add"]))
        selection.enable(["*"])
        #expect(selection == ToolSelection(enabled: ["*"]))
        selection.disable(["delete_all"])
        #expect(selection == ToolSelection(enabled: ["*"], disabled: ["delete_all"]))
        #expect(!selection.isEnabled("delete_all") && selection.isEnabled("echo"))
        selection.enable(["delete_all"])
        #expect(selection == ToolSelection(enabled: ["*"]))
        selection.disable(["*"])
        #expect(selection == ToolSelection())
    }

    @Test func enablingAToolMissingFromTheCatalogWarns() async throws {
        try await withRegistry { registry, _ in
            _ = try await registry.createServer(notesDefinition)
            let before = try await registry.setTools(["add"], enabled: true, server: "notes")
            #expect(
                before.diagnostics.map(\.description) == [
                    "note: no tools discovered yet for notes, so the names cannot be checked; they take effect when the server offers them."
                ])
            try await registry.recordDiscovery(DiscoveredCatalog(server: "notes", discoveredAt: Date(), tools: [item("echo"), item("add")]))
            let after = try await registry.setTools(["ad"], enabled: true, server: "notes")
            #expect(
                after.diagnostics.map(\.description) == [
                    #"warning: "ad" is not among the tools discovered on notes; the setting takes effect if the server offers it later."#
                ])
        }
    }

    @Test func editingAFileManagedServerWarnsThatApplyWillUndoIt() async throws {
        try await withRegistry { registry, _ in
            _ = try await registry.apply(text: ConfigResolveTests.example, file: "g.yaml", source: "/g.yaml", dryRun: false)
            let outcome = try await registry.setTools(["echo"], enabled: false, server: "notes")
            #expect(outcome.value.tools.enabled == ["add"])
            #expect(outcome.diagnostics.map(\.message).contains("server notes is managed by /g.yaml; the next apply of that file will undo this change."))
        }
    }

    @Test func discoveryIsStoredAndAFailedRunKeepsThePreviousTools() async throws {
        try await withRegistry { registry, _ in
            _ = try await registry.createServer(notesDefinition)
            #expect(try await registry.catalog(for: "notes") == nil)
            let first = DiscoveredCatalog(server: "notes", discoveredAt: Date(timeIntervalSince1970: 1), protocolVersion: "2025-11-25", tools: [item("echo")])
            #expect(try await registry.recordDiscovery(first))
            let generation = try await registry.generation()

            // Same content, later time: stored, but no reload for pollers.
            var again = first
            again.discoveredAt = Date(timeIntervalSince1970: 2)
            try await registry.recordDiscovery(again)
            #expect(try await registry.generation() == generation)
            #expect(try await registry.catalog(for: "notes")?.discoveredAt == Date(timeIntervalSince1970: 2))

            // A failure keeps the tools, records the error, and is a change.
            try await registry.recordDiscovery(DiscoveredCatalog(server: "notes", discoveredAt: Date(timeIntervalSince1970: 3), lastError: "connection refused"))
            let stored = try await registry.catalog(for: "notes")
            #expect(stored?.tools == [item("echo")])
            #expect(stored?.lastError == "connection refused")
            #expect(stored?.protocolVersion == "2025-11-25")
            #expect(try await registry.generation() == generation + 1)
            #expect(try await registry.state().catalogs["notes"] == stored)
        }
    }

    @Test func discoveryForAServerThatIsGoneIsIgnored() async throws {
        try await withRegistry { registry, _ in
            let stored = try await registry.recordDiscovery(DiscoveredCatalog(server: "ghost", discoveredAt: Date()))
            #expect(stored == false)
            #expect(try await registry.state().catalogs.isEmpty)
        }
    }

    @Test func keysAreStoredAsHashesAndListedNewestFirst() async throws {
        try await withRegistry { registry, _ in
            _ = try await registry.createServer(notesDefinition)
            _ = try await registry.createApplication(ApplicationDefinition(name: "ci", allow: [AllowRuleDefinition(server: "notes")]))
            let now = Date()
            let first = try await registry.createKey(application: "ci", now: now)
            let second = try await registry.createKey(application: "ci", expiresAt: now.addingTimeInterval(3600), now: now.addingTimeInterval(1))
            #expect(APIKey.isWellFormed(first.key))
            #expect(first.entry.hash == APIKey.hash(first.key))
            #expect(first.entry.displayPrefix == String(first.key.prefix(12)))
            #expect(first.entry.id.hasPrefix("key_"))
            let state = try await registry.state()
            #expect(!state.keys.contains { $0.hash == first.key || $0.displayPrefix == first.key })
            #expect(try await registry.keys(application: "ci").map(\.id) == [second.entry.id, first.entry.id])
            #expect(try await registry.keys().count == 2)
        }
    }

    @Test func removingAnApplicationRevokesItsKeys() async throws {
        try await withRegistry { registry, _ in
            _ = try await registry.createServer(notesDefinition)
            _ = try await registry.createApplication(ApplicationDefinition(name: "ci", allow: [AllowRuleDefinition(server: "notes")]))
            let key = try await registry.createKey(application: "ci")
            let outcome = try await registry.removeApplication("ci")
            #expect(outcome.diagnostics.map(\.message) == ["revoked 1 key of ci."])
            #expect(try await registry.keys(application: "ci").first?.revokedAt != nil)
            #expect(try await registry.keys().first?.id == key.entry.id)
        }
    }

    @Test func expiryInThePastIsRefused() async throws {
        try await withRegistry { registry, _ in
            _ = try await registry.createApplication(ApplicationDefinition(name: "ci", allow: []))
            let error = await #expect(throws: RegistryError.self) {
                try await registry.createKey(application: "ci", expiresAt: Date(timeIntervalSinceNow: -10))
            }
            #expect(error?.code == .invalid)
        }
    }

    @Test func durationsReadAsPeopleWriteThem() throws {
        #expect(try DurationText.seconds("30d") == 30 * 86_400)
        #expect(try DurationText.seconds("12h") == 12 * 3600)
        #expect(try DurationText.seconds("2w") == 14 * 86_400)
        #expect(throws: RegistryError(.invalid, #""30x" is not a duration; use a whole number and a unit (s, m, h, d or w), such as 30d or 12h."#)) {
            try DurationText.seconds("30x")
        }
        #expect(throws: RegistryError.self) { try DurationText.seconds("-1d") }
    }

    func item(_ name: String) -> CatalogItem {
        CatalogItem(name: name, definitionJSON: #"{"name":"\#(name)"}"#, definitionHash: String(repeating: "a", count: 64))
    }
}

@Suite struct AdminTokenTests {
    @Test func firstStartCreatesATokenFileReadableByItsOwnerOnly() async throws {
        try await withRegistry { registry, folder in
            let status = try await registry.prepareAdminToken()
            let file = folder.path + "/admin-token"
            #expect(status == .created(file: file))
            let token = try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .newlines)
            #expect(token.hasPrefix("gha_") && token.count == 47)
            let permissions = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
            #expect(permissions == 0o600)
            #expect(await registry.verifyAdminToken(token))
            #expect(await !registry.verifyAdminToken(token + "x"))
            #expect(await !registry.verifyAdminToken(""))

            // Only the hash is stored.
            let stored = try await registry.store.read { try await $0.meta("admin_token_sha256") }
            #expect(stored == AdminToken.hash(token))

            // The second start keeps it.
            let second = try await registry.prepareAdminToken()
            #expect(second == .stored)
            #expect(await registry.verifyAdminToken(token))
        }
    }

    @Test func environmentTokenReplacesTheStoredOne() async throws {
        try await withRegistry(environment: ["GATEHOUSE_ADMIN_TOKEN": "from-env"]) { registry, folder in
            let status = try await registry.prepareAdminToken()
            #expect(status == .environment)
            #expect(!FileManager.default.fileExists(atPath: folder.path + "/admin-token"))
            #expect(await registry.verifyAdminToken("from-env"))
            #expect(await !registry.verifyAdminToken("other"))
        }
    }

    @Test func rotationTakesEffectImmediately() async throws {
        try await withRegistry { registry, _ in
            _ = try await registry.prepareAdminToken()
            let old = try String(contentsOfFile: registry.dataDirectory! + "/admin-token", encoding: .utf8).trimmingCharacters(in: .newlines)
            let rotated = try await registry.rotateAdminToken()
            #expect(await registry.verifyAdminToken(rotated.token))
            #expect(await !registry.verifyAdminToken(old))
        }
    }
}

@Suite struct RegistryStateUpdatesTests {
    @Test func updatesStartWithTheCurrentStateAndFollowChangesFromAnotherProcess() async throws {
        try await withRegistry { server, folder in
            _ = try await server.createServer(notesDefinition)
            var updates = server.stateUpdates(checkingEvery: .milliseconds(20)).makeAsyncIterator()
            let first = try await updates.next()
            #expect(first?.generation == 1)
            #expect(first?.servers.map(\.slug) == ["notes"])

            let cli = try await folder.openRegistry()
            _ = try await cli.setTools(["add"], enabled: true, server: "notes")
            await cli.close()
            let second = try await updates.next()
            #expect(second?.generation == 2)
            #expect(second?.servers.first?.tools.enabled == ["echo", "add"])
        }
    }

    @Test func updatesEndWhenTheTaskIsCancelled() async throws {
        try await withRegistry { registry, _ in
            let (started, signal) = AsyncStream.makeStream(of: Void.self)
            let task = Task {
                var updates = registry.stateUpdates(checkingEvery: .milliseconds(10)).makeAsyncIterator()
                _ = try await updates.next()
                signal.yield()
                return try await updates.next()  // nothing changes: this waits until cancelled
            }
            for await _ in started { break }
            task.cancel()
            let last = try await task.value
            #expect(last == nil)
        }
    }
}

@Suite struct RegistryMetaTests {
    @Test func sharedSecretIsMadeOnceAndKeptForEveryProcess() async throws {
        // Two stores race for the first write; the loser waits for the winner's commit, up to
        // 30 s rather than the default 5 s so that a loaded machine cannot time the race out.
        try await withRegistry(busyTimeout: .seconds(30)) { registry, folder in
            let other = try await folder.openRegistry(busyTimeout: .seconds(30))
            do {
                async let first = registry.sharedSecret("session_key") { "from-first" }
                async let second = other.sharedSecret("session_key") { "from-second" }
                let (a, b) = try await (first, second)
                #expect(a == b)
                #expect(try await registry.sharedSecret("session_key") { "later" } == a)
                #expect(try await registry.generation() == 0)  // not a registry change
            } catch {
                await other.close()
                throw error
            }
            await other.close()
        }
    }
}
