"""Sign in through Gatehouse with the official Python SDK's OAuthClientProvider (headless, as
../shared/conformance/harness/oauth_client.py does), then exercise what that harness does not:
a refresh by the SDK itself (the access token is made to look expired), and refresh-token reuse,
which must revoke the whole grant family.

usage: python oauth_flow.py --url http://127.0.0.1:8080/mcp [--mode legacy|2026-07-28]
Prints one JSON line: {"negotiated", "tools", "registered", "refreshed", "reuse", "after_reuse", ...}.
"""

import argparse
import json
import sys
import time
from urllib.parse import parse_qs, urlparse

import anyio
import httpx2
from mcp import Client
from mcp.client.auth import OAuthClientProvider
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.auth import AuthorizationCodeResult, OAuthClientMetadata

REDIRECT = "http://127.0.0.1:33418/callback"


class MemStorage:
    def __init__(self):
        self.tokens = self.client = None
        self.history = []

    async def get_tokens(self):
        return self.tokens

    async def set_tokens(self, t):
        self.tokens = t
        self.history.append(t)

    async def get_client_info(self):
        return self.client

    async def set_client_info(self, c):
        self.client = c


async def run(url: str, mode: str) -> dict:
    out: dict = {"requests": []}
    box: dict = {}

    async def redirect_handler(auth_url: str) -> None:
        out["authorize_url"] = auth_url
        async with httpx2.AsyncClient(follow_redirects=False) as c:
            r = await c.get(auth_url)
        loc = r.headers.get("location", "")
        assert r.status_code in (302, 303) and loc.startswith(REDIRECT), (r.status_code, r.text[:300])
        box.update({k: v[0] for k, v in parse_qs(urlparse(loc).query).items()})
        out["callback"] = sorted(box.keys())

    async def callback_handler() -> AuthorizationCodeResult:
        return AuthorizationCodeResult(code=box["code"], state=box.get("state"), iss=box.get("iss"))

    storage = MemStorage()
    provider = OAuthClientProvider(
        server_url=url,
        client_metadata=OAuthClientMetadata(client_name="sdk-oauth-flow", redirect_uris=[REDIRECT],
                                            grant_types=["authorization_code", "refresh_token"]),
        storage=storage, redirect_handler=redirect_handler, callback_handler=callback_handler)

    async def log(request):
        out["requests"].append(f"{request.method} {request.url.path}")

    async with httpx2.AsyncClient(auth=provider, timeout=30, event_hooks={"request": [log]}) as http:
        async with Client(streamable_http_client(url, http_client=http), mode=mode) as c:
            out["negotiated"] = c.protocol_version
            out["tools"] = [t.name for t in (await c.list_tools()).tools]
            out["registered"] = storage.client.client_id if storage.client else None
            first = storage.tokens
            out["scope"] = first.scope
            # Make the SDK believe the token expired: its next request refreshes first.
            provider.context.token_expiry_time = time.time() - 1
            out["tools_after_refresh"] = [t.name for t in (await c.list_tools()).tools]
            second = storage.tokens
            out["refreshed"] = second.access_token != first.access_token and second.refresh_token != first.refresh_token

    token_url = url.split("/mcp")[0].split("/servers/")[0] + "/oauth/token"
    async with httpx2.AsyncClient() as plain:
        # Presenting the rotated-out refresh token again is reuse: refused, and the family revoked.
        r = await plain.post(token_url, data={"grant_type": "refresh_token", "refresh_token": first.refresh_token,
                                              "client_id": storage.client.client_id})
        out["reuse"] = {"status": r.status_code, **r.json()}
        r = await plain.post(token_url, data={"grant_type": "refresh_token", "refresh_token": second.refresh_token,
                                              "client_id": storage.client.client_id})
        out["current_refresh_after_reuse"] = {"status": r.status_code, **r.json()}
        body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {"_meta": {
            "io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {},
            "io.modelcontextprotocol/clientInfo": {"name": "t", "version": "1"}}}}
        r = await plain.post(url, json=body, headers={"Authorization": f"Bearer {second.access_token}",
                                                      "MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/list",
                                                      "Accept": "application/json, text/event-stream"})
        out["access_after_reuse"] = {"status": r.status_code, "www_authenticate": r.headers.get("www-authenticate")}
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--mode", default="auto")
    a = ap.parse_args()
    try:
        print(json.dumps(anyio.run(run, a.url, a.mode)))
    except BaseException as e:  # noqa: BLE001 - report whatever failed, as JSON
        print(json.dumps({"fatal": f"{type(e).__name__}: {e}"}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
