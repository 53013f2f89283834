// The `identity:` section of the configuration file as written (snake_case, every field
// optional) and its resolution into ``IdentityConfiguration``, reporting every problem with its
// line. Secrets are never written in the file: `client_secret_env` names an environment variable.
import Auth
import Foundation
import Registry
import Yams

/// `identity:` as written.
struct IdentitySectionFile: Decodable {
    var accessTokenLifetime: String?
    var refreshTokenLifetime: String?
    var signingKeyRotation: String?
    var defaultApplication: String?
    var clients: [Client]?
    var oidc: Provider?

    struct Client: Decodable {
        var clientID: String?
        var clientName: String?
        var redirectURIs: [String]?
        var grantTypes: [String]?
        var clientSecretEnv: String?
        enum CodingKeys: String, CodingKey {
            case clientID = "client_id"
            case clientName = "client_name"
            case redirectURIs = "redirect_uris"
            case grantTypes = "grant_types"
            case clientSecretEnv = "client_secret_env"
        }
    }

    struct Provider: Decodable {
        var issuer: String?
        var clientID: String?
        var clientSecretEnv: String?
        var scopes: [String]?
        var userClaim: String?
        var groupsClaim: String?
        var groupMap: [String: String]?
        var groupApplications: [String: String]?
        var displayName: String?
        enum CodingKeys: String, CodingKey {
            case issuer, scopes
            case clientID = "client_id"
            case clientSecretEnv = "client_secret_env"
            case userClaim = "user_claim"
            case groupsClaim = "groups_claim"
            case groupMap = "group_map"
            case groupApplications = "group_applications"
            case displayName = "display_name"
        }
    }

    enum CodingKeys: String, CodingKey {
        case clients, oidc
        case accessTokenLifetime = "access_token_lifetime"
        case refreshTokenLifetime = "refresh_token_lifetime"
        case signingKeyRotation = "signing_key_rotation"
        case defaultApplication = "default_application"
    }
}

extension IdentityConfiguration {
    /// Resolves the `identity:` section and the test-mode environment variable.
    package static func resolve(section: Node?, environment: [String: String], diagnostics: DiagnosticCollector) -> IdentityConfiguration {
        let root = ConfigPath([.key("identity")])
        let file = section.flatMap { ConfigNodeDecoder.decode(IdentitySectionFile.self, from: $0, at: root, into: diagnostics) }
        var configuration = IdentityConfiguration()
        func duration(_ text: String?, _ key: String, minimum: Int64) -> Duration? {
            guard let text else { return nil }
            let path = root.appending(key)
            do {
                let seconds = Int64(try DurationText.seconds(text))
                guard seconds >= minimum else {
                    diagnostics.error("\(path) must be at least \(minimum) s; got \(text).", at: path)
                    return nil
                }
                return .seconds(seconds)
            } catch {
                diagnostics.error("\(path): \(error)", at: path)
                return nil
            }
        }
        if let v = duration(file?.accessTokenLifetime, "access_token_lifetime", minimum: 1) {
            if v > .seconds(86400) { diagnostics.warning("identity.access_token_lifetime is over a day; access tokens should be short-lived.", at: root.appending("access_token_lifetime")) }
            configuration.accessTokenLifetime = v
        }
        if let v = duration(file?.refreshTokenLifetime, "refresh_token_lifetime", minimum: 60) { configuration.refreshTokenLifetime = v }
        if let v = duration(file?.signingKeyRotation, "signing_key_rotation", minimum: 3600) { configuration.signingKeyRotation = v }
        configuration.defaultApplication = file?.defaultApplication

        for (i, client) in (file?.clients ?? []).enumerated() {
            let path = root.appending("clients").appending(index: i)
            guard let id = client.clientID, !id.isEmpty, id.count <= 200 else {
                diagnostics.error("\(path) needs a client_id of 1 to 200 characters.", at: path)
                continue
            }
            let redirects = client.redirectURIs ?? []
            if redirects.isEmpty { diagnostics.error("\(path).redirect_uris must list at least one URI.", at: path.appending("redirect_uris")) }
            for (j, uri) in redirects.enumerated() {
                if let problem = RedirectURI.problem(with: uri) {
                    diagnostics.error("\(path.appending("redirect_uris").appending(index: j)): \(problem).", at: path.appending("redirect_uris").appending(index: j))
                }
            }
            var secretHash: String?
            if let variable = client.clientSecretEnv {
                if let secret = environment[variable], !secret.isEmpty {
                    secretHash = SHA256Digest.hex(secret)
                } else {
                    diagnostics.error("\(path.appending("client_secret_env")) names \(variable), which is not set.", at: path.appending("client_secret_env"))
                }
            }
            configuration.clients.append(
                OAuthClientRecord(
                    clientID: id, clientSecretHash: secretHash, redirectURIs: redirects, grantTypes: client.grantTypes ?? ["authorization_code", "refresh_token"],
                    tokenEndpointAuthMethod: secretHash == nil ? "none" : "client_secret_basic", clientName: client.clientName, source: "config"))
        }

        if let p = file?.oidc {
            let path = root.appending("oidc")
            var secret: String?
            if let variable = p.clientSecretEnv {
                secret = environment[variable]
                if secret?.isEmpty ?? true {
                    diagnostics.error("\(path.appending("client_secret_env")) names \(variable), which is not set.", at: path.appending("client_secret_env"))
                }
            }
            if let issuer = p.issuer, let clientID = p.clientID {
                if let problem = PublicURL.problem(with: issuer) { diagnostics.error("\(path.appending("issuer")): \(problem).", at: path.appending("issuer")) }
                let scopes = p.scopes ?? ["openid", "email", "profile"]
                if !scopes.contains("openid") { diagnostics.error("\(path.appending("scopes")) must include openid.", at: path.appending("scopes")) }
                configuration.provider = ProviderConfiguration(
                    issuer: issuer, clientID: clientID, clientSecret: secret, scopes: scopes, userClaim: p.userClaim ?? "email",
                    groupsClaim: p.groupsClaim ?? "groups", groupMap: p.groupMap ?? [:],
                    groupApplications: (p.groupApplications ?? [:]).sorted { $0.key < $1.key }.map { (group: $0.key, application: $0.value) },
                    displayName: p.displayName ?? "your identity provider")
            } else {
                diagnostics.error("\(path) needs issuer and client_id.", at: path)
            }
        }

        if let user = environment[autoConsentVariable], !user.isEmpty { configuration.autoConsentUser = user }
        return configuration
    }
}
