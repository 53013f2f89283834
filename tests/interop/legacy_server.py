"""A legacy-only upstream: the Python SDK 1.x FastMCP server over Streamable HTTP with sessions
(MCP 2025-11-25 at most; it knows nothing of 2026-07-28). Run it from .venv-legacy.

usage: legacy_server.py PORT
"""

import sys

from mcp.server.fastmcp import FastMCP

port = int(sys.argv[1]) if len(sys.argv) > 1 else 8766
app = FastMCP("legacy-notes", host="127.0.0.1", port=port)


@app.tool()
def echo(text: str = "hi") -> str:
    """Echo text."""
    return text


@app.tool()
def shout(text: str = "hi") -> str:
    """Upper-case text."""
    return text.upper()


@app.resource("legacy://motd")
def motd() -> str:
    return "message of the day"


@app.prompt()
def hello(name: str = "you") -> str:
    return f"Say hello to {name}."


if __name__ == "__main__":
    app.run("streamable-http")
