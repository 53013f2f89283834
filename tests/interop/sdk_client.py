"""Drives a Gatehouse endpoint with the official Python MCP SDK client and reports what it saw.

usage: sdk_client.py --url URL --key KEY --mode legacy|2026-07-28|auto --plan JSON
The plan is a JSON list of steps: {"op": "list_tools"|"list_prompts"|"list_resources"|
"list_templates"|"call"|"read"|"prompt"|"ping", "name"?, "args"?, "uri"?, "progress"?: true,
"abandon_after"?: seconds}. A call with `abandon_after` is given up after that long (the SDK then
cancels it the way its era does); its value is "abandoned" if it had not finished.
Prints one JSON document: {"negotiated": ..., "steps": [{"op", "ok", "value"|"error", "http"}]}, and to
stderr "STEP <op> <name>" as each step starts and "PROGRESS <n>" as progress arrives (tests use
them to act while a call is under way).
"http" holds the status and the Deprecation, Sunset, Link and Retry-After headers of the step's last
POST response (the SDK itself does not show headers).
The SDK validates every result with its own models, so a malformed message fails its step.
"""

import argparse
import json
import sys

import anyio
import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError


def dump(model):
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


async def run(url: str, key: str | None, mode: str, plan: list[dict]) -> dict:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    out: dict = {"steps": []}
    progress_seen: list[float] = []
    last_http: dict = {}

    async def on_progress(progress, total, message):
        progress_seen.append(progress)
        print(f"PROGRESS {progress}", file=sys.stderr, flush=True)

    async def on_response(response):
        if response.request.method == "POST":
            last_http.clear()
            last_http["status"] = response.status_code
            for name in ("deprecation", "sunset", "link", "retry-after"):
                if name in response.headers:
                    last_http[name] = response.headers[name]

    async with httpx2.AsyncClient(headers=headers, timeout=httpx2.Timeout(30.0), event_hooks={"response": [on_response]}) as http:
        async with Client(streamable_http_client(url, http_client=http), mode=mode, read_timeout_seconds=30, cache=None) as c:
            out["negotiated"] = c.protocol_version
            for step in plan:
                op = step["op"]
                record: dict = {"op": op}
                print(f"STEP {op} {step.get('name', step.get('uri', ''))}", file=sys.stderr, flush=True)
                try:
                    if op == "list_tools":
                        record["value"] = [t.name for t in (await c.list_tools()).tools]
                    elif op == "list_prompts":
                        record["value"] = [p.name for p in (await c.list_prompts()).prompts]
                    elif op == "list_resources":
                        record["value"] = [str(r.uri) for r in (await c.list_resources()).resources]
                    elif op == "list_templates":
                        record["value"] = [t.uri_template for t in (await c.list_resource_templates()).resource_templates]
                    elif op == "call":
                        kwargs = {}
                        if step.get("progress"):
                            kwargs["progress_callback"] = on_progress
                        if "abandon_after" in step:
                            record["value"] = "abandoned"
                            with anyio.move_on_after(step["abandon_after"]):
                                record["value"] = dump(await c.call_tool(step["name"], step.get("args", {}), **kwargs))
                        else:
                            record["value"] = dump(await c.call_tool(step["name"], step.get("args", {}), **kwargs))
                        if step.get("progress"):
                            record["progress"] = list(progress_seen)
                    elif op == "read":
                        record["value"] = dump(await c.read_resource(step["uri"]))
                    elif op == "prompt":
                        record["value"] = dump(await c.get_prompt(step["name"], step.get("args")))
                    elif op == "ping":
                        await c.send_ping()
                        record["value"] = "pong"
                    else:
                        raise ValueError(f"unknown op {op}")
                    record["ok"] = True
                except MCPError as e:
                    record["ok"] = False
                    record["error"] = {"code": e.error.code, "message": e.error.message}
                    if e.error.data is not None:
                        record["error"]["data"] = e.error.data
                except Exception as e:  # noqa: BLE001 - every failure is reported
                    record["ok"] = False
                    record["error"] = {"code": None, "message": f"{type(e).__name__}: {e}"[:500]}
                record["http"] = dict(last_http)
                out["steps"].append(record)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--key")
    ap.add_argument("--mode", default="auto")
    ap.add_argument("--plan", required=True)
    a = ap.parse_args()
    try:
        result = anyio.run(run, a.url, a.key, a.mode, json.loads(a.plan))
    except Exception as e:  # noqa: BLE001
        while isinstance(e, BaseExceptionGroup) and len(e.exceptions) == 1:
            e = e.exceptions[0]
        result = {"fatal": f"{type(e).__name__}: {e}"[:1000]}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
