"""Walks Gatehouse's sign-in and consent pages the way a browser does (no JavaScript, no
auto-consent): a registered client asks to authorize, the person signs in with a built-in account
or through the external OpenID Connect provider (oidc-provider-mock's form is submitted for
--sub), approves on the consent page, and the client redeems the code and lists tools.

usage: browser_login.py --gatehouse http://127.0.0.1:8080 --resource /mcp
                        (--sub SUBJECT | --user NAME --password PW [--wrong-password PW])
Prints one JSON line with what was seen at each step.
"""

import argparse
import base64
import hashlib
import json
import re
import secrets
import sys
from urllib.parse import parse_qs, urljoin, urlparse

import httpx

REDIRECT = "http://127.0.0.1:33419/callback"


def hidden(page: str, name: str) -> str:
    m = re.search(r'name="%s" value="([^"]*)"' % re.escape(name), page)
    assert m, f"no {name} in page: {page[:500]}"
    return m.group(1)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gatehouse", required=True)
    ap.add_argument("--resource", default="/mcp")
    ap.add_argument("--sub")
    ap.add_argument("--user")
    ap.add_argument("--password")
    ap.add_argument("--wrong-password")
    a = ap.parse_args()
    base = a.gatehouse
    out: dict = {}
    try:
        gh = httpx.Client(base_url=base, follow_redirects=False, timeout=30)
        reg = gh.post("/oauth/register", json={"client_name": "Browser Test App", "redirect_uris": [REDIRECT],
                                               "grant_types": ["authorization_code", "refresh_token"]}).json()
        client_id = reg["client_id"]
        verifier = secrets.token_urlsafe(48)
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        resource = base + a.resource
        r = gh.get("/oauth/authorize", params={"response_type": "code", "client_id": client_id, "redirect_uri": REDIRECT,
                                                "state": "s1", "code_challenge": challenge, "code_challenge_method": "S256",
                                                "resource": resource, "scope": "mcp offline_access"})
        out["signin_status"] = r.status_code
        out["signin_offers_provider"] = "/oauth/login/provider" in r.text
        request_id = hidden(r.text, "request")
        if a.sub:
            r = gh.get("/oauth/login/provider", params={"request": request_id})
            provider_url = r.headers["location"]
            out["provider_authorize"] = {k: v[0] for k, v in parse_qs(urlparse(provider_url).query).items()
                                         if k in ("response_type", "code_challenge_method", "scope", "client_id")}
            with httpx.Client(follow_redirects=False, timeout=30) as idp:
                r = idp.post(provider_url, data={"sub": a.sub})
            callback = r.headers["location"]
            r = gh.get(callback)
        else:
            if a.wrong_password:
                bad = gh.post("/oauth/login", data={"request": request_id, "username": a.user, "password": a.wrong_password})
                out["wrong_password"] = {"status": bad.status_code, "says": "Wrong user name or password." in bad.text}
            r = gh.post("/oauth/login", data={"request": request_id, "username": a.user, "password": a.password})
        out["after_signin"] = {"status": r.status_code, "location": r.headers.get("location"),
                               "cookie": "gatehouse_session" in r.headers.get("set-cookie", "")}
        r = gh.get(r.headers["location"])
        out["consent_status"] = r.status_code
        page = r.text
        out["consent_lists"] = re.findall(r"<code>([^<]*)</code>", page)
        out["consent_signed_in_as"] = re.search(r"Signed in as <b>([^<]*)</b>", page).group(1)
        r = gh.post("/oauth/consent", data={"request": request_id, "form_token": hidden(page, "form_token"), "decision": "approve"})
        params = {k: v[0] for k, v in parse_qs(urlparse(r.headers["location"]).query).items()}
        out["callback_keys"] = sorted(params)
        out["iss"] = params.get("iss")
        tok = gh.post("/oauth/token", data={"grant_type": "authorization_code", "code": params["code"], "redirect_uri": REDIRECT,
                                             "client_id": client_id, "code_verifier": verifier, "resource": resource})
        out["token_status"] = tok.status_code
        access = tok.json()["access_token"]
        body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {"_meta": {
            "io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {}}}}
        r = gh.post(a.resource, json=body, headers={"Authorization": f"Bearer {access}", "MCP-Protocol-Version": "2026-07-28",
                                                    "Mcp-Method": "tools/list", "Accept": "application/json, text/event-stream"})
        out["tools_status"] = r.status_code
        out["tools"] = [t["name"] for t in r.json().get("result", {}).get("tools", [])]
        claims = json.loads(base64.urlsafe_b64decode(access.split(".")[1] + "==="))
        out["token_sub"] = claims["sub"]
        out["token_aud"] = claims["aud"]
    except BaseException as e:  # noqa: BLE001 - report whatever failed, as JSON
        out["fatal"] = f"{type(e).__name__}: {e}"
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
