#!/usr/bin/env bash
# A `fetch --every` loop outlives a restart of the PostgreSQL server: the
# passes while the server is down fail, each naming the server, and the
# first pass after it is back connects again and fetches (a feed added
# meanwhile), with no article stored twice.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
mkdir -p "$T/www"
cp "$BULLPEN_FIXTURES"/feeds/{rss2.xml,portfolio_news.xml} "$T/www/"
start_server --root "$T/www"
source "$BULLPEN_SRC/tests/pg.sh"
pg_start
DB=$(pg_newdb desk)

count() { "$BULLPEN" --db "$DB" articles --json --limit 500 |
    python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
# wait_count N: polls until the store holds N articles (20 s at most).
wait_count() {
    local n=0
    for _ in $(seq 1 100); do
        n=$(count 2>/dev/null) && [ "$n" = "$1" ] && return 0
        sleep 0.2
    done
    fail "expected $1 articles, found '$n'; the loop said: $(tr -s ' ' <"$T/loop.out" | tail -5)"
}

expect_rc 0 "$BULLPEN" --db "$DB" feeds add --no-check "$SRV/rss2.xml"
"$BULLPEN" --db "$DB" fetch --every 1 >"$T/loop.out" 2>&1 &
loop=$!
wait_count 6

pg_down
sleep 2.5 # a pass or two with the server gone
pg_up
expect_rc 0 "$BULLPEN" --db "$DB" feeds add --no-check "$SRV/portfolio_news.xml"
wait_count 16
kill -0 "$loop" 2>/dev/null || fail "the loop ended: $(tail -3 "$T/loop.out")"
grep -q 'no connection to the server' "$T/loop.out" &&
    fail "a pass ran on the lost connection: $(grep -m1 'no connection' "$T/loop.out")"
kill -TERM "$loop"
wait "$loop"
finish
