#!/usr/bin/env bash
# bullpen fetch against a real HTTP server on 127.0.0.1: success, conditional
# refetch, errors that stay per feed, and a feed that changes.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
command -v curl >/dev/null || { echo "curl missing"; exit 77; }
start_server --root "$BULLPEN_FIXTURES/feeds"

cat >"$T/cfg" <<CFG
fetch.timeout = 3
fetch.max_body_mb = 1
CFG
b() { "$BULLPEN" --config "$T/cfg" --db "$DB" "$@"; }

for path in rss2.xml atom10.xml jsonfeed11.json gzip/rdf.xml status/404 status/500 \
    slow?s=10 redirect-loop big?mb=5 changing/k1 garbage; do
    expect_rc 0 b feeds add --no-check "$SRV/$path"
done

# A pass with failed feeds is not a success: status 3, each failure named.
expect_rc 3 b fetch
contains "$OUT" "11 feeds fetched, 14 new articles, 6 errors" "first fetch summary"
contains "$ERR" "status/404: HTTP 404" "404 named with its feed"
contains "$ERR" "status/500: HTTP 500" "500 named"
contains "$ERR" "slow?s=10: timed out" "timeout"
contains "$ERR" "redirect-loop: too many redirects" "redirect loop"
contains "$ERR" "big?mb=5: body over 1 MiB" "size cap"
contains "$ERR" "garbage: " "binary garbage is an error"
expect_rc 0 b feeds list --json
json '[f["articles"] for f in j][:4] == [6, 3, 2, 2]'
json '[f["status"] for f in j] == ["ok"] * 4 + ["error"] * 5 + ["ok", "error"]'
json 'j[4]["last_error"] == "HTTP 404 Not Found" and j[4]["failures"] == 1'

# Refetch: nothing new, and the unchanged feeds were asked conditionally.
expect_rc 3 b fetch --all --quiet
[ -z "$OUT" ] || fail "--quiet printed to stdout: $OUT"
contains "$ERR" "HTTP 404" "--quiet still prints errors"
OUT=$(server_log)
json 'all({r["path"]: r for r in j}[p]["inm"] for p in ("/rss2.xml", "/atom10.xml", "/changing/k1"))'
json 'not [r for r in j if r["path"] == "/rss2.xml"][0]["inm"]'
expect_rc 0 b feeds list --json
json '[f["status"] for f in j][:4] == ["unchanged"] * 4'
json '[f["status"] for f in j][9] == "ok" and j[9]["articles"] == 2'
json 'j[4]["failures"] == 2'
# Every article stored: the test feeds' items share links (item/0, ...),
# which the list would show as copies of one story.
expect_rc 0 b articles --json --limit 100 --no-group
json 'len(j) == 15'
json 'len(set((a["feed_id"], a["title"]) for a in j)) == 15'

# The store is intact.
python3 -c 'import os,sys; sys.path.insert(0, os.environ["BULLPEN_SRC"] + "/tests"); from storedb import connect; c=connect(sys.argv[1]); assert c.execute("pragma integrity_check").fetchone()[0]=="ok"' "$DB" ||
    fail "integrity"
# Any SQLite reads it without bullpen's functions: the articles' sentiment
# (a virtual column since schema 15) and the mentions view, provider
# columns included (one packed column, read back in SQL).
python3 - "$DB" <<'PY' || fail "read without bullpen's functions"
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
n, scored = c.execute("SELECT count(*), count(sentiment) FROM articles").fetchone()
assert n == 15 and scored == 15, (n, scored)
assert c.execute("SELECT count(*), count(provider_score) FROM mentions").fetchone()[0] > 0
PY

# Ctrl-C: stops at once, keeps what was stored, says so, exits 1.
DB2="$T/int.db"
"$BULLPEN" --db "$DB2" feeds add --no-check "$SRV/rss2.xml" >/dev/null
# A feed that trickles a byte every half second never finishes in time and
# never trips the low-speed limit, however long the wait below takes.
"$BULLPEN" --db "$DB2" feeds add --no-check "$SRV/drip?every=0.5&bytes=1000" >/dev/null
printf 'fetch.timeout = 600\n' >"$T/int.cfg"
"$BULLPEN" --config "$T/int.cfg" --db "$DB2" fetch >"$T/int.out" 2>"$T/int.err" &
pid=$!
for _ in $(seq 200); do
    n=$("$BULLPEN" --db "$DB2" articles --json 2>/dev/null | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' 2>/dev/null)
    [ "${n:-0}" -gt 0 ] && break
    sleep 0.05
done
kill -INT $pid
rc=0
wait $pid || rc=$?
[ "$rc" -eq 1 ] || fail "interrupted fetch exited $rc, wanted 1"
contains "$(cat "$T/int.err")" "interrupted; everything stored so far is kept" "interrupt message"
OUT=$("$BULLPEN" --db "$DB2" articles --json)
json 'len(j) == 6'

# Usage errors.
expect_rc 2 b fetch --jobs 0
expect_rc 2 b fetch --every soon
expect_rc 2 b fetch extra
finish
