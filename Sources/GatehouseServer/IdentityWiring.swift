// Wires identity into `gatehouse serve`: the authorization server (its routes on the main
// listener), the test-mode guard, the adapter that tells the authorization server which MCP
// endpoints exist, and the mTLS listener.
import AsyncHTTPClient
import Crypto
import Foundation
import Gateway
import Hummingbird
import HummingbirdTLS
import Identity
import Logging
import NIOCore
import NIOSSL
import Auth
import Registry

enum IdentityWiring {
    /// Refuses test mode (`GATEHOUSE_TEST_AUTO_CONSENT`) unless every listener is on loopback:
    /// auto-approved consent on a reachable port would hand tokens to anyone.
    static func checkTestMode(_ identity: IdentityConfiguration, settings: ServeSettings) throws {
        guard let user = identity.autoConsentUser else { return }
        var listeners = [("the HTTP listener (--host / gateway.host)", settings.host)]
        if let tls = settings.tls { listeners.append(("the mTLS listener (gateway.tls.listen)", tls.host)) }
        for (name, host) in listeners where !isLoopback(host) {
            throw ServeError(
                description:
                    "\(IdentityConfiguration.autoConsentVariable)=\(user) approves every sign-in automatically and is for tests only, but \(name) listens on \(host), which is not loopback. Listen on 127.0.0.1 or unset \(IdentityConfiguration.autoConsentVariable)."
            )
        }
    }

    static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return h == "localhost" || h == "::1" || h.hasPrefix("127.")
    }

    /// The key of the browser sign-in cookie, shared by every process on the store.
    static func cookieKey(_ registry: RegistryService) async throws -> [UInt8] {
        let encoded = try await registry.sharedSecret("identity_cookie_key_v1") {
            SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
        }
        guard let data = Data(base64Encoded: encoded), data.count == 32 else {
            throw ServeError(description: "The stored cookie key is damaged; delete the meta entry \"identity_cookie_key_v1\" (browser sign-ins end).")
        }
        return Array(data)
    }

    /// Checks that the test-mode user exists once the configuration is applied.
    static func checkAutoConsentUser(_ identity: IdentityConfiguration, registry: RegistryService) async throws {
        guard let user = identity.autoConsentUser else { return }
        guard try await registry.user(user) != nil else {
            throw ServeError(
                description: "\(IdentityConfiguration.autoConsentVariable) names the user \"\(user)\", who does not exist; declare it under users: or unset the variable.")
        }
    }

    /// The mTLS listener: HTTPS with a required client certificate from the configured CA; only
    /// the MCP endpoints are served there, identified by the certificate.
    static func tlsApplication(
        _ tls: TLSListenerSettings, transport: MCPHTTPTransport, logger: Logger, onListening: @escaping @Sendable (Int) async -> Void
    ) throws -> some ApplicationProtocol {
        var configuration: TLSConfiguration
        do {
            configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(tls.certificatePath).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: tls.privateKeyPath, format: .pem)))
            configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(tls.clientCAPath))
        } catch {
            throw ServeError(description: "The mTLS listener cannot load its certificate, key or client CA (gateway.tls): \(error).")
        }
        // Client certificates are required and must chain to the client CA; their names are
        // mapped to applications, not checked against a host name.
        configuration.certificateVerification = .noHostnameVerification
        configuration.minimumTLSVersion = .tlsv12
        let router = Router(context: GatewayRequestContext.self)
        router.add(middleware: ClientCertificateMiddleware())
        transport.register(on: router)
        return Application(
            router: router, server: .tlsCancellingOnDisconnect(tlsConfiguration: configuration),
            configuration: .init(address: .hostname(tls.host, port: tls.port), serverName: "gatehouse"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? tls.port) }, logger: logger)
    }
}

/// Reads the verified peer certificate of the TLS connection into the request context (the
/// handshake already checked it against the client CA).
struct ClientCertificateMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let channel = context.channel
        let der = try? await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self).peerCertificate?.toDERBytes()
        }.get()
        guard let der, let names = try? ClientCertificateName(derEncoded: der) else {
            return Response(
                status: .unauthorized, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"jsonrpc":"2.0","id":null,"error":{"code":-32001,"message":"This listener requires a client certificate."}}"#)))
        }
        var context = context
        context.clientCertificate = names
        return try await next(request, context)
    }
}

/// Tells the authorization server which MCP endpoints exist, from the live directory.
struct DirectoryServers: ProtectedServers {
    let provider: DirectoryProvider

    func hasServer(_ slug: String) -> Bool { provider.current.servers[slug]?.acceptsCalls ?? false }

    func servers(for application: String?, endpointServer: String?) -> [(slug: String, title: String)] {
        let directory = provider.current
        let granted = application.flatMap { directory.grants[$0]?.servers.keys }.map(Set.init) ?? []
        let slugs = endpointServer.map { [$0] } ?? directory.serverOrder
        return slugs.filter { granted.contains($0) && directory.servers[$0]?.acceptsCalls == true }.map {
            ($0, directory.servers[$0]?.title ?? directory.servers[$0]?.description ?? directory.servers[$0]?.name ?? $0)
        }
    }
}
