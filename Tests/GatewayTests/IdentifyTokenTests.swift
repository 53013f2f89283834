// The identify stage with access tokens and client certificates, driven with a recording `next`:
// a valid token becomes a principal with user, groups, scopes and project; a token for another
// endpoint, a revoked token or family, a removed or disabled user, and a token without the `mcp`
// scope are refused with the exact code and message; certificates map through the directory.
import Auth
import Crypto
import Foundation
import JSONSchema
import Logging
import MCPCore
import Testing

@testable import Gateway

struct IdentifyTokenTests {
    static let publicURL = PublicURL("http://127.0.0.1:8080")
    let key = SigningKey.generate()
    let stage = IdentifyStage(publicURL: IdentifyTokenTests.publicURL)

    func directory(revokedTokens: Set<String> = [], revokedFamilies: Set<String> = [], disabled: Bool = false, users: Bool = true) -> GatewayDirectory {
        var d = Fixtures.directory
        d.identity = DirectoryIdentity(
            users: users ? ["ada": DirectoryUser(name: "ada", application: "ci-agent", groups: ["engineers"], disabled: disabled)] : [:],
            tokenKeys: [VerificationKey(key)], revokedTokens: revokedTokens, revokedFamilies: revokedFamilies,
            certificateApplications: ["dns:agent.internal": "ci-agent"], projects: ["ci-agent": "payments"])
        return d
    }

    func token(audience: String = "http://127.0.0.1:8080/servers/notes/mcp", scopes: [String] = ["mcp", "offline_access"]) async throws -> String {
        try await key.sign(
            AccessTokenClaims(
                issuer: "http://127.0.0.1:8080", subject: "ada", audience: audience, issuedAt: Date(), lifetime: .seconds(600), tokenID: "jti-1",
                clientID: "ghc-1", scopes: scopes, family: "fam-1"))
    }

    func context(_ endpoint: Endpoint, _ directory: GatewayDirectory, certificate: ClientCertificateName? = nil) -> CallContext {
        var c = CallContext(logger: Logger(label: "test"), endpoint: endpoint, protocolVersion: .v2026_07_28, directory: directory)
        c.clientCertificate = certificate
        return c
    }

