#!/usr/bin/env bash
# Each feed's next due time against a real HTTP server on 127.0.0.1, with
# the clock pinned (BULLPEN_NOW and the server's /__clock): Cache-Control
# max-age, Expires, Retry-After in seconds and as a date, 429 and 503
# back-off, RSS ttl, skipHours, skipDays, sy:updatePeriod/updateFrequency,
# and the adaptive interval of a feed that changes and one that does not;
# the hints of a body kept in a file, and where they are not read.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
command -v curl >/dev/null || { echo "curl missing"; exit 77; }
start_server
T0=1700000000 # Tue 14 Nov 2023 22:13:20 UTC
curl -s "$SRV/__clock?t=$T0" >/dev/null
cat >"$T/cfg" <<CFG
fetch.min_interval = 60
fetch.max_interval = 21600
fetch.per_host = 0
fetch.host_gap_ms = 0
fetch.timeout = 5
CFG
b() { BULLPEN_NOW=${NOW:-$T0} "$BULLPEN" --config "$T/cfg" --db "$DB" "$@"; }

declare -a PATHS=(
    "/paced/ma?cc=public%2C%20max-age%3D1800"        # 1
    "/paced/ex?expires=3600"                          # 2
    "/paced/rs?status=429&retry=7200"                 # 3
    "/paced/rd?status=503&retrydate=5400"             # 4
    "/paced/tb?status=429"                            # 5
    "/paced/su?status=503"                            # 6
    "/paced/ttl?ttl=45"                               # 7
    "/paced/sh?skiphours=22,23"                       # 8
    "/paced/sd?skipdays=Tuesday,Wednesday"            # 9
    "/paced/sy?syperiod=hourly&syfreq=2"              # 10
    "/paced/idle"                                     # 11
    "/paced/busy?period=30"                           # 12
    "/paced/nc?cc=no-cache&expires=3600"              # 13
)
for p in "${PATHS[@]}"; do
    expect_rc 0 b feeds add --no-check "$SRV$p"
done
# The 429 and 503 feeds fail: a pass with failed feeds exits 3.
expect_rc 3 b fetch
contains "$OUT" "13 feeds fetched" "every new feed is due"

# due ID SECONDS WHY: feed ID is next due SECONDS after T0, for WHY.
due() {
    expect_rc 0 b feeds list --json
    json "(lambda f: __import__('calendar').timegm(__import__('time').strptime(f['next_due'], '%Y-%m-%dT%H:%M:%SZ')) - $T0 == $2 and f['next_due_why'] == '$3')([f for f in j if f['id'] == $1][0]) or print([f for f in j if f['id'] == $1][0], file=__import__('sys').stderr)"
}
due 1 1800 max-age
due 2 3600 expires
due 3 7200 retry-after
due 4 5400 retry-after
due 5 120 backoff
due 6 120 backoff
due 7 2700 ttl
due 8 6400 "adaptive +skip"        # Wednesday 00:00 UTC
due 9 92800 "adaptive +skip"       # Thursday 00:00 UTC
due 10 1800 sy:updatePeriod
due 11 60 adaptive
due 12 60 adaptive
due 13 60 adaptive                 # no-cache: Expires says nothing

# The text list says when and why.
expect_rc 0 b feeds list
contains "$OUT" "next: 2023-11-14 22:43 (in 30m, max-age)" "feeds list shows the next due time"

# Two minutes later only the feeds then due are fetched; the 429 feed backs
# off twice as long; the idle feed's interval grows, the busy one's stays.
NOW=$((T0 + 120))
curl -s "$SRV/__clock?t=$NOW" >/dev/null
curl -s "$SRV/__reset" >/dev/null
expect_rc 3 b fetch
contains "$OUT" "5 feeds fetched" "only the due feeds"
OUT=$(server_log)
json 'sorted(r["path"].split("?")[0] for r in j) == ["/paced/busy", "/paced/idle", "/paced/nc", "/paced/su", "/paced/tb"]'
json 'all(r["inm"] for r in j if r["path"].startswith(("/paced/idle", "/paced/busy")))'
T0=$NOW
due 5 240 backoff
due 11 90 adaptive
due 12 60 adaptive
expect_rc 0 b feeds list --json
json '[f for f in j if f["id"] == 5][0]["failures"] == 2 and [f for f in j if f["id"] == 11][0]["interval"] == 90'

# --all fetches every feed, due or not.
expect_rc 3 b fetch --all
contains "$OUT" "13 feeds fetched" "--all"

# A body large enough to be handed over in its temporary file still gives
# its hints, read from the file's start.
rm -f "$DB"*
expect_rc 0 b feeds add --no-check "$SRV/paced/big?ttl=45&pad=300000"
expect_rc 0 b fetch
contains "$OUT" ": 301 new" "every item of the large feed stored"
due 1 2700 ttl
# Only the file's first 64 KiB are read for them: a channel that gives its
# hints after 300 KB of items is paced as if it gave none (a known limit;
# a body in memory is read whole, hints after its items included).
expect_rc 0 b feeds add --no-check "$SRV/paced/late?ttl=45&pad=300000&late=1"
expect_rc 0 b feeds add --no-check "$SRV/paced/small?ttl=45&late=1"
expect_rc 0 b fetch
contains "$OUT" ": 301 new" "every item of the late-hint feed stored"
due 2 60 adaptive
due 3 2700 ttl

# A host that cannot be reached (here a port nobody listens on: the
# connection is refused, as when this machine's network is down) backs off
# to fetch.interval and no further, so feeds come back within it once the
# network does; a server that answers 500 backs off to the ceiling.
rm -f "$DB"*
printf 'fetch.interval = 600\n' >>"$T/cfg"
DEAD=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
expect_rc 0 b feeds add --no-check "http://127.0.0.1:$DEAD/feed.xml"
expect_rc 0 b feeds add --no-check "$SRV/paced/e5?status=500"
T0=1700000000
for want in "120 backoff" "240 backoff" "480 backoff" "600 unreachable"; do
    NOW=$T0
    curl -s "$SRV/__clock?t=$NOW" >/dev/null
    expect_rc 3 b fetch --all
    set -- $want
    due 1 "$1" "$2"
    last=$T0
    T0=$((T0 + $1))
done
T0=$last
due 2 960 backoff # the fourth failure in a row: 60 x 2^4, past fetch.interval
expect_rc 0 b feeds list --json
json '[f for f in j if f["id"] == 1][0]["failures"] == 4'
finish
