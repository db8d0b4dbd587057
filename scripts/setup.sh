#!/usr/bin/env bash
# Installs what bullpen needs on Debian/Ubuntu, once: nothing is done when
# every package is present. Usage: scripts/setup.sh [run|test|bench]
#   run   what building and running needs (the default)
#   test  that plus the test tools (cmocka, tmux, man-db, clang for fuzzing,
#         the PostgreSQL server tests/pg.sh starts)
#   bench what building needs plus what bench/run.sh compares with and
#         drives (newsboat, tmux)
set -euo pipefail

RUN_PKGS=(gcc make cmake pkg-config libncurses-dev libsqlite3-dev libcurl4-openssl-dev
          libcjson-dev libxml2-dev zlib1g-dev libzstd-dev libpq-dev python3)
TEST_PKGS=(libcmocka-dev tmux man-db clang libclang-rt-14-dev postgresql)
BENCH_PKGS=(newsboat tmux)

want=("${RUN_PKGS[@]}")
case "${1:-run}" in
test) want+=("${TEST_PKGS[@]}") ;;
bench) want+=("${BENCH_PKGS[@]}") ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "bullpen: setup: not a Debian system; install the equivalents of: ${want[*]}" >&2
    exit 0
fi

missing=()
for p in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    echo "bullpen: setup: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1 ||
        { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    echo "bullpen: setup: installing ${missing[*]} (sudo)" >&2
    sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1 ||
        { sudo -n apt-get update -q >/dev/null && sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }
else
    echo "bullpen: setup: missing packages: ${missing[*]}" >&2
    echo "bullpen: setup: install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
fi
