// The few HTML pages a person sees: sign-in (built-in account, or the identity provider),
// consent (which application asks for which servers and scopes), and errors that cannot be sent
// back to the client. Plain HTML, no scripts; every interpolated value is escaped.

/// HTML of the sign-in and consent pages.
enum IdentityPages {
    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    static func page(_ title: String, _ body: String) -> String {
        """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
        <title>\(escape(title)) · Gatehouse</title>
        <style>body{font:16px system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#222}
        h1{font-size:1.4rem}form{margin:1rem 0}input{display:block;width:100%;margin:.3rem 0 .8rem;padding:.4rem}
        button{padding:.5rem 1rem;margin-right:.5rem}.error{color:#a00}li{margin:.2rem 0}code{background:#f3f3f3;padding:0 .2rem}</style>
        </head><body><h1>\(escape(title))</h1>\(body)</body></html>
        """
    }

    static func signIn(pending: String, clientName: String, error: String?, providerName: String?) -> String {
        var body = "<p><b>\(escape(clientName))</b> wants to use Gatehouse on your behalf. Sign in to continue.</p>"
        if let error { body += "<p class=\"error\">\(escape(error))</p>" }
        body += """
            <form method="post" action="/oauth/login">
            <input type="hidden" name="request" value="\(escape(pending))">
            <label>User name<input name="username" autocomplete="username" required></label>
            <label>Password<input name="password" type="password" autocomplete="current-password" required></label>
            <button type="submit">Sign in</button></form>
            """
        if let providerName {
            body += "<p><a href=\"/oauth/login/provider?request=\(escape(pending))\">Sign in with \(escape(providerName))</a></p>"
        }
        return page("Sign in", body)
    }

    static func consent(
        pending: String, formToken: String, user: String, clientName: String, redirectHost: String, resource: String,
        servers: [(slug: String, title: String)], scopes: [String]
    ) -> String {
        let serverList =
            servers.isEmpty
            ? "<li>no server yet (your application is granted none)</li>"
            : servers.map { "<li><code>\(escape($0.slug))</code> \(escape($0.title))</li>" }.joined()
        let scopeList = scopes.map { "<li><code>\(escape($0))</code> — \(escape(describe(scope: $0)))</li>" }.joined()
        return page(
            "Allow access?",
            """
            <p>Signed in as <b>\(escape(user))</b>.</p>
            <p><b>\(escape(clientName))</b> (returning to <code>\(escape(redirectHost))</code>) asks to use <code>\(escape(resource))</code>:</p>
            <p>Servers:</p><ul>\(serverList)</ul><p>Scopes:</p><ul>\(scopeList)</ul>
            <form method="post" action="/oauth/consent">
            <input type="hidden" name="request" value="\(escape(pending))"><input type="hidden" name="form_token" value="\(escape(formToken))">
            <button type="submit" name="decision" value="approve">Allow</button><button type="submit" name="decision" value="deny">Deny</button></form>
            """)
    }

    static func error(_ error: OAuthError) -> String {
        page("Sign-in cannot continue", "<p class=\"error\">\(escape(error.message))</p><p>Error code: <code>\(escape(error.code))</code></p>")
    }

    static func describe(scope: String) -> String {
        switch scope {
        case "mcp": "call the tools, prompts and resources your application may use"
        case "offline_access": "stay signed in (refresh tokens)"
        case "openid", "profile", "email": "know who you are"
        default: scope
        }
    }
}
