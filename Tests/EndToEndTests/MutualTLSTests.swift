// The mTLS listener with certificates made here: a CA, a client it signed (mapped to `ci-agent`
// by its DNS name), a client signed by another CA, and no client certificate at all. Removing the
// mapping through the admin API cuts access on the next request, without a restart.
import AsyncHTTPClient
import Crypto
import Foundation
import JSONSchema
import NIOCore
import NIOSSL
import Testing
import X509

/// A throwaway PKI for one test.
struct TestPKI {
    struct Issued {
        let certificatePEM: String
        let keyPEM: String
    }

    let caKey = P256.Signing.PrivateKey()
    let ca: Certificate
    let name: String

    init(name: String) throws {
        self.name = name
        let subject = try DistinguishedName { CommonName(name) }
        ca = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(caKey.publicKey), notValidBefore: Date().addingTimeInterval(-300),
            notValidAfter: Date().addingTimeInterval(3600), issuer: subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            }, issuerPrivateKey: .init(caKey))
    }

    var caPEM: String { (try? ca.serializeAsPEM().pemString) ?? "" }

    func issue(commonName: String, dnsNames: [String] = [], server: Bool = false) throws -> Issued {
        let key = P256.Signing.PrivateKey()
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey), notValidBefore: Date().addingTimeInterval(-300),
            notValidAfter: Date().addingTimeInterval(3600), issuer: ca.subject, subject: try DistinguishedName { CommonName(commonName) },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([server ? .serverAuth : .clientAuth])
                if !dnsNames.isEmpty { SubjectAlternativeNames(dnsNames.map { .dnsName($0) }) }
            }, issuerPrivateKey: .init(caKey))
        return Issued(certificatePEM: try certificate.serializeAsPEM().pemString, keyPEM: key.pemRepresentation)
    }
}

