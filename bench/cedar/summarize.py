#!/usr/bin/env python3
"""Reads the per-round figures files that run.sh wrote (swift_*.json, cedarpy_*.json) and prints
one table: median ns per decision and decisions per second for each engine and policy-set size,
and how many times faster the Swift engine is. Standard library only."""
import glob
import json
import os
import statistics
import sys


def per_op(files, name):
    """Each round's wall time per operation (seconds) for benchmark `name`."""
    values = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            figures = json.load(f)
        for b in figures["benchmarks"]:
            if b["name"] == name:
                ops = b.get("ops_per_sample", [b["ops"]] * len(b["wall_s"]))
                values += [w / o for w, o in zip(b["wall_s"], ops)]
    return values


def engine(files, size, key):
    values = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            notes = json.load(f).get("notes", {}).get("engine_reported_per_request", {})
        if str(size) in notes:
            values.append(notes[str(size)][key])
    return statistics.median(values) if values else float("nan")


def main(directory):
    swift = sorted(glob.glob(os.path.join(directory, "swift_*.json")))
    python = sorted(glob.glob(os.path.join(directory, "cedarpy_*.json")))
    print(f"rounds: {len(swift)} Swift, {len(python)} cedarpy (medians over rounds)\n")
    header = ("| policies | Swift ns/decision | Swift decisions/s | Swift + JSON context ns | "
              "cedarpy batch ns/decision | cedarpy decisions/s | Rust engine authz ns (cedarpy metric) | "
              "speed-up vs batch | speed-up vs engine authz |")
    print(header)
    print("|" + "|".join(["---:"] * (header.count("|") - 1)) + "|")
    for size in (10, 100, 1000):
        s = per_op(swift, f"cedar/authorize/{size}")
        j = per_op(swift, f"cedar/authorize_json_context/{size}")
        p = per_op(python, f"cedar/authorize_batch/{size}")
        if not s or not p:
            continue
        sm, jm, pm = statistics.median(s), statistics.median(j) if j else float("nan"), statistics.median(p)
        authz = engine(python, size, "mean_authz_us") * 1e-6
        print(f"| {size} | {sm * 1e9:,.0f} | {1 / sm:,.0f} | {jm * 1e9:,.0f} | {pm * 1e9:,.0f} | {1 / pm:,.0f} | "
              f"{authz * 1e9:,.0f} | {pm / sm:,.1f}x | {authz / sm:,.1f}x |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
