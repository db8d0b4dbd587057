#!/usr/bin/env bash
# Installs what is missing, builds bullpen, and opens the workstation. With no
# store of your own yet it opens on the bundled demo store.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh run
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBULLPEN_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
exec ./build/bullpen "$@"
