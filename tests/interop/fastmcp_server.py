"""A fastmcp upstream over Streamable HTTP: tools `echo` and `delete_all`.

usage: fastmcp_server.py PORT
"""

import sys

from fastmcp import FastMCP

app = FastMCP("fast-notes")


@app.tool
def echo(text: str = "hi") -> str:
    """Echo text."""
    return text


@app.tool
def delete_all() -> str:
    """Delete every note (destructive)."""
    return "deleted everything"


if __name__ == "__main__":
    app.run(transport="http", host="127.0.0.1", port=int(sys.argv[1]) if len(sys.argv) > 1 else 8767, show_banner=False)
