// The names a client certificate carries, as the mTLS listener maps them to applications: DNS,
// URI and email subject alternative names, and the subject's common name. A mapping names one of
// them with its kind (`dns:agent.internal`, `uri:spiffe://corp/ci`, `email:bot@corp`, `cn:ci-bot`).
import X509

/// Names read from a verified client certificate.
package struct ClientCertificateName: Sendable, Equatable {
    /// Every name, each with its kind prefix, SANs first, then `cn:`.
    package var names: [String]

    package init(names: [String]) { self.names = names }

    /// Reads the names of a DER-encoded certificate.
    package init(derEncoded bytes: [UInt8]) throws {
        let certificate = try Certificate(derEncoded: bytes)
        var names: [String] = []
        if let san = try certificate.extensions.subjectAlternativeNames {
            for name in san {
                switch name {
                case .dnsName(let dns): names.append("dns:" + dns.lowercased())
                case .uniformResourceIdentifier(let uri): names.append("uri:" + uri)
                case .rfc822Name(let email): names.append("email:" + email.lowercased())
                default: break
                }
            }
        }
        for rdn in certificate.subject {
            for attribute in rdn where attribute.type == .RDNAttributeType.commonName {
                names.append("cn:" + attribute.value.description)
            }
        }
        self.names = names
    }

    /// Normalises a configured subject (`DNS:Agent.Internal` → `dns:agent.internal`); a bare
    /// value without a kind is taken as a common name.
    package static func normalised(_ subject: String) -> String {
        guard let colon = subject.firstIndex(of: ":") else { return "cn:" + subject }
        let kind = subject[..<colon].lowercased()
        let value = String(subject[subject.index(after: colon)...])
        switch kind {
        case "dns", "email": return kind + ":" + value.lowercased()
        case "uri", "cn": return kind + ":" + value
        default: return "cn:" + subject
        }
    }
}
