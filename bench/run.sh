#!/usr/bin/env bash
# bullpen's benchmarks: ingest against newsboat, refetch, a large store
# (queries, the workstation's first frame, memory and key latency) and
# analysis throughput, and the same on a throwaway PostgreSQL server. Not
# part of the test suite.
#
#   bench/run.sh [--quick] [--only ingest,open,store,tui,analysis,pg] [--jobs N]
#                [--store-size N] [--pg-store-size N] [--reps N] [--ingest-reps N]
#                [--feeds FEEDSxITEMS:RUNS,...] [--work DIR] [--store PATH]
#                [--pg-data DIR]
#
# Builds a Release tree in build-bench, prints a side-by-side table against
# newsboat and the large store's figures, and writes
# bench/results/<timestamp>.json (not committed) so runs can be compared.
# Full run: 20x100 (5 runs) and 200x500 (3 runs) feeds, both programs opened
# on the 100,000 articles, a 10,000,000-article store (says the time and disk
# it needs first, and refuses when the disk is short), 20 repeats: over 10 GB,
# and the store alone takes 5 to 85 minutes (33,000 to 2,000 articles/s,
# idle to busy machine). --quick: the same feed sets on fewer runs, 20x100
# (3 runs), 200x500 (1 run, without the refetch: newsboat's first refetch
# reloads all 100,000 articles), each program opened on them 5 times or for
# 30 s, a 100,000-article store, 5 repeats. Its parts on 2 idle cores, as
# estimated from their CPU seconds: feeds generated 6 s, 20x100 15 s, 200x500
# 45 s (newsboat 25, bullpen 12), opening 50 s, store and queries 15 s,
# workstation keys 40 s, analysis 3 s: about three minutes (and the Release
# build the first time); the table ends
# with the time each part took. pg (bench/bench_pg.py)
# starts its own PostgreSQL server on a socket and runs the ingest sets
# (--quick: the first) into PostgreSQL and SQLite in turn, then a
# 1,000,000-article PostgreSQL store (--quick: 20,000, to keep the run near five minutes) written by bigstore
# and, to compare, by bigstore into SQLite and `store copy`, and the same
# queries and first frame as the SQLite store; it needs PostgreSQL's server
# (scripts/setup.sh test installs it) and says so when it is missing.
# --pg-data DIR keeps that server's directory in DIR and the large store in
# it, written once and measured again by later runs of the same size.
# Needs python3, tmux and newsboat (installed here when missing and root).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v newsboat >/dev/null; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
        echo "bench: installing newsboat (apt-get install -y newsboat)" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q newsboat >/dev/null 2>&1 ||
            { apt-get update -q >/dev/null &&
                DEBIAN_FRONTEND=noninteractive apt-get install -y -q newsboat >/dev/null; }
    else
        echo "bench: newsboat is not installed; install the package 'newsboat'" \
            "(sudo apt-get install newsboat, or scripts/setup.sh bench as root)" >&2
        exit 1
    fi
fi
for tool in python3 tmux; do
    command -v "$tool" >/dev/null || echo "bench: $tool is not installed; its parts will fail" >&2
done
echo "== build-bench: configure and build (Release)" >&2
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DBULLPEN_TESTS=OFF >/dev/null
cmake --build build-bench -j"$(nproc)" --target bullpen bigstore analyze_bench >/dev/null
exec python3 bench/bench.py --build build-bench "$@"