extension IdentityEndToEndTests {
    @Suite struct MutualTLSTests {
        func client(_ identity: TestPKI.Issued?, trusting ca: TestPKI) throws -> HTTPClient {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .certificates([try NIOSSLCertificate(bytes: Array(ca.caPEM.utf8), format: .pem)])
            tls.certificateVerification = .noHostnameVerification
            if let identity {
                tls.certificateChain = [.certificate(try NIOSSLCertificate(bytes: Array(identity.certificatePEM.utf8), format: .pem))]
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(identity.keyPEM.utf8), format: .pem))
            }
            return HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls, timeout: .init(connect: .seconds(5), read: .seconds(20))))
        }

        /// One 2026-07-28 request to the mTLS listener's `/mcp`: its status and JSON body.
        func post(_ http: HTTPClient, port: Int, _ request: ModernRequest, timeout: TimeAmount = .seconds(20)) async throws -> (Int, JSONValue) {
            let response = try await http.execute(request.post(to: "https://127.0.0.1:\(port)/mcp"), timeout: timeout)
            let body = try await response.body.collect(upTo: 1 << 20)
            return (Int(response.status.code), (try? JSONParser.parse(Array(body.readableBytesView))) ?? .null)
        }

        func listTools(_ http: HTTPClient, port: Int) async throws -> (Int, JSONValue) {
            try await post(http, port: port, ModernRequest(method: "tools/list"))
        }

        @Test func certificatesFromTheCAAreMappedToApplicationsAndUnmappingCutsAccess() async throws {
            let pki = try TestPKI(name: "Gatehouse Test Clients CA")
            let rogue = try TestPKI(name: "Somebody Else's CA")
            let folder = try TestEnvironment.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: folder) }
            let server = try pki.issue(commonName: "gatehouse.test", dnsNames: ["localhost"], server: true)
            try server.certificatePEM.write(to: folder.appendingPathComponent("server.pem"), atomically: true, encoding: .utf8)
            try server.keyPEM.write(to: folder.appendingPathComponent("server-key.pem"), atomically: true, encoding: .utf8)
            try pki.caPEM.write(to: folder.appendingPathComponent("ca.pem"), atomically: true, encoding: .utf8)
            let tlsPort = TestEnvironment.freePort()
            let gh = try await GatehouseFixture.start(
                gateway: """
                    gateway:
                      tls:
                        listen: "127.0.0.1:\(tlsPort)"
                        certificate: \(folder.appendingPathComponent("server.pem").path)
                        private_key: \(folder.appendingPathComponent("server-key.pem").path)
                        client_ca: \(folder.appendingPathComponent("ca.pem").path)
                    """,
                extraSections: """
                    certificates:
                      - { subject: "DNS:agent.internal", application: ci-agent }
                    """)
            _ = try await gh.gatehouse.waitForLine(containing: "Gatehouse mTLS listener on https://127.0.0.1:\(tlsPort)")

            let good = try client(try pki.issue(commonName: "agent", dnsNames: ["agent.internal"]), trusting: pki)
            let cnOnly = try client(try pki.issue(commonName: "ci-bot"), trusting: pki)
            let stranger = try client(try rogue.issue(commonName: "agent", dnsNames: ["agent.internal"]), trusting: pki)
            let anonymous = try client(nil, trusting: pki)
            do {
                try await exercise(gh: gh, port: tlsPort, good: good, cnOnly: cnOnly, stranger: stranger, anonymous: anonymous)
            } catch {
                Issue.record(error)
            }
            for c in [good, cnOnly, stranger, anonymous] { try? await c.shutdown() }
            await gh.stop()
        }

        func exercise(gh: GatehouseFixture, port tlsPort: Int, good: HTTPClient, cnOnly: HTTPClient, stranger: HTTPClient, anonymous: HTTPClient) async throws {
            let (status, listing) = try await listTools(good, port: tlsPort)
            #expect(status == 200)
            #expect(listing["result"]?["tools"]?.arrayValue?.compactMap { $0["name"]?.stringValue }.contains("notes__echo") == true, "\(listing)")

            // A caller that gives up on a long call (its client closes the connection at its
            // deadline) cancels it here too, long before the tool would have finished.
            await #expect(throws: (any Error).self) {
                _ = try await post(good, port: tlsPort, ModernRequest(method: "tools/call", name: "demo__wait", arguments: #"{"seconds":30}"#), timeout: .seconds(1))
            }
            let records = try await gh.auditRecords(until: { $0.contains { $0["target"] == "wait" } })
            let wait = records.first { $0["target"] == "wait" }
            #expect(wait?["errorReason"] == "cancelled", "\(String(describing: wait))")
            #expect((wait?["latencyMicros"]?.int64Value ?? .max) < 15_000_000, "\(String(describing: wait))")

            // Another CA, or no certificate: the handshake fails; nothing reaches the gateway.
            await #expect(throws: (any Error).self) { _ = try await listTools(stranger, port: tlsPort) }
            await #expect(throws: (any Error).self) { _ = try await listTools(anonymous, port: tlsPort) }

            // A certificate from the CA whose names are not mapped: refused by identify.
            let (unmappedStatus, unmapped) = try await listTools(cnOnly, port: tlsPort)
            #expect(unmappedStatus == 401)
            #expect(unmapped["error"]?["message"]?.stringValue?.hasPrefix("The client certificate (cn:ci-bot) is not mapped to an application") == true, "\(unmapped)")
            // Mapping it (admin API) opens it at once; removing the other mapping closes that one at once.
            _ = try await gh.admin("POST", "/api/v1/certificates", body: #"{"subject":"cn:ci-bot","application":"ci-agent"}"#)
            #expect(try await listTools(cnOnly, port: tlsPort).0 == 200)
            let removed = try await gh.admin("DELETE", "/api/v1/certificates/dns:agent.internal")
            #expect(removed["subject"] == "dns:agent.internal")
            let (afterStatus, after) = try await listTools(good, port: tlsPort)
            #expect(afterStatus == 401, "\(after)")
            // The plain listener is unaffected and still wants a key or token.
            #expect(try await OAuthTestClient(base: gh.base).listTools("/mcp", token: gh.key).status == 200)
        }
    }
}
