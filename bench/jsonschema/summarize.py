#!/usr/bin/env python3
"""Pools the samples of every Swift and Python figures file in a run.sh results folder and
prints, per benchmark, the median time per operation of each implementation, the throughput
and the ratio (Python time / Swift time). Writes summary.json next to the inputs.

Usage: summarize.py RESULTS_DIR
"""
import glob, json, os, statistics, sys

def pool(pattern):
    out = {}
    meta = None
    for path in sorted(glob.glob(pattern)):
        res = json.load(open(path))
        meta = meta or res
        for b in res["benchmarks"]:
            e = out.setdefault(b["name"], {"ops": b["ops"], "per_op": []})
            e["per_op"] += [w / b["ops"] for w in b["wall_s"]]
    return out, meta

def main():
    d = sys.argv[1]
    swift, smeta = pool(os.path.join(d, "swift_*.json"))
    python, pmeta = pool(os.path.join(d, "python_*.json"))
    rows = [("benchmark", "python µs/op", "python ops/s", "swift µs/op", "swift ops/s", "ratio", "samples")]
    summary = []
    for name in python:
        if name not in swift:
            continue
        p = statistics.median(python[name]["per_op"]) * 1e6
        s = statistics.median(swift[name]["per_op"]) * 1e6
        n = f'{len(python[name]["per_op"])}/{len(swift[name]["per_op"])}'
        rows.append((name, f"{p:.2f}", f"{1e6 / p:,.0f}", f"{s:.3f}", f"{1e6 / s:,.0f}", f"{p / s:.1f}x", n))
        summary.append({"name": name, "python_us_per_op": round(p, 3), "swift_us_per_op": round(s, 4),
                        "ratio": round(p / s, 2)})
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for j, r in enumerate(rows):
        print("  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(r)))
        if j == 0:
            print("  ".join("-" * w for w in widths))
    print(f'\nSwift: {smeta["implementation"]}; Python: {pmeta["implementation"]}')
    print("checks:", json.dumps(smeta["checks"], indent=1))
    with open(os.path.join(d, "summary.json"), "w") as f:
        json.dump({"benchmarks": summary, "swift_checks": smeta["checks"], "python_checks": pmeta["checks"]}, f, indent=1)

if __name__ == "__main__":
    main()
