#!/usr/bin/env bash
# Ten minutes of polling in accelerated time: a busy wire (a new story every
# 30 s), a slow feed (one new story in the ten minutes) and a feed that
# answers every request with 429 Too Many Requests, all on the local test
# server. bullpen's clock (BULLPEN_NOW) and the server's (/__clock) step
# through the ten minutes together, `bullpen fetch` runs at every step and
# takes only what is due, and the server's log says who was asked when.
# Prints requests per feed and how long each wire story waited to be
# stored. Not part of the test suite.
#
#   bench/poll_demo.sh [BULLPEN] [STEP_SECONDS]    (defaults: build/bullpen, 5)
set -euo pipefail
cd "$(dirname "$0")/.."
BP=${1:-build/bullpen}
STEP=${2:-5}
SPAN=600
T0=1700000100 # the slow feed's period boundary falls at T0 + 300
[ -x "$BP" ] || { echo "poll_demo: build bullpen first ($BP)" >&2; exit 1; }
W=$(mktemp -d)
mkfifo "$W/in"
python3 tests/httpserver.py --port-file "$W/port" --watch-stdin <"$W/in" >/dev/null 2>&1 &
SRV_PID=$!
exec 9>"$W/in"
trap 'exec 9>&-; kill $SRV_PID 2>/dev/null; rm -rf "$W"' EXIT
for _ in $(seq 100); do [ -s "$W/port" ] && break; sleep 0.05; done
SRV="http://127.0.0.1:$(cat "$W/port")"
export HOME=$W XDG_CONFIG_HOME=$W/config XDG_DATA_HOME=$W/data
mkdir -p "$W/config/bullpen"
# The product's defaults, written out: a one-minute floor, a six-hour
# ceiling, two transfers and 100 ms between requests per host.
printf 'fetch.min_interval = 60\nfetch.max_interval = 21600\nfetch.per_host = 2\nfetch.host_gap_ms = 100\n' \
    >"$W/config/bullpen/config"
bp() { "$BP" --db "$W/demo.db" "$@"; }
bp feeds add --no-check --name busy "$SRV/paced/busy?period=30" >/dev/null
bp feeds add --no-check --name slow "$SRV/paced/slow?period=600" >/dev/null
bp feeds add --no-check --name throttled "$SRV/paced/throttled?status=429" >/dev/null
curl -s "$SRV/__reset" >/dev/null
for ((t = T0; t <= T0 + SPAN; t += STEP)); do
    curl -s "$SRV/__clock?t=$t" >/dev/null
    BULLPEN_NOW=$t bp fetch --quiet 2>/dev/null || true
done
curl -s "$SRV/__log" >"$W/log.json"
BULLPEN_NOW=$((T0 + SPAN)) bp feeds list --json >"$W/feeds.json"
python3 - "$W/log.json" "$W/feeds.json" "$W/demo.db" "$T0" "$SPAN" "$STEP" <<'PY'
import json, sqlite3, sys
log, feeds = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
db, t0, span, step = sqlite3.connect(sys.argv[3]), *map(int, sys.argv[4:])
print("Ten minutes of polling, simulated in %d-second steps (fetch.min_interval 60 s,"
      " fetch.max_interval 6 h)\n" % step)
print("%-10s %-34s %8s  %s" % ("feed", "behaviour", "requests", "request times (s after start)"))
what = {"busy": "new story every 30 s", "slow": "one new story, at 300 s",
        "throttled": "429 to every request, no Retry-After"}
for name in ("busy", "slow", "throttled"):
    times = [round(e["now"] - t0) for e in log if e["path"].startswith("/paced/%s?" % name)]
    print("%-10s %-34s %8d  %s" % (name, what[name], len(times), " ".join(map(str, times))))
print("\nstate at the end (feeds list --json):")
for f in feeds:
    print("  %-10s interval %5d s  next due in %5d s (%s)  failures %d  articles %d" % (
        f["name"], f["interval"],
        __import__("calendar").timegm(__import__("time").strptime(f["next_due"], "%Y-%m-%dT%H:%M:%SZ")) - t0 - span,
        f["next_due_why"], f["failures"], f["articles"]))
# How long each busy story waited between publication and storage.
fetched = sorted(round(e["now"] - t0) for e in log if e["path"].startswith("/paced/busy?"))
waits = []
for v in range(t0 // 30 + 1, (t0 + span) // 30 + 1):
    born = v * 30 - t0
    later = [x for x in fetched if x >= born]
    if later and born >= 0:
        waits.append(later[0] - born)
if waits:
    print("\nbusy wire: %d stories published after the start; each stored %d-%d s after"
          " publication (mean %.0f s)" % (len(waits), min(waits), max(waits), sum(waits) / len(waits)))
total = len(log)
print("all feeds: %d requests in ten minutes (a fixed one-minute poll: %d)" % (total, 3 * (span // 60 + 1)))
PY
