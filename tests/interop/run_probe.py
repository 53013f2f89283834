"""Runs the shared wire probe (../shared/conformance/harness/probe.py) unchanged against a
Gatehouse endpoint, adding the API key every request needs (the probe itself sends none).

usage: run_probe.py --probe PATH --key KEY -- <probe arguments>
"""

import os
import runpy
import sys

import httpx2


def main() -> None:
    args = sys.argv[1:]
    probe = args[args.index("--probe") + 1]
    key = args[args.index("--key") + 1]
    rest = args[args.index("--") + 1:]
    original = httpx2.Client.__init__

    def with_key(self, *a, **kw):
        headers = dict(kw.pop("headers", None) or {})
        headers.setdefault("Authorization", f"Bearer {key}")
        original(self, *a, headers=headers, **kw)

    httpx2.Client.__init__ = with_key
    os.environ.setdefault("MCP_SCHEMA_DIR", os.path.join(os.path.dirname(os.path.abspath(probe)), "..", "mcp-schema"))
    sys.argv = [probe] + rest
    runpy.run_path(probe, run_name="__main__")


if __name__ == "__main__":
    main()