    @Test func aValidAccessTokenBecomesAPrincipalWithUserGroupsScopesAndProject() async throws {
        let next = RecordingNext()
        _ = try await stage.handle(Fixtures.call("tools/list", key: try await token()), context: context(.server("notes"), directory()), next: next.next)
        let principal = try #require(next.calls.first?.1.principal)
        #expect(
            principal
                == Principal(
                    application: "ci-agent", method: .accessToken, user: "ada", groups: ["engineers"], scopes: ["mcp", "offline_access"],
                    project: "payments", clientID: "ghc-1", tokenID: "jti-1"))
    }

    @Test func theAuditRecordNamesTheUserHowTheySignedInTheClientAndTheProject() async throws {
        let sink = RecordingAuditSink()
        let pipeline = GatewayPipeline(stages: [AuditStage(sink: sink), stage], terminal: RecordingNext().next)
        _ = try await pipeline.run(Fixtures.call("tools/list", key: try await token()), context: context(.server("notes"), directory()))
        let withKey = GatewayPipeline(stages: [AuditStage(sink: sink), IdentifyStage()], terminal: RecordingNext().next)
        _ = try await withKey.run(Fixtures.call("tools/list"), context: context(.server("notes"), Fixtures.directory))
        let events = sink.all
        #expect(events.count == 2)
        #expect(events.first?.application == "ci-agent")
        #expect(events.first?.user == "ada")
        #expect(events.first?.authMethod == "access_token")
        #expect(events.first?.clientID == "ghc-1")
        #expect(events.first?.project == "payments")
        #expect(events.last?.user == nil)
        #expect(events.last?.authMethod == "api_key")
        #expect(events.last?.project == "default")
    }

    @Test func aTokenForAnotherEndpointIsUnauthenticated() async throws {
        let next = RecordingNext()
        let e = await refusal { _ = try await stage.handle(Fixtures.call("tools/list", key: try await token()), context: context(.merged, directory()), next: next.next) }
        #expect(e?.code == .unauthenticated)
        #expect(
            e?.message
                == "The access token is for http://127.0.0.1:8080/servers/notes/mcp, not for http://127.0.0.1:8080/mcp; ask for a token with resource=http://127.0.0.1:8080/mcp.")
        #expect(e?.data?["oauth_error"] == "invalid_token")
        #expect(next.calls.isEmpty)
    }

    @Test(arguments: [
        (Set(["jti-1"]), Set<String>(), false, true, "The access token was revoked; sign in again."),
        (Set<String>(), Set(["fam-1"]), false, true, "The access token was revoked; sign in again."),
        (Set<String>(), Set<String>(), true, true, "The user \"ada\" of this access token no longer exists or is disabled."),
        (Set<String>(), Set<String>(), false, false, "The user \"ada\" of this access token no longer exists or is disabled."),
    ])
    func revokedTokensAndGoneUsersAreRefused(tokens: Set<String>, families: Set<String>, disabled: Bool, users: Bool, message: String) async throws {
        let next = RecordingNext()
        let d = directory(revokedTokens: tokens, revokedFamilies: families, disabled: disabled, users: users)
        let e = await refusal { _ = try await stage.handle(Fixtures.call("tools/list", key: try await token()), context: context(.server("notes"), d), next: next.next) }
        #expect(e?.code == .unauthenticated)
        #expect(e?.message == message)
        #expect(next.calls.isEmpty)
    }

    @Test func aTokenWithoutTheMCPScopeIsInsufficientScope() async throws {
        let e = await refusal {
            _ = try await stage.handle(
                Fixtures.call("tools/list", key: try await token(scopes: ["offline_access"])), context: context(.server("notes"), directory()),
                next: RecordingNext().next)
        }
        #expect(e?.code == .insufficientScope)
        #expect(e?.code.httpStatus(modern: true) == 403)
    }

    @Test func mappedCertificatesIdentifyTheirApplicationAndOthersAreRefused() async throws {
        let next = RecordingNext()
        let names = ClientCertificateName(names: ["dns:agent.internal", "cn:agent"])
        _ = try await stage.handle(Fixtures.call("tools/list", key: nil), context: context(.merged, directory(), certificate: names), next: next.next)
        #expect(next.calls.first?.1.principal == Principal(application: "ci-agent", method: .certificate, project: "payments"))
        let e = await refusal {
            _ = try await stage.handle(
                Fixtures.call("tools/list", key: nil), context: context(.merged, directory(), certificate: ClientCertificateName(names: ["cn:stranger"])),
                next: RecordingNext().next)
        }
        #expect(e?.code == .unauthenticated)
        #expect(e?.message == "The client certificate (cn:stranger) is not mapped to an application; map it with \"gatehouse certificates map\".")
    }

    @Test func withoutAPublicURLJWTsAreNotAccessTokens() async throws {
        let e = await refusal {
            _ = try await IdentifyStage().handle(Fixtures.call("tools/list", key: try await token()), context: context(.server("notes"), directory()), next: RecordingNext().next)
        }
        #expect(e?.message == "The bearer token is not a Gatehouse API key (they start with \"ghk_\").")
    }

    @Test func theChallengePointsAtTheEndpointsMetadata() throws {
        let transport = try TransportHarness.bareTransport(publicURL: Self.publicURL)
        let unauthenticated = GatewayError(.unauthenticated, "x", stage: "identify")
        #expect(
            transport.challenge(for: unauthenticated, endpoint: .server("notes"))
                == #"Bearer realm="gatehouse", resource_metadata="http://127.0.0.1:8080/.well-known/oauth-protected-resource/servers/notes/mcp", scope="mcp""#)
        let invalid = GatewayError(.unauthenticated, "x", stage: "identify", data: ["oauth_error": "invalid_token"])
        #expect(transport.challenge(for: invalid, endpoint: .merged)?.contains(#"error="invalid_token""#) == true)
        let scope = GatewayError(.insufficientScope, "x", stage: "identify")
        #expect(
            transport.challenge(for: scope, endpoint: .merged)
                == #"Bearer realm="gatehouse", error="insufficient_scope", resource_metadata="http://127.0.0.1:8080/.well-known/oauth-protected-resource/mcp", scope="mcp""#)
        #expect(transport.challenge(for: GatewayError(.notAllowed, "x", stage: "authorize"), endpoint: .merged) == nil)
    }
}

extension TransportHarness {
    /// A transport that is never served, for its pure helpers (challenges).
    static func bareTransport(publicURL: PublicURL?) throws -> MCPHTTPTransport {
        MCPHTTPTransport(
            pipeline: GatewayPipeline(stages: [], terminal: { _, _ in .result([:]) }), directory: DirectoryProvider(GatewayDirectory()),
            codec: SessionCodec(key: .init(size: .bits256)), sessions: SessionRegistry(lifetime: .seconds(60)), hub: NotificationHub(),
            configuration: GatewayConfiguration(), audit: RecordingAuditSink(), publicURL: publicURL)
    }
}
