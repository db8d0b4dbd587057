#!/usr/bin/env bash
# Several fetchers on one PostgreSQL store (a throwaway server, tests/pg.sh)
# share the desk's feeds: three `bullpen fetch` started at once request each
# feed once between them, store each article once, record each alert once
# and run its command once. A feed another fetcher holds a lease on is left
# to it until the lease runs out (the fetcher died), then taken up; a loop
# waits for that without passes in between.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
command -v curl >/dev/null || { echo "SKIP: curl missing"; exit 77; }
GEN="$BULLPEN_SRC/tests/tools/gen_feeds.py"

mkdir -p "$T/www"
start_server --root "$T/www"
source "$BULLPEN_SRC/tests/pg.sh" # after start_server: its EXIT trap is kept
pg_start
PGDB=$(pg_newdb desk)
q() { pg_sql "$PGDB" "$1"; }
b() { "$BULLPEN" --db "$PGDB" "$@"; }
# requests PATH-PATTERN: how many times the server was asked for each
# matching path, "path count" a line, sorted.
requests() {
    server_log | python3 -c 'import collections, json, re, sys
c = collections.Counter(r["path"] for r in json.load(sys.stdin) if re.search(sys.argv[1], r["path"]))
print("\n".join("%s %d" % kv for kv in sorted(c.items())))' "$1"
}

python3 "$GEN" "$T/www" --feeds 8 --items 25 --opml "$T/feeds.opml" --srv "$SRV"
expect_rc 0 b feeds import "$T/feeds.opml"
expect_rc 0 b alerts add keyword quarterly --exec sh -c 'echo "$BULLPEN_ARTICLE_ID" >>"$0"' "$T/ran"
curl -s "$SRV/__reset" >/dev/null

for k in 1 2 3; do
    b fetch --jobs 2 >"$T/out.$k" 2>"$T/err.$k" &
    eval "pid$k=$!"
done
for k in 1 2 3; do
    eval "wait \$pid$k" || fail "fetch $k failed: $(cat "$T/err.$k")"
done

# Each feed requested once between the three.
got=$(requests '\.xml$')
[ "$(wc -l <<<"$got")" -eq 8 ] || fail "8 feeds requested, got: $got"
grep -qv ' 1$' <<<"$got" && fail "a feed requested more than once: $(grep -v ' 1$' <<<"$got")"
echo "alert lines per fetch: $(for k in 1 2 3; do grep -c '^alert #' "$T/out.$k"; done | tr '\n' ' ')" >&2
# Each article stored once, each alert recorded and printed once.
[ "$(q 'SELECT count(*) FROM articles')" -eq 200 ] || fail "200 articles: $(q 'SELECT count(*) FROM articles')"
[ "$(q 'SELECT count(DISTINCT (feed_id, guid)) FROM articles')" -eq 200 ] || fail "an article stored twice"
[ "$(q 'SELECT count(*) FROM alert_events')" -eq 200 ] || fail "200 alert events: $(q 'SELECT count(*) FROM alert_events')"
lines=$(cat "$T"/out.? | grep '^alert #' || true)
[ "$(wc -l <<<"$lines")" -eq 200 ] || fail "200 alert lines between the three: $(wc -l <<<"$lines")"
[ -z "$(sort <<<"$lines" | uniq -d)" ] || fail "an alert printed twice: $(sort <<<"$lines" | uniq -d | head -3)"
# The command ran once per event (it may still be finishing when fetch exits).
for _ in $(seq 1 200); do
    [ "$(grep -c '' "$T/ran" 2>/dev/null)" -ge 200 ] && break
    sleep 0.05
done
[ "$(grep -c '' "$T/ran")" -eq 200 ] || fail "the command ran $(grep -c '' "$T/ran") times, not 200"
[ -z "$(sort "$T/ran" | uniq -d)" ] || fail "the command ran twice for articles $(sort "$T/ran" | uniq -d | head -3 | tr '\n' ' ')"
[ "$(q 'SELECT count(*) FROM alert_events WHERE delivery <> '"'delivered'"'')" -eq 0 ] ||
    fail "alerts left undelivered: $(q "SELECT id, delivery FROM alert_events WHERE delivery <> 'delivered' LIMIT 3")"
