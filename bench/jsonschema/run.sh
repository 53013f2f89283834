#!/usr/bin/env bash
# Builds the Swift benchmark (release) and runs it and Python jsonschema's own benchmark
# (shared/peers/oracles/jsonschema/bench_jsonschema.py) on the same data in the same run,
# alternating PASSES times so that machine noise hits both alike, checks both sets of answers
# against the oracle's expected results, then prints medians per benchmark and the ratio.
#
# Usage: bench/jsonschema/run.sh            (PASSES=3 RUNS=2 by default)
#        PASSES=5 RUNS=1 bench/jsonschema/run.sh
# Env:   GATEHOUSE_PYTHON (python with jsonschema 4.26.0; default: <repo>/.venv, made by
#        scripts/bootstrap-venv), GATEHOUSE_SHARED_DIR (the shared folder).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
passes=${PASSES:-3}
runs=${RUNS:-2}

shared=${GATEHOUSE_SHARED_DIR:-}
if [ -z "$shared" ]; then
  d=$root
  while [ "$d" != "/" ]; do
    if [ -d "$d/shared/conformance" ]; then shared="$d/shared"; break; fi
    d=$(dirname "$d")
  done
fi
[ -n "$shared" ] || { echo "run.sh: no shared/ folder above $root; set GATEHOUSE_SHARED_DIR" >&2; exit 2; }
oracles="$shared/peers/oracles"
data="$oracles/jsonschema/data"

py=${GATEHOUSE_PYTHON:-}
if [ -z "$py" ]; then
  [ -x "$root/.venv/bin/python3" ] || "$root/scripts/bootstrap-venv"
  py="$root/.venv/bin/python3"
fi
"$py" -c 'import jsonschema' || { echo "run.sh: $py has no jsonschema" >&2; exit 2; }

# Package.swift uses this link when the repository folder is itself named `jsonschema`.
mkdir -p "$here/.root" && ln -sfn ../../.. "$here/.root/gatehouse"
swift build -c release --package-path "$here" 2>&1 | tail -1
bin="$here/.build/release/JSONSchemaBench"

out="$here/results/tmp/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
echo "results: $out"
for pass in $(seq 1 "$passes"); do
  echo "== pass $pass/$passes: Swift"
  answers=()
  [ "$pass" = 1 ] && answers=(--answers "$out")
  "$bin" --data "$data" --runs "$runs" --out "$out/swift_$pass.json" "${answers[@]}" | grep -E '^(check|round)'
  echo "== pass $pass/$passes: Python"
  "$py" "$oracles/jsonschema/bench_jsonschema.py" --runs "$runs" --out "$out/python_$pass.json" | grep -E '^(check|round)'
done

echo "== answers against the oracle"
for s in mcp_tool large; do
  "$py" "$oracles/compare_answers.py" "$data/expected_$s.json" "$out/answers_$s.json"
done
echo
"$py" "$here/summarize.py" "$out"
