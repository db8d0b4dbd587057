#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz_*.c) in build-fuzz and runs them.
#
#   fuzz/run.sh smoke            every target for a few seconds (about 25 s in
#                                all on 2 cores), from the seeds only; for the test suite.
#   fuzz/run.sh long [SECONDS]   every target for SECONDS (default 600) in
#                                turn, keeping what it learns in
#                                fuzz/corpus-TARGET/ (not committed) so the
#                                next long run continues from there.
#   fuzz/run.sh one TARGET [SECONDS] [libFuzzer flags...]
#                                one target, with the long-run corpus.
#
# Seeds come from tests/fixtures (feeds, OPML, texts) and fuzz/seeds/TARGET/.
# A crash leaves its input in build-fuzz/artifacts/ and makes the run fail;
# replay it with build-fuzz/fuzz/TARGET FILE.
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD
mode=${1:-smoke}
jobs=$(nproc 2>/dev/null || echo 2)

if ! command -v clang >/dev/null; then
    echo "fuzz: clang is not installed; skipping" >&2
    exit 77
fi

echo "== build-fuzz: configure and build" >&2
CC=clang cmake -S . -B build-fuzz -DBULLPEN_FUZZ=ON -DBULLPEN_TESTS=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
targets=$(cd fuzz && ls fuzz_*.c | sed 's/\.c$//')
# shellcheck disable=SC2086
cmake --build build-fuzz -j"$jobs" --target $targets >/dev/null

# seeds TARGET: the directories of seed inputs for TARGET.
seeds() {
    local d=()
    case $1 in
    fuzz_feed | fuzz_feed_diff) d+=("$src/tests/fixtures/feeds") ;;
    fuzz_opml) d+=("$src/tests/fixtures/opml") ;;
    fuzz_html) d+=("$src/tests/fixtures/feeds") ;;
    fuzz_schedule) d+=("$src/tests/fixtures/feeds") ;;
    esac
    [ -d "$src/fuzz/seeds/${1#fuzz_}" ] && d+=("$src/fuzz/seeds/${1#fuzz_}")
    echo "${d[@]}"
}

extra_seeds() { # TARGET DIR: files that are not in a folder of their own
    case $1 in
    fuzz_opml) cp "$src/data/default_feeds.opml" "$2/" ;;
    esac
}

mkdir -p build-fuzz/artifacts
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# run TARGET SECONDS CORPUS [flags...]
run() {
    local t=$1 secs=$2 corpus=$3
    shift 3
    local dict=()
    case $t in fuzz_feed | fuzz_feed_diff | fuzz_opml | fuzz_schedule) dict=(-dict="$src/fuzz/xml.dict") ;; esac
    mkdir -p "$corpus"
    extra_seeds "$t" "$corpus"
    echo "== $t (${secs}s)" >&2
    # shellcheck disable=SC2046
    "build-fuzz/fuzz/$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=0 "${dict[@]}" \
        -artifact_prefix="build-fuzz/artifacts/$t-" "$@" "$corpus" $(seeds "$t") \
        >"build-fuzz/$t.log" 2>&1 || {
        echo "fuzz: $t FAILED; see build-fuzz/$t.log and build-fuzz/artifacts/" >&2
        tail -40 "build-fuzz/$t.log" >&2
        return 1
    }
    grep -E '^#[0-9]+[[:space:]]+DONE' "build-fuzz/$t.log" | tail -1 | sed "s/^/   /" >&2 || true
}

status=0
case $mode in
smoke)
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    # As many targets at once as there are cores, each for its 5 s.
    pids=()
    for t in $targets; do
        run "$t" 5 "$tmp/$t" &
        pids+=($!)
        if [ ${#pids[@]} -ge "$jobs" ]; then
            wait "${pids[0]}" || status=1
            pids=("${pids[@]:1}")
        fi
    done
    for p in "${pids[@]}"; do
        wait "$p" || status=1
    done
    ;;
long)
    secs=${2:-600}
    for t in $targets; do
        run "$t" "$secs" "$src/fuzz/corpus-${t#fuzz_}" -jobs="$jobs" -workers="$jobs" || status=1
    done
    ;;
one)
    t=${2:?usage: fuzz/run.sh one TARGET [SECONDS] [flags...]}
    secs=${3:-600}
    shift 3 || shift $#
    run "$t" "$secs" "$src/fuzz/corpus-${t#fuzz_}" "$@" || status=1
    ;;
*)
    echo "usage: fuzz/run.sh smoke | long [SECONDS] | one TARGET [SECONDS] [flags...]" >&2
    exit 2
    ;;
esac
exit $status
