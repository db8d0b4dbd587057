#!/usr/bin/env bash
# Counts and progress: the status bar shows unread/total and follows a fetch
# pass ("fetching 2/3 feeds, N new") to its summary ("done: N new, 1 error"),
# which fades; the feed view shows unread/total per feed, its "fetched Ns
# ago" ticks, and a feed added from the command line shows up on the next
# pass.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require
command -v curl >/dev/null || { echo "curl missing: skipped"; exit 77; }
start_server --root "$BULLPEN_FIXTURES/feeds"
printf 'fetch.timeout = 10\n' >"$T/cfg"
b() { "$BULLPEN" --config "$T/cfg" --db "$DB" "$@"; }
b feeds add --no-check "$SRV/rss2.xml" >/dev/null || fail "feeds add"
b feeds add --no-check "$SRV/status/404" >/dev/null || fail "feeds add"
b feeds add --no-check "$SRV/slow?s=3" >/dev/null || fail "feeds add"

tui_start 140 30 "$BULLPEN" --config "$T/cfg" --db "$DB"
# The slow feed holds the pass open: two of three are done meanwhile.
wait_for_text "fetching 2/3 feeds, " 10
wait_for_text "done: " 15
# What the store holds, as the status bar counts it.
total=$(b articles --json --limit 1000 | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$total" -gt 0 ] || fail "no articles fetched"
wait_for_text "all articles  $total/$total unread"
new=$(screen | grep -o 'done: [0-9]* new, 1 error' | head -1)
[ "$new" = "done: $total new, 1 error" ] || fail "summary '$new', wanted 'done: $total new, 1 error': $(screen)"
# The summary fades after a few seconds.
wait_for_gone "done: " 10
# Reading an article counts down.
send Enter
wait_for_text "all articles  $((total - 1))/$total unread"

# The feed view: unread/total per feed; the ages tick without a key.
send Escape F
wait_for_text "UNREAD/TOTAL"
# Per feed, as the store counts them (the first article read was rss2's or
# the slow feed's, whichever is newer).
unread_of() { b articles --json --limit 1000 --feed "$1" | python3 -c 'import json,sys; print(sum(a["unread"] for a in json.load(sys.stdin)))'; }
count_of() { b feeds list --json | python3 -c 'import json,sys; print([f["articles"] for f in json.load(sys.stdin) if f["id"] == '"$1"'][0])'; }
for id in 1 2 3; do
    want="$(unread_of "$id")/$(count_of "$id")"
    row=$(screen | grep "^ *$id  ")
    contains "$row" " $want " "feed $id's unread/total"
done
contains "$(screen | grep '^ *2  ')" " 0/0 " "the failed feed's unread/total"
age() { screen | grep '^ *1  ' | grep -o '[0-9]*s ago'; }
first=$(age)
[ -n "$first" ] || fail "no age on the first feed's row: $(screen)"
i=0
while [ "$(age)" = "$first" ] && [ $i -lt 60 ]; do
    sleep 0.05
    i=$((i + 1))
done
[ "$(age)" != "$first" ] || fail "fetched '$first' did not tick"
# A feed added from the command line shows on the next pass (r here).
b feeds add --no-check "$SRV/atom10.xml" >/dev/null || fail "feeds add atom"
send r
wait_for_text "Feeds: 4"
wait_for_text "    4  Latest Filings"
send q q
wait_for_text "[exited 0]"
finish
