"""A stdio MCP upstream for ordering tests: answers server/discover, then for tools/call writes
50 progress notifications and the response in one burst."""
import json
import sys

for line in sys.stdin:
    msg = json.loads(line)
    if "id" not in msg:
        continue
    if msg["method"] == "server/discover":
        result = {"supportedVersions": ["2026-07-28"], "capabilities": {"tools": {}}}
        print(json.dumps({"jsonrpc": "2.0", "id": msg["id"], "result": result}), flush=True)
        continue
    token = msg["params"]["_meta"]["progressToken"]
    out = [json.dumps({"jsonrpc": "2.0", "method": "notifications/progress",
                       "params": {"progressToken": token, "progress": i, "total": 50}}) for i in range(1, 51)]
    out.append(json.dumps({"jsonrpc": "2.0", "id": msg["id"], "result": {"content": [], "isError": False}}))
    sys.stdout.write("\n".join(out) + "\n")
    sys.stdout.flush()
