// The browser's sign-in to Gatehouse's own pages (login, consent): a cookie holding the user name
// and an expiry, authenticated with HMAC-SHA256 under a key kept in the store, so any replica can
// read it and nobody can forge one. It is `HttpOnly`, `SameSite=Lax`, and `Secure` on https.
import Auth
import Crypto
import Foundation

/// Issues and reads the sign-in cookie.
struct BrowserSessions: Sendable {
    static let cookieName = "gatehouse_session"
    let key: SymmetricKey
    let lifetime: Duration

    init(key: [UInt8], lifetime: Duration) {
        self.key = SymmetricKey(data: key)
        self.lifetime = lifetime
    }

    /// The cookie value for `user`, valid for ``lifetime``.
    func issue(user: String, now: Date = Date()) -> String {
        let expiry = Int64(now.timeIntervalSince1970) + lifetime.components.seconds
        let payload = Base64URL.encode(Array("\(expiry)|\(user)".utf8))
        return payload + "." + Base64URL.encode(HMAC<SHA256>.authenticationCode(for: Array(payload.utf8), using: key))
    }

    /// The user of a cookie value, when it is authentic and unexpired.
    func user(_ value: String?, now: Date = Date()) -> String? {
        guard let value else { return nil }
        let parts = value.split(separator: ".")
        guard parts.count == 2, let mac = Base64URL.decode(parts[1]),
            HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Array(parts[0].utf8), using: key),
            let payload = Base64URL.decode(parts[0]).map({ String(decoding: $0, as: UTF8.self) })
        else { return nil }
        let fields = payload.split(separator: "|", maxSplits: 1)
        guard fields.count == 2, let expiry = Int64(fields[0]), Int64(now.timeIntervalSince1970) < expiry else { return nil }
        return String(fields[1])
    }

    /// A per-request form token tying a consent form to the signed-in browser and the request.
    func formToken(user: String, pending: PendingAuthorization) -> String {
        Base64URL.encode(HMAC<SHA256>.authenticationCode(for: Array("\(user)|\(pending.id)|\(pending.csrf)".utf8), using: key))
    }

    /// The `Set-Cookie` header value.
    func setCookie(_ value: String, secure: Bool) -> String {
        "\(Self.cookieName)=\(value); Path=/oauth; HttpOnly; SameSite=Lax; Max-Age=\(lifetime.components.seconds)\(secure ? "; Secure" : "")"
    }

    /// The cookie's value from a `Cookie` header.
    static func read(_ header: String?) -> String? {
        guard let header else { return nil }
        for part in header.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0] == cookieName { return String(pair[1]) }
        }
        return nil
    }
}
