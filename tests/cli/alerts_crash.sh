#!/usr/bin/env bash
# Alerts survive a crash between the commit that fired them and their
# delivery: `fetch` (and `import`) killed right after a feed's commit leave
# the events pending, and the next run prints each line and runs each
# command exactly once. A crash after an event is claimed and before its
# command starts is the documented at-most-once edge: that one event stays
# 'delivering' and is never run, the others are delivered.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
GEN="$BULLPEN_SRC/tests/tools/gen_feeds.py"
RUNS="$BULLPEN_SRC/tests/tools/alert_runs.py"

runs() { python3 "$RUNS" "$DB" "$T/ran" "$1" >"$T/runs" || fail "$2: $(cat "$T/runs")"; }
log_json() { expect_rc 0 bp alerts log --limit 1000 --json; }

python3 "$GEN" "$T/www" --feeds 1 --items 5
start_server --root "$T/www"
expect_rc 0 bp feeds add "$SRV/wire-00.xml"
expect_rc 0 bp alerts add keyword quarterly --exec sh -c 'echo "$BULLPEN_ARTICLE_ID" >>"$0"' "$T/ran"

# Killed right after the feed's commit: articles and events are stored,
# nothing has printed or run.
expect_rc 137 env BULLPEN_FAULT=feed-committed "$BULLPEN" --db "$DB" fetch --all
not_contains "$OUT" "alert #" "nothing printed before the crash"
log_json
json 'len(j) == 5 and all(e["delivery"] == "pending" for e in j)'
[ ! -e "$T/ran" ] || fail "a command ran before its event was claimed"

# The next fetch delivers each once (the feed itself has nothing new).
expect_rc 0 bp fetch --all
[ "$(grep -c '^alert #1 keyword "quarterly": wire 0 item' <<<"$OUT")" -eq 5 ] ||
    fail "five alert lines: $OUT"
contains "$OUT" "0 new articles" "nothing new fetched"
wait_runs 5
runs once "after the crash"
log_json
json 'all(e["delivery"] == "delivered" for e in j)'

# And never again; a new article proves the command would have had time.
expect_rc 0 bp fetch --all
not_contains "$OUT" "alert #" "delivered alerts stay delivered"
python3 "$GEN" "$T/www" --feeds 1 --items 6
expect_rc 0 bp fetch --all
[ "$(grep -c '^alert #1' <<<"$OUT")" -eq 1 ] || fail "one new alert: $OUT"
wait_runs 6
runs once "after one new article"

# import: the same path, the same crash, the same recovery.
python3 "$GEN" "$T/imp" --feeds 1 --items 4 --tag saved
expect_rc 137 env BULLPEN_FAULT=feed-committed "$BULLPEN" --db "$DB" import "$T/imp/saved-00.xml"
log_json
json 'sum(e["delivery"] == "pending" for e in j) == 4'
expect_rc 0 bp import "$T/imp/saved-00.xml"
contains "$OUT" "0 new articles of 4" "nothing stored twice"
[ "$(grep -c '^alert #1 keyword "quarterly": saved 0 item' <<<"$OUT")" -eq 4 ] ||
    fail "import delivers what its crash left: $OUT"
wait_runs 10
runs once "after the import crash"

# Killed after claiming the first event of three, before its command starts:
# that event is never run (at most once); the next run delivers the rest.
python3 "$GEN" "$T/www" --feeds 1 --items 9
expect_rc 137 env BULLPEN_FAULT=alert-claimed "$BULLPEN" --db "$DB" fetch --all
log_json
json 'sum(e["delivery"] == "delivering" for e in j) == 1 and sum(e["delivery"] == "pending" for e in j) == 2'
expect_rc 0 bp fetch --all
[ "$(grep -c '^alert #1' <<<"$OUT")" -eq 2 ] || fail "two alerts delivered: $OUT"
wait_runs 12
runs once "after a crash with an event claimed"
log_json
json 'sum(e["delivery"] == "delivering" for e in j) == 1 and sum(e["delivery"] == "delivered" for e in j) == 12'
expect_rc 0 bp alerts log
contains "$OUT" "(delivering)" "the text log shows the undelivered one"
# The count of runs is final: one more fetch runs nothing.
expect_rc 0 bp fetch --all
not_contains "$OUT" "alert #" "nothing delivered twice"
python3 "$GEN" "$T/www" --feeds 1 --items 10
expect_rc 0 bp fetch --all
wait_runs 13
runs once "at the end"
[ "$(wc -l <"$T/ran")" -eq 13 ] || fail "13 runs: $(sort -n "$T/ran" | tr '\n' ' ')"
finish
