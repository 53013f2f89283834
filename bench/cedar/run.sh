#!/usr/bin/env bash
# Cedar benchmark: the Swift engine and cedarpy (the Rust engine) on the same data in the same
# run. Builds the Swift bench in release mode, then alternates rounds of the two so that machine
# noise spreads over both, and prints a table of medians (see README.md).
#
# Environment: ROUNDS (default 5), CEDAR_BENCH_DATA (default: shared/peers/oracles/cedar/data
# found by walking up from here), GATEHOUSE_PYTHON (default: <repo>/.venv/bin/python3),
# CEDAR_BENCH_OUT (where the per-round figures go; default: a temporary directory).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
rounds="${ROUNDS:-5}"

data="${CEDAR_BENCH_DATA:-}"
if [ -z "$data" ]; then
  dir="$here"
  while [ "$dir" != "/" ]; do
    if [ -d "$dir/shared/peers/oracles/cedar/data" ]; then data="$dir/shared/peers/oracles/cedar/data"; break; fi
    dir="$(dirname "$dir")"
  done
fi
[ -n "$data" ] && [ -d "$data" ] || { echo "benchmark data not found; set CEDAR_BENCH_DATA" >&2; exit 1; }

python="${GATEHOUSE_PYTHON:-$repo/.venv/bin/python3}"
[ -x "$python" ] || { echo "no Python with cedarpy at $python: run scripts/bootstrap-venv at the repository root" >&2; exit 1; }

out="${CEDAR_BENCH_OUT:-$(mktemp -d)}"
mkdir -p "$out"

echo "building the Swift bench (release)..."
(cd "$here" && swift build -c release --product CedarBench >/dev/null)
bin="$(cd "$here" && swift build -c release --show-bin-path)/CedarBench"

echo "data: $data"
echo "host: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%M:%SZ)"
check=""
for round in $(seq 1 "$rounds"); do
  echo "== round $round/$rounds"
  "$bin" --data "$data" --runs 1 --out "$out/swift_$round.json" $check
  "$python" "$here/cedarpy_bench.py" --data "$data" --runs 1 --out "$out/cedarpy_$round.json" $check
  check="--no-check"   # answers are checked in the first round only
done
echo "host load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
python3 "$here/summarize.py" "$out"
echo
echo "per-round figures: $out"
