#!/usr/bin/env bash
# bullpen's benchmarks: ingest against newsboat, refetch, a large store
# (queries, the workstation's first frame, memory and key latency) and
# analysis throughput. Not part of the test suite.
#
#   bench/run.sh [--quick] [--only ingest,store,tui,analysis] [--jobs N]
#                [--store-size N] [--reps N]
#
# Builds a Release tree in build-bench, prints a table and writes
# bench/results/<timestamp>.json (not committed) so runs can be compared.
# Full run: 20x100 and 200x500 feeds, a 1,000,000-article store, 20 repeats
# (about 10 minutes); --quick: 20x100, 100,000 articles, 5 repeats.
# Needs python3, tmux and newsboat (the ingest comparison).
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in python3 tmux newsboat; do
    command -v "$tool" >/dev/null || echo "bench: $tool is not installed; its parts will fail" >&2
done
echo "== build-bench: configure and build (Release)" >&2
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DBULLPEN_TESTS=OFF >/dev/null
cmake --build build-bench -j"$(nproc)" --target bullpen bigstore analyze_bench >/dev/null
exec python3 bench/bench.py --build build-bench "$@"
