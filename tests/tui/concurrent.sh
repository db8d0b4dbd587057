#!/usr/bin/env bash
# Concurrency: `bullpen fetch --every 1` keeps writing growing feeds from
# 127.0.0.1 into the store while the workstation, on the same store (with its
# own background fetcher), scrolls and searches. For CONCURRENT_SECONDS
# (default 20; bench/run.sh uses 60): no "database is locked" (or busy) may
# reach the user on stderr or on screen, and afterwards the store must hold
# every article the feeds served, once.
. "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
command -v tmux >/dev/null || { echo "tmux missing" >&2; exit 77; }
if ! ls "$BULLPEN_SRC"/tui/*.c >/dev/null 2>&1; then
    echo "the workstation (tui/) is not in this build" >&2
    exit 77
fi
SECS=${CONCURRENT_SECONDS:-20}
KEYS=30

start_server
# Every feed on 127.0.0.1, each changing at every request: no politeness
# limits, and a floor of a second so `fetch --every 1` takes them each pass.
mkdir -p "$XDG_CONFIG_HOME/bullpen"
printf 'fetch.per_host = 0\nfetch.host_gap_ms = 0\nfetch.min_interval = 1\n' \
    >"$XDG_CONFIG_HOME/bullpen/config"
for k in $(seq 1 $KEYS); do
    bp feeds add --no-check "$SRV/changing/k$k?every=1" >/dev/null || fail "feeds add k$k"
done
bp fetch --quiet || fail "first fetch"

SOCK="$T/tmux.sock"
tm() { tmux -S "$SOCK" "$@"; }
trap 'tm kill-server 2>/dev/null; kill $FETCH_PID 2>/dev/null; exec 9>&-; rm -rf "$T"' EXIT
tm -f /dev/null new-session -d -s c -x 140 -y 40 \
    "env HOME='$HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' XDG_DATA_HOME='$XDG_DATA_HOME' TERM=xterm-256color '$BULLPEN' --db '$DB' 2>'$T/tui.err'; echo \"[exited \$?]\"; sleep 600"
SECONDS_AT_START=$SECONDS
# Up to 30 s: on a loaded machine (the suite runs tests two at a time, one
# of them maybe another workstation) the first frame has taken over 10.
until tm capture-pane -p -t c | grep -q 'version' || [ $SECONDS -ge $((SECONDS_AT_START + 30)) ]; do
    sleep 0.05
done
tm capture-pane -p -t c | grep -q 'version' ||
    fail "the workstation did not show the list in 30 s; it showed: $(tm capture-pane -p -t c)"

"$BULLPEN" --db "$DB" fetch --every 1 >"$T/fetch.out" 2>"$T/fetch.err" &
FETCH_PID=$!

end=$(($(date +%s) + SECS))
screens=0
while [ "$(date +%s)" -lt "$end" ]; do
    for key in j j j NPage k PPage g; do
        tm send-keys -t c "$key"
        sleep 0.05
    done
    tm send-keys -t c / && tm send-keys -t c -l "version" && tm send-keys -t c Enter
    sleep 0.2
    tm send-keys -t c Escape
    screen=$(tm capture-pane -p -t c)
    screens=$((screens + 1))
    if printf '%s' "$screen" | grep -qiE 'locked|busy'; then
        fail "the screen shows a lock error: $(printf '%s' "$screen" | grep -iE 'locked|busy' | head -1)"
        break
    fi
done
kill -INT "$FETCH_PID"
wait "$FETCH_PID"
rc=$?
[ "$rc" -eq 0 ] || fail "fetch --every exited $rc"
tm send-keys -t c q
for i in $(seq 1 200); do
    tm capture-pane -p -t c | grep -q '\[exited ' && break
    sleep 0.05
done
exited=$(tm capture-pane -p -t c | grep -o '\[exited [0-9]*\]')
[ "$exited" = "[exited 0]" ] ||
    fail "the workstation did not quit cleanly on q: '${exited:-still running}': $(tail -c 600 "$T/tui.err")"
grep -iE 'locked|busy' "$T/fetch.err" "$T/tui.err" && fail "a lock error reached stderr"
passes=$(grep -c 'feeds fetched' "$T/fetch.out")
echo "$screens screens checked, $passes fetch passes" >&2
[ "$passes" -ge $((SECS / 4)) ] || fail "only $passes fetch passes in $SECS s"

# One last fetch, alone: every feed is cumulative, so the store must now hold
# exactly the items of each feed's last version, none twice.
bp fetch --all --quiet || fail "last fetch"
python3 - "$DB" "$SRV" "$KEYS" <<'PY' || fail "store does not match what was served"
import json, sqlite3, sys, urllib.request
db, srv, keys = sys.argv[1], sys.argv[2], int(sys.argv[3])
log = json.load(urllib.request.urlopen(srv + "/__log"))
c = sqlite3.connect(db)
total = 0
for k in range(1, keys + 1):
    served = sum(1 for e in log if e["path"].startswith("/changing/k%d?" % k))
    url = "%s/changing/k%d?every=1" % (srv, k)
    have = c.execute("SELECT count(*), count(DISTINCT a.guid) FROM articles a JOIN feeds f"
                     " ON f.id = a.feed_id WHERE f.url = ?", (url,)).fetchone()
    if have[0] != have[1]:
        sys.exit("k%d: duplicated guids" % k)
    if have[0] != served:
        sys.exit("k%d: %d stored, the last version served holds %d" % (k, have[0], served))
    total += served
print("%d articles, all stored" % total, file=sys.stderr)
PY
finish
