"""A stdio MCP upstream that is slow to start, for handshake tests.

Usage: slow_start_server.py SECONDS dual|legacy
  dual    speaks both eras on one connection and keeps to the first it is addressed in
          (as the official SDK does): after answering server/discover it refuses initialize.
  legacy  speaks only the session-ful era and, like many such servers, ignores a request it
          does not know before initialize instead of answering it.
"""
import json
import sys
import time

delay, mode = float(sys.argv[1]), sys.argv[2]
time.sleep(delay)
era = None


def answer(msg, result=None, error=None):
    reply = {"jsonrpc": "2.0", "id": msg["id"]}
    if error:
        reply["error"] = error
    else:
        reply["result"] = result
    print(json.dumps(reply), flush=True)


for line in sys.stdin:
    msg = json.loads(line)
    if "id" not in msg:
        continue
    method = msg["method"]
    if method == "server/discover" and mode == "dual" and era in (None, "modern"):
        era = "modern"
        answer(msg, {"supportedVersions": ["2026-07-28"], "capabilities": {"tools": {}},
                     "_meta": {"io.modelcontextprotocol/serverInfo": {"name": "slow-" + mode, "version": "1"}}})
    elif method == "server/discover":
        continue
    elif method == "initialize" and era == "modern":
        answer(msg, error={"code": -32022, "message": "connection is serving the 2026-07-28 protocol"})
    elif method == "initialize":
        era = "legacy"
        answer(msg, {"protocolVersion": "2025-11-25", "capabilities": {"tools": {}},
                     "serverInfo": {"name": "slow-" + mode, "version": "1"}})
    else:
        answer(msg, {"era": era})
