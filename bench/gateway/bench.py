"""The gateway benchmark: the same MCP tools/call made straight to an upstream and through
Gatehouse, side by side in one run, interleaved round by round.

usage: bench.py --gatehouse BIN [--rounds 3] [--seconds 10] [--policies N] [--ab NAME=VALUE] [--out results.json]
Starts the demo server over HTTP (the fast Swift upstream), the Python SDK's reference server,
and Gatehouse (SQLite in a temp folder, API key auth, audit on) in front of both. For each
upstream it measures one sequential client (p50/p99) and 16 and 64 concurrent clients
(calls/s), and Gatehouse's CPU time per call and its RSS idle and under load.
"""

import argparse
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))


def enforcement_sections(count: int) -> str:
    """`count` policies as a project might write them (most scoped to other applications or
    tools, so the scope index skips them; every tenth reads the arguments of the benchmarked
    tool) and one rate limit far above the load, so every stage runs and none refuses."""
    if count == 0:
        return ""
    lines = ["policies:"]
    for i in range(count):
        server = ("fast", "py")[i % 2]
        if i % 10 == 0:
            cedar = (f'forbid (principal, action == Gatehouse::Action::"call_tool", resource == Gatehouse::Tool::"{server}/echo") '
                     f'when {{ context.arguments has text && context.arguments.text like "*never-{i}*" }};')
        elif i % 3 == 0:
            cedar = (f'forbid (principal, action, resource in Gatehouse::Server::"{server}") '
                     f'when {{ context has client_address && !context.client_address.isInRange(ip("127.0.0.0/8")) }};')
        else:
            cedar = (f'forbid (principal == Gatehouse::Application::"app-{i}", action == Gatehouse::Action::"call_tool", '
                     f'resource == Gatehouse::Tool::"{server}/echo");')
        lines.append(f"  - id: p{i}")
        lines.append(f"    server: {server}")
        lines.append("    cedar: |")
        lines.append(f"      {cedar}")
    lines.append("rate_limits:")
    lines.append("  - { application: bench, per_minute: 100000000 }")
    return "\n".join(lines) + "\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port} after {timeout} s")


