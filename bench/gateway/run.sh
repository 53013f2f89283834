#!/usr/bin/env bash
# Gateway benchmark: builds Gatehouse in release mode and runs bench.py (see README.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || { echo "bench needs wrk (apt-get install wrk)" >&2; exit 1; }
scripts/bootstrap-venv
swift build -c release --product gatehouse --scratch-path .build-release
exec .venv/bin/python3 bench/gateway/bench.py --gatehouse .build-release/release/gatehouse "$@"
