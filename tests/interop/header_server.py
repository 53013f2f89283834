"""A fastmcp upstream over Streamable HTTP whose tool `seen_authorization` reports the
Authorization header its HTTP request carried: proof that Gatehouse never forwards a client's
token upstream (only the upstream's own configured headers).

usage: header_server.py PORT
"""

import sys

from fastmcp import FastMCP
from fastmcp.server.dependencies import get_http_request

app = FastMCP("header-probe")


@app.tool
def seen_authorization() -> str:
    """The Authorization header of the request that carried this call, or <none>."""
    return get_http_request().headers.get("authorization", "<none>")


if __name__ == "__main__":
    app.run(transport="http", host="127.0.0.1", port=int(sys.argv[1]), show_banner=False)
