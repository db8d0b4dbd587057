#!/usr/bin/env bash
# Several processes on one store never run one alert twice: three fetches
# of the same feeds at once store each article once and deliver each alert
# once between them; then four fetches start together on 300 alerts that a
# crashed import left pending, and race to claim them.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
GEN="$BULLPEN_SRC/tests/tools/gen_feeds.py"
RUNS="$BULLPEN_SRC/tests/tools/alert_runs.py"

runs() { python3 "$RUNS" "$DB" "$T/ran" "$1" >"$T/runs" || fail "$2: $(cat "$T/runs")"; }
# alert_lines FILES...: the alert lines they hold, one per line.
alert_lines() { cat "$@" | grep '^alert #' || true; }

mkdir -p "$T/www"
start_server --root "$T/www"
python3 "$GEN" "$T/www" --feeds 12 --items 25 --opml "$T/feeds.opml" --srv "$SRV"
expect_rc 0 bp feeds import "$T/feeds.opml"
expect_rc 0 bp alerts add keyword quarterly --exec sh -c 'echo "$BULLPEN_ARTICLE_ID" >>"$0"' "$T/ran"

# Three fetches of the same twelve feeds at once.
for k in 1 2 3; do
    "$BULLPEN" --db "$DB" fetch --jobs 4 >"$T/out.$k" 2>"$T/err.$k" &
    eval "pid$k=$!"
done
for k in 1 2 3; do
    eval "wait \$pid$k" || fail "fetch $k failed: $(cat "$T/err.$k")"
done
expect_rc 0 bp articles --limit 1000 --json
json 'len(j) == 300'
lines=$(alert_lines "$T"/out.?)
[ "$(wc -l <<<"$lines")" -eq 300 ] || fail "300 alert lines between the three: $(wc -l <<<"$lines")"
[ "$(sort <<<"$lines" | uniq -d | wc -l)" -eq 0 ] || fail "an alert printed twice: $(sort <<<"$lines" | uniq -d | head -3)"
echo "alert lines per fetch: $(for k in 1 2 3; do alert_lines "$T/out.$k" | wc -l; done | tr '\n' ' ')" >&2
wait_runs 300
runs once "three fetches at once"

# 300 alerts left pending by an import killed after its commit ...
python3 "$GEN" "$T/www" --feeds 1 --items 300 --tag burst
expect_rc 137 env BULLPEN_FAULT=feed-committed "$BULLPEN" --db "$DB" import "$T/www/burst-00.xml" --feed "$SRV/burst-00.xml"
expect_rc 0 bp alerts log --limit 1000 --json
json 'sum(e["delivery"] == "pending" for e in j) == 300'
# ... and four fetches that start together, each delivering before it fetches.
for k in 4 5 6 7; do
    "$BULLPEN" --db "$DB" fetch --jobs 2 >"$T/out.$k" 2>"$T/err.$k" &
    eval "pid$k=$!"
done
for k in 4 5 6 7; do
    eval "wait \$pid$k" || fail "fetch $k failed: $(cat "$T/err.$k")"
done
lines=$(alert_lines "$T"/out.[4567])
[ "$(wc -l <<<"$lines")" -eq 300 ] || fail "300 alert lines between the four: $(wc -l <<<"$lines")"
[ "$(sort <<<"$lines" | uniq -d | wc -l)" -eq 0 ] || fail "an alert printed twice"
echo "pending alerts delivered per fetch: $(for k in 4 5 6 7; do alert_lines "$T/out.$k" | wc -l; done | tr '\n' ' ')" >&2
wait_runs 600
runs once "four fetches racing for pending alerts"
expect_rc 0 bp alerts log --limit 1000 --json
json 'len(j) == 600 and all(e["delivery"] == "delivered" for e in j)'
finish
