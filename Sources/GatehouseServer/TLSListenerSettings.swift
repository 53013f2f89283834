// `gateway.tls`: an optional second listener that speaks HTTPS and requires a client certificate
// signed by the configured CA. The certificate's names map to applications (`certificates:` in
// the file, `gatehouse certificates map`, or the admin API); the mapping is read per request.
import Foundation
import Registry

/// The `tls:` section as written.
struct TLSListenerFile: Decodable {
    var listen: String?
    var certificate: String?
    var privateKey: String?
    var clientCA: String?
    enum CodingKeys: String, CodingKey {
        case listen, certificate
        case privateKey = "private_key"
        case clientCA = "client_ca"
    }
}

/// Resolved settings of the mTLS listener.
package struct TLSListenerSettings: Sendable, Equatable {
    package var host: String
    /// 0 picks a free port (printed at start).
    package var port: Int
    /// PEM file with the server certificate (chain).
    package var certificatePath: String
    /// PEM file with the server's private key.
    package var privateKeyPath: String
    /// PEM file with the CA certificate(s) client certificates must chain to.
    package var clientCAPath: String

    static func resolve(_ file: TLSListenerFile, at path: ConfigPath, diagnostics: DiagnosticCollector) -> TLSListenerSettings? {
        var ok = true
        func required(_ value: String?, _ key: String, _ example: String) -> String {
            guard let value, !value.isEmpty else {
                diagnostics.error("\(path.appending(key)) is required for the mTLS listener; for example \(key): \(example).", at: path)
                ok = false
                return ""
            }
            if key != "listen", !FileManager.default.isReadableFile(atPath: value) {
                diagnostics.error("\(path.appending(key)) names \(value), which is not a readable file.", at: path.appending(key))
                ok = false
            }
            return value
        }
        let listen = required(file.listen, "listen", "127.0.0.1:8443")
        let certificate = required(file.certificate, "certificate", "/etc/gatehouse/server.pem")
        let key = required(file.privateKey, "private_key", "/etc/gatehouse/server-key.pem")
        let ca = required(file.clientCA, "client_ca", "/etc/gatehouse/clients-ca.pem")
        var host = "", port = 0
        if !listen.isEmpty {
            if let colon = listen.lastIndex(of: ":"), let p = Int(listen[listen.index(after: colon)...]), (0...65535).contains(p) {
                host = String(listen[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
                port = p
            } else {
                diagnostics.error("\(path.appending("listen")) is \"\(listen)\"; write host:port, such as 127.0.0.1:8443.", at: path.appending("listen"))
                ok = false
            }
        }
        guard ok else { return nil }
        return TLSListenerSettings(host: host, port: port, certificatePath: certificate, privateKeyPath: key, clientCAPath: ca)
    }
}
