#!/usr/bin/env python3
"""The cedarpy side of the Cedar benchmark (run by run.sh, interleaved with the Swift side).

Reads the oracle data (policies_N.cedar, entities.json, requests.json, expected_N.json), checks
cedarpy's answers against expected_N.json (unless --no-check), then times one
`cedarpy.is_authorized_batch(all requests, policy_set, entities)` per policy-set size, the same
call as shared/peers/oracles/cedar/bench_cedar.py's `authorize_batch`. It also records the Rust
engine's own per-request timings (`authz_duration_micros`, `build_request_duration_micros`), so
the Swift figure can be set against the engine without the Python wrapper.

Writes a figures file (the oracle's benchlib format: benchmarks with us_per_op).
"""
import argparse
import gc
import json
import os
import statistics
import sys
import time


def policy_index(pid):
    return int(pid[len("policy"):])


def error_ids(errors):
    ids = set()
    for e in errors:
        a = e.find("`")
        b = e.find("`", a + 1)
        ids.add(policy_index(e[a + 1:b]))
    return sorted(ids)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--sizes", default="10,100,1000")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--no-check", action="store_true")
    args = ap.parse_args()

    import cedarpy
    from importlib.metadata import version

    sizes = [int(s) for s in args.sizes.split(",") if s]
    with open(os.path.join(args.data, "entities.json"), encoding="utf-8") as f:
        entities = cedarpy.Entities.from_json_str(f.read())
    with open(os.path.join(args.data, "requests.json"), encoding="utf-8") as f:
        requests = json.load(f)
    policy_sets = {}
    for n in sizes:
        with open(os.path.join(args.data, f"policies_{n}.cedar"), encoding="utf-8") as f:
            policy_sets[n] = cedarpy.PolicySet.from_str(f.read())

    checks, engine, benchmarks = {}, {}, []
    ok = True
    for n in sizes:
        results = cedarpy.is_authorized_batch(requests, policy_sets[n], entities)
        engine[str(n)] = {
            "mean_authz_us": statistics.mean(r.metrics["authz_duration_micros"] for r in results),
            "mean_build_request_us": statistics.mean(r.metrics["build_request_duration_micros"] for r in results),
        }
        if args.no_check:
            continue
        with open(os.path.join(args.data, f"expected_{n}.json"), encoding="utf-8") as f:
            expected = json.load(f)["results"]
        got = [[r.decision.value.lower(), sorted(policy_index(p) for p in r.diagnostics.reasons),
                error_ids(r.diagnostics.errors)] for r in results]
        matches = sum(1 for g, e in zip(got, expected) if g == e)
        checks[f"policies_{n}"] = f"{matches}/{len(requests)} answers match"
        print(f"check policies_{n}: {checks[f'policies_{n}']}", flush=True)
        ok &= matches == len(requests)

    for _ in range(args.runs):
        for n in sizes:
            gc.collect()
            wall0, cpu0 = time.perf_counter(), time.process_time()
            cedarpy.is_authorized_batch(requests, policy_sets[n], entities)
            wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
            name = f"cedar/authorize_batch/{n}"
            b = next((b for b in benchmarks if b["name"] == name), None)
            if b is None:
                b = {"name": name, "unit": "decision", "ops": len(requests), "wall_s": [], "cpu_s": []}
                benchmarks.append(b)
            b["wall_s"].append(wall)
            b["cpu_s"].append(cpu)
            print(f"cedarpy batch/{n}: {wall / len(requests) * 1e6:.1f} µs/decision", flush=True)

    for b in benchmarks:
        m = statistics.median(b["wall_s"])
        b["us_per_op"] = round(m / b["ops"] * 1e6, 3)
        b["ops_per_s"] = round(b["ops"] / m, 1)
        b["cpu_us_per_op"] = round(statistics.median(b["cpu_s"]) / b["ops"] * 1e6, 3)
    figures = {"figures_format": 1, "suite": "cedar",
               "implementation": f"cedarpy {version('cedarpy')} (Python {sys.version.split()[0]})",
               "runs": args.runs, "checks": checks, "benchmarks": benchmarks,
               "notes": {"engine_reported_per_request": engine}}
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(figures, f, indent=1)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
