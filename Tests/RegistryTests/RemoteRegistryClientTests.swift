// The HTTP client against a live admin API on 127.0.0.1:0: the same answers, and the same errors,
// as the in-process client.
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Registry

@Suite struct RemoteRegistryClientTests {
    func withLiveAPI(_ body: @escaping @Sendable (RemoteRegistryClient, RegistryService, Int) async throws -> Void) async throws {
        try await withRegistry(environment: ["GATEHOUSE_ADMIN_TOKEN": "live-token"]) { registry, _ in
            let router = Router()
            AdminAPI.register(on: router, registry: registry)
            let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            try await app.test(.live) { client in
                let port = try #require(client.port)
                try await body(RemoteRegistryClient(baseURL: "http://127.0.0.1:\(port)/", adminToken: "live-token"), registry, port)
            }
        }
    }

    @Test func remoteAndLocalClientsGiveTheSameAnswers() async throws {
        try await withLiveAPI { remote, registry, _ in
            let local = LocalRegistryClient(registry: registry)
            _ = try await remote.apply(ApplyRequest(config: ConfigResolveTests.example, source: "/x/gatehouse.yaml"))
            #expect(try await remote.listServers() == (try await local.listServers()))
            #expect(try await remote.tools(server: "notes") == (try await local.tools(server: "notes")))
            #expect(try await remote.listApplications() == (try await local.listApplications()))
            let created = try await remote.createKey(CreateKeyRequest(application: "ci-agent"))
            #expect(try await local.listKeys(application: nil).map(\.id) == [created.apiKey.id])
            let revoked = try await remote.revokeKey(id: created.apiKey.id)
            #expect(revoked.status == "revoked")
            let change = try await remote.setTools(["echo"], enabled: false, server: "notes")
            #expect(change.tools.selection.enabled == ["add"])
            #expect(change.diagnostics.map(\.message).contains("server notes is managed by /x/gatehouse.yaml; the next apply of that file will undo this change."))
        }
    }

    @Test func errorsArriveAsTheSameRegistryErrors() async throws {
        try await withLiveAPI { remote, registry, _ in
            let local = LocalRegistryClient(registry: registry)
            let remoteError = await #expect(throws: RegistryError.self) { try await remote.server("nope") }
            let localError = await #expect(throws: RegistryError.self) { try await local.server("nope") }
            #expect(remoteError == localError)

            let invalid = await #expect(throws: RegistryError.self) {
                try await remote.apply(ApplyRequest(config: "servers: [{slug: Bad}]", source: "/x.yaml", file: "x.yaml"))
            }
            #expect(invalid?.code == .invalid)
            #expect(invalid?.diagnostics.contains { $0.description.hasPrefix(#"x.yaml:1: error: servers[0].slug "Bad" is not a valid slug"#) } == true)
        }
    }

    @Test func wrongTokenIsUnauthorized() async throws {
        try await withLiveAPI { _, _, port in
            let intruder = RemoteRegistryClient(baseURL: "http://127.0.0.1:\(port)", adminToken: "guess")
            let error = await #expect(throws: RegistryError.self) { try await intruder.listServers() }
            #expect(error == RegistryError(.unauthorized, "The admin token is not valid."))
        }
    }

    @Test func unreachableServerIsReportedWithTheURL() async throws {
        // Refused at once, not retried until a timeout: both are 60 s here, so anything well under
        // that proves it, however loaded the machine.
        let started = ContinuousClock.now
        let error = await #expect(throws: RegistryError.self) {
            try await RemoteRegistryClient.with(baseURL: "http://127.0.0.1:1", adminToken: "x", connectTimeout: .seconds(60)) { client in
                var client = client
                client.timeout = .seconds(60)
                return try await client.listServers()
            }
        }
        #expect(ContinuousClock.now - started < .seconds(30))
        #expect(error?.code == .unavailable)
        #expect(error?.message.hasPrefix("Cannot reach Gatehouse at http://127.0.0.1:1 (") == true)
    }

    @Test func pathSegmentsAndQueriesAreEscaped() {
        let client = RemoteRegistryClient(baseURL: "http://h:1/prefix/", adminToken: "x")
        #expect(client.url(["applications", "a b/c"], query: ["application": "x&y=z"]) == "http://h:1/prefix/api/v1/applications/a%20b%2Fc?application=x%26y%3Dz")
    }
}