sort -n "$T/ran" >"$T/ran.sorted"
q 'SELECT article_id FROM alert_events ORDER BY 1' >"$T/events"
diff -q "$T/ran.sorted" "$T/events" >/dev/null || fail "the command's articles are not the events' articles"
# The leases are given back.
[ "$(q 'SELECT count(*) FROM feeds WHERE lease_until <> 0 OR lease_by IS NOT NULL')" -eq 0 ] ||
    fail "leases left after the passes: $(q 'SELECT id, lease_until, lease_by FROM feeds WHERE lease_until <> 0')"

# A dead fetcher's lease: its feed waits until the lease ends.
first=$(q 'SELECT min(id) FROM feeds')
furl=$(q "SELECT url FROM feeds WHERE id = $first")
q "UPDATE feeds SET next_fetch = 0" >/dev/null
q "UPDATE feeds SET lease_by = 42, lease_until = extract(epoch FROM now())::bigint + 600 WHERE id = $first" >/dev/null
curl -s "$SRV/__reset" >/dev/null
expect_rc 0 b fetch
got=$(requests '\.xml$')
[ "$(wc -l <<<"$got")" -eq 7 ] || fail "7 feeds fetched beside the leased one, got: $got"
not_contains "$got" "${furl#$SRV}" "the feed leased to another fetcher is left to it"
[ "$(q "SELECT lease_by FROM feeds WHERE id = $first")" = 42 ] || fail "another fetcher's lease was given back"
q "UPDATE feeds SET lease_until = extract(epoch FROM now())::bigint - 1 WHERE id = $first" >/dev/null
curl -s "$SRV/__reset" >/dev/null
expect_rc 0 b fetch
got=$(requests '\.xml$')
[ "$got" = "${furl#$SRV} 1" ] || fail "the expired lease's feed fetched (alone, the rest not due), got: $got"
[ "$(q "SELECT count(*) FROM feeds WHERE lease_by IS NOT NULL")" -eq 0 ] || fail "the taken-over lease was not given back"
[ "$(q 'SELECT count(*) FROM articles')" -eq 200 ] || fail "refetching stored articles again"
# A loop whose every due feed is another's says so once and waits for that
# lease to run out (not --every's minute, nor a pass a second), then takes
# the feed up.
q "UPDATE feeds SET next_fetch = 0, lease_by = 42,
   lease_until = extract(epoch FROM now())::bigint + 4 WHERE id = $first" >/dev/null
curl -s "$SRV/__reset" >/dev/null
# Started directly, not through b: the signal must reach bullpen itself,
# not a subshell that would leave it running.
"$BULLPEN" --db "$PGDB" fetch --every 60 >"$T/every.out" 2>&1 &
every=$!
for _ in $(seq 1 150); do
    grep -q '^1 feed fetched' "$T/every.out" && break
    sleep 0.1
done
kill -TERM "$every"
wait "$every" || fail "the loop did not stop cleanly on TERM (status $?): $(cat "$T/every.out")"
got=$(requests '\.xml$')
[ "$got" = "${furl#$SRV} 1" ] || fail "the loop took up the feed at its lease's end, got: $got ($(cat "$T/every.out"))"
[ "$(grep -c 'fetched' "$T/every.out")" -eq 2 ] ||
    fail "one line for the wait, one for the pass that fetched: $(cat "$T/every.out")"
grep -q "^0 feeds fetched: the feeds due are another fetcher's, leased until " "$T/every.out" ||
    fail "the wait is said: $(cat "$T/every.out")"
grep -q ERROR "$PG_DIR/server.log" && fail "the server logged errors: $(grep -A1 ERROR "$PG_DIR/server.log" | head -6)"
finish