def cpu_seconds(pid: int) -> float:
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def wrk(url: str, tool: str, key: str | None, connections: int, seconds: int) -> dict:
    env = dict(os.environ, TOOL=tool, TEXT_BYTES="1024")
    if key:
        env["KEY"] = key
    threads = 1 if connections == 1 else 2
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", os.path.join(HERE, "call.lua"), url],
        env=env, capture_output=True, text=True, check=True).stdout
    m = re.search(r"RESULT (.*)", out)
    values = dict(kv.split("=") for kv in m.group(1).split())
    r = {k: float(v) for k, v in values.items()}
    r["calls_per_s"] = (r["requests"] - r["failed"]) / r["seconds"]
    return r


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gatehouse", default=os.path.join(ROOT, ".build", "release", "gatehouse"))
    ap.add_argument("--python", default=os.path.join(ROOT, ".venv", "bin", "python3"))
    ap.add_argument("--pyserver", default=os.path.join(ROOT, "..", "shared", "conformance", "harness", "pyserver.py"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--out", default=os.path.join(HERE, "results", "latest.json"))
    ap.add_argument("--ab", metavar="NAME=VALUE",
                    help="also run a second Gatehouse with this environment variable set and measure it in every round "
                         "beside the first, the order turning every round (an A/B of one switch on the same binary; "
                         "use a multiple of 3 rounds)")
    ap.add_argument("--policies", type=int, default=0,
                    help="attach this many Cedar policies (a realistic mix, a tenth reading arguments) and a rate limit that never refuses")
    ap.add_argument("--upstreams", default="fast,python", help="which upstreams to measure, comma-separated (fast, python)")
    ap.add_argument("--clients", default="1,16,64", help="the concurrencies to measure, comma-separated")
    a = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="gatehouse-bench-")
    fast_port, py_port = free_port(), free_port()
    procs: list[subprocess.Popen] = []
    try:
        procs.append(subprocess.Popen([a.gatehouse, "demo-server", "--http", f"127.0.0.1:{fast_port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        procs.append(subprocess.Popen([a.python, a.pyserver, str(py_port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_port(fast_port)
        wait_port(py_port)
        config = os.path.join(tmp, "bench.yaml")
        with open(config, "w") as f:
            f.write(f"""servers:
  - slug: fast
    name: io.gatehouse/bench-fast
    upstream: {{ url: http://127.0.0.1:{fast_port}/mcp }}
    tools: {{ enabled: [echo] }}
  - slug: py
    name: io.gatehouse/bench-python
    upstream: {{ url: http://127.0.0.1:{py_port}/mcp }}
    tools: {{ enabled: [echo] }}
applications:
  - name: bench
    allow: [ {{ server: fast }}, {{ server: py }} ]
""")
            f.write(enforcement_sections(a.policies))
        def start_gatehouse(label: str, extra_env: dict) -> tuple[subprocess.Popen, int, str]:
            data, port = os.path.join(tmp, f"data-{label}"), free_port()
            proc = subprocess.Popen([a.gatehouse, "serve", "--config", config, "--data", data, "--port", str(port)],
                                    stdout=open(os.path.join(tmp, f"gatehouse-{label}.log"), "w"), stderr=subprocess.STDOUT,
                                    env=dict(os.environ, **extra_env))
            procs.append(proc)
            wait_port(port)
            created = subprocess.run([a.gatehouse, "keys", "create", "--app", "bench", "--data", data, "--json"],
                                     capture_output=True, text=True, check=True).stdout
            return proc, port, json.loads(created)["key"]

        gh, gh_port, key = start_gatehouse("a", {})
        data = os.path.join(tmp, "data-a")
        variant = None
        if a.ab:
            name, _, value = a.ab.partition("=")
            variant = start_gatehouse("b", {name: value})
        time.sleep(3)  # discovery of both upstreams
        idle_rss = rss_mb(gh.pid)

        targets = {
            "fast": (f"http://127.0.0.1:{fast_port}/mcp", "echo"),
            "python": (f"http://127.0.0.1:{py_port}/mcp", "echo"),
        }
        gateway_tool = {"fast": "fast__echo", "python": "py__echo"}
        targets = {name: targets[name] for name in a.upstreams.split(",")}
        phases = [int(c) for c in a.clients.split(",")]
        samples: dict = {}
        peak_rss = idle_rss
        for rnd in range(a.rounds):
            for name, (url, tool) in targets.items():
                for conns in phases:
                    # Direct, Gatehouse and the variant run one after the other; the order turns
                    # every round, because on this machine a run right after another 64-client run
                    # is measurably slower (an A/B of two identical Gatehouses showed 10-20 %).
                    def measure_direct() -> dict:
                        return wrk(url, tool, None, conns, a.seconds)

                    def measure_gatehouse(proc: subprocess.Popen, port: int, api_key: str) -> dict:
                        nonlocal peak_rss
                        before = cpu_seconds(proc.pid)
                        r = wrk(f"http://127.0.0.1:{port}/mcp", gateway_tool[name], api_key, conns, a.seconds)
                        r["cpu_us_per_call"] = (cpu_seconds(proc.pid) - before) / max(1, r["requests"]) * 1e6
                        peak_rss = max(peak_rss, rss_mb(proc.pid))
                        return r

                    runs = [("direct", measure_direct), ("gatehouse", lambda: measure_gatehouse(gh, gh_port, key))]
                    if variant:
                        runs.append(("gatehouse_b", lambda: measure_gatehouse(*variant)))
                    turn = rnd % len(runs)
                    sample = {side: measure() for side, measure in runs[turn:] + runs[:turn]}
                    direct, via = sample["direct"], sample["gatehouse"]
                    line = (f"round {rnd + 1} {name} c{conns}: direct {direct['calls_per_s']:.0f}/s p50 {direct['p50_us']:.0f}us | "
                            f"gatehouse {via['calls_per_s']:.0f}/s p50 {via['p50_us']:.0f}us failed {via['failed']:.0f} "
                            f"cpu {via['cpu_us_per_call']:.0f}us/call")
                    if variant:
                        b = sample["gatehouse_b"]
                        line += (f" | {a.ab}: {b['calls_per_s']:.0f}/s p50 {b['p50_us']:.0f}us failed {b['failed']:.0f} "
                                 f"cpu {b['cpu_us_per_call']:.0f}us/call")
                    samples.setdefault(f"{name}/c{conns}", []).append(sample)
                    print(line, flush=True)

        summary = {}
        for phase, runs in samples.items():
            med = lambda side, k: statistics.median(r[side][k] for r in runs)  # noqa: E731
            summary[phase] = {
                "direct_calls_per_s": med("direct", "calls_per_s"), "gatehouse_calls_per_s": med("gatehouse", "calls_per_s"),
                "ratio": statistics.median(r["gatehouse"]["calls_per_s"] / r["direct"]["calls_per_s"] for r in runs),
                "direct_p50_us": med("direct", "p50_us"), "gatehouse_p50_us": med("gatehouse", "p50_us"),
                "added_p50_us": statistics.median(r["gatehouse"]["p50_us"] - r["direct"]["p50_us"] for r in runs),
                "direct_p99_us": med("direct", "p99_us"), "gatehouse_p99_us": med("gatehouse", "p99_us"),
                "gatehouse_cpu_us_per_call": med("gatehouse", "cpu_us_per_call"),
                "gatehouse_failed": sum(r["gatehouse"]["failed"] for r in runs), "direct_failed": sum(r["direct"]["failed"] for r in runs),
            }
            if variant:
                summary[phase]["b"] = {
                    "env": a.ab, "calls_per_s": med("gatehouse_b", "calls_per_s"),
                    "ratio": statistics.median(r["gatehouse_b"]["calls_per_s"] / r["direct"]["calls_per_s"] for r in runs),
                    "added_p50_us": statistics.median(r["gatehouse_b"]["p50_us"] - r["direct"]["p50_us"] for r in runs),
                    "cpu_us_per_call": med("gatehouse_b", "cpu_us_per_call"),
                    "failed": sum(r["gatehouse_b"]["failed"] for r in runs),
                }
        audit_rows = subprocess.run([a.gatehouse, "audit", "tail", "-n", "1", "--data", data, "--json"], capture_output=True, text=True).stdout
        result = {"date": time.strftime("%Y-%m-%d"), "rounds": a.rounds, "seconds": a.seconds, "cpus": os.cpu_count(),
                  "idle_rss_mb": idle_rss, "peak_rss_mb": peak_rss, "phases": summary, "last_audit": audit_rows.strip()[:500],
                  "raw": samples}
        os.makedirs(os.path.dirname(a.out), exist_ok=True)
        with open(a.out, "w") as f:
            json.dump(result, f, indent=1)
        print(json.dumps({k: v for k, v in result.items() if k != "raw"}, indent=1))
        return 0
    finally:
        for p in reversed(procs):
            p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()


if __name__ == "__main__":
    sys.exit(main())
