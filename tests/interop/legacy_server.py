"""A legacy-only upstream: the Python SDK 1.x FastMCP server over Streamable HTTP with sessions
(MCP 2025-11-25 at most; it knows nothing of 2026-07-28). Run it from .venv-legacy.

usage: legacy_server.py PORT [json]
With `json` it answers every request with one JSON body instead of an SSE stream (the SDK's
`json_response`): a client that gives up on a call can then only say so with
`notifications/cancelled`. The `sleep` tool says on stderr when it starts and when it is cancelled.
"""

import sys

import anyio
from mcp.server.fastmcp import FastMCP

port = int(sys.argv[1]) if len(sys.argv) > 1 else 8766
json_response = len(sys.argv) > 2 and sys.argv[2] == "json"
app = FastMCP("legacy-notes", host="127.0.0.1", port=port, json_response=json_response)


@app.tool()
def echo(text: str = "hi") -> str:
    """Echo text."""
    return text


@app.tool()
def shout(text: str = "hi") -> str:
    """Upper-case text."""
    return text.upper()


@app.tool()
async def sleep(seconds: float = 30) -> str:
    """Sleep for a while."""
    print("sleep started", file=sys.stderr, flush=True)
    try:
        await anyio.sleep(seconds)
    except anyio.get_cancelled_exc_class():
        print("sleep cancelled", file=sys.stderr, flush=True)
        raise
    return "slept"


@app.resource("legacy://motd")
def motd() -> str:
    return "message of the day"


@app.prompt()
def hello(name: str = "you") -> str:
    return f"Say hello to {name}."


if __name__ == "__main__":
    app.run("streamable-http")
