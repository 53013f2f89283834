"""A tiny external guardrail service implementing Gatehouse's hook contract (docs/guardrails.md).

Arguments phase: blocks when any argument contains "forbidden"; rewrites "secret-plan" to
"[hooked]". Result phase: rewrites any text containing "classified" to "[withheld by hook]".
Every request is appended as one JSON line to the log file, so tests can see what was sent.

usage: guardrail_hook.py PORT LOGFILE
"""

import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOG = sys.argv[2]


def walk_text(value, change):
    if isinstance(value, str):
        return change(value)
    if isinstance(value, list):
        return [walk_text(v, change) for v in value]
    if isinstance(value, dict):
        return {k: walk_text(v, change) for k, v in value.items()}
    return value


class Hook(BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        with open(LOG, "a") as f:
            f.write(json.dumps(body) + "\n")
        verdict = {"verdict": "allow"}
        if body["phase"] == "arguments":
            text = json.dumps(body.get("arguments", {}))
            if "forbidden" in text:
                verdict = {"verdict": "block", "reason": "the word forbidden is not allowed"}
            elif "secret-plan" in text:
                verdict = {"verdict": "redact", "arguments": walk_text(body["arguments"], lambda s: s.replace("secret-plan", "[hooked]"))}
        else:
            if "classified" in json.dumps(body.get("result", {})):
                verdict = {"verdict": "redact", "result": walk_text(body["result"], lambda s: "[withheld by hook]" if "classified" in s else s)}
        data = json.dumps(verdict).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Hook)
    print("hook listening", flush=True)
    server.serve_forever()
