#!/usr/bin/env bash
# A large feed goes through the fetch a batch of items at a time, and its
# state (validators, result) is recorded only with its last batch: `fetch`
# killed right after the first batch's commit leaves those articles stored
# and the feed as if never fetched, so the next pass fetches it whole again
# and stores every article exactly once; each alert runs once, and only for
# a stored article.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
GEN="$BULLPEN_SRC/tests/tools/gen_feeds.py"
RUNS="$BULLPEN_SRC/tests/tools/alert_runs.py"
ITEMS=1300 # batches of 512, 512 and 276
BATCH=512
# Every tenth item fires the alert (items 0, 10, ... 1290), in both batches:
# each run forks twice, which under the sanitizers costs 40 ms.
EVERY=10
ALERTS=$(((ITEMS + EVERY - 1) / EVERY))

# state: "ARTICLES DISTINCT_GUIDS ETAG_SET LAST_OK_SET" of the store.
state() {
    python3 - "$DB" <<'PY'
import sqlite3, sys
c = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
n, g = c.execute("SELECT count(*), count(DISTINCT guid) FROM articles").fetchone()
e, ok = c.execute("SELECT etag IS NOT NULL, last_ok IS NOT NULL FROM feeds").fetchone()
print(n, g, e, ok)
PY
}


python3 "$GEN" "$T/www" --feeds 1 --items $ITEMS --words 5 --every $EVERY
start_server --root "$T/www"
expect_rc 0 bp feeds add "$SRV/wire-00.xml"
expect_rc 0 bp alerts add keyword quarterly --exec sh -c 'echo "$BULLPEN_ARTICLE_ID" >>"$0"' "$T/ran"

# Killed after the first batch: its articles, the feed not recorded.
expect_rc 137 env BULLPEN_FAULT=batch-committed "$BULLPEN" --db "$DB" fetch --all
[ "$(state)" = "$BATCH $BATCH 0 0" ] || fail "after the kill: $(state)"
[ ! -e "$T/ran" ] || fail "an alert ran before the crash"

# The next pass fetches the feed again (no validators were kept) and
# stores the rest: every article once, every alert once.
expect_rc 0 bp fetch
contains "$OUT" ": $((ITEMS - BATCH)) new" "the rest of the feed stored"
[ "$(state)" = "$ITEMS $ITEMS 1 1" ] || fail "after the next pass: $(state)"
[ "$(grep -c '^alert #1 keyword "quarterly"' <<<"$OUT")" -eq $ALERTS ] ||
    fail "$ALERTS alert lines, got $(grep -c '^alert #1' <<<"$OUT")"
wait_runs $ALERTS
python3 "$RUNS" "$DB" "$T/ran" once >"$T/runs" || fail "alert runs: $(cat "$T/runs")"
[ "$(wc -l <"$T/ran")" -eq $ALERTS ] || fail "$(wc -l <"$T/ran") runs, not $ALERTS"

# And the feed is now recorded: a forced pass gets 304, nothing new.
expect_rc 0 bp fetch --all
contains "$OUT" "0 new articles" "nothing new after the feed was recorded"
[ "$(state)" = "$ITEMS $ITEMS 1 1" ] || fail "after a refetch: $(state)"

# The same feed without a kill: one pass, every article once.
rm -f "$DB"*
expect_rc 0 bp feeds add "$SRV/wire-00.xml"
expect_rc 0 bp fetch
contains "$OUT" ": $ITEMS new" "all of the feed in one pass"
[ "$(state)" = "$ITEMS $ITEMS 1 1" ] || fail "one pass: $(state)"

# The large body is parsed from its temporary file: where none can be
# made, that feed fails in one line naming it and why, the others go on,
# and nothing is left behind in a TMPDIR that works.
rm -f "$DB"*
printf '<rss><channel><title>s</title><item><guid>s1</guid><title>Small</title></item></channel></rss>' \
    >"$T/www/small.xml"
expect_rc 0 bp feeds add "$SRV/wire-00.xml"
expect_rc 0 bp feeds add "$SRV/small.xml"
expect_rc 3 env TMPDIR="$T/no-such-dir" "$BULLPEN" --db "$DB" fetch
contains "$ERR" "bullpen: fetch: $SRV/wire-00.xml: cannot write the body to a temporary file in $T/no-such-dir: No such file or directory" "the feed's spool error"
[ "$(wc -l <<<"$ERR")" -eq 1 ] || fail "one line of error, got: $ERR"
contains "$OUT" "small.xml: 1 new" "the other feed stored"
mkdir "$T/spool"
expect_rc 0 env TMPDIR="$T/spool" "$BULLPEN" --db "$DB" fetch --all
contains "$OUT" "wire-00.xml: $ITEMS new" "the large feed through its temporary file"
[ -z "$(ls -A "$T/spool")" ] || fail "left in TMPDIR: $(ls -A "$T/spool")"
finish
