#!/usr/bin/env bash
# Enforcement micro-benchmark (no I/O): builds the EnforcementBench target in release mode (it is
# part of the package only when GATEHOUSE_BENCHMARKS is set) and runs it. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
export GATEHOUSE_BENCHMARKS=1
swift build -c release --product EnforcementBench --scratch-path .build-release
exec .build-release/release/EnforcementBench "$@"
