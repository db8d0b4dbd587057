#!/usr/bin/env bash
# Changes other processes make reach an open workstation without its fetcher
# (the demo store has no feeds to fetch): a star set with `bullpen mark` shows
# in the list, a symbol added with `bullpen watch add` shows in the
# watchlist pane, each within 2 s and without a key pressed; the cursor stays
# on the article it was on.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require

"$BULLPEN" demo --db "$DB" >/dev/null || fail "demo store"
ids=$(bp articles --limit 3 --json | python3 -c 'import json,sys; print(" ".join(str(a["id"]) for a in json.load(sys.stdin)))')
set -- $ids
third=$3
title=$(bp articles --limit 3 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[2]["title"][:30])')

tui_start 140 40 "$BULLPEN" --db "$DB"
wait_for_text "Articles: all articles"
not_contains "$(screen)" "XYZQ" "the watchlist starts without XYZQ"
send j
send j
wait_for_text "$title"
before=$(screen | grep -c '★')

expect_rc 0 bp mark "$third" --star
expect_rc 0 bp watch add XYZQ
# wait_for_text's timeout is in seconds
wait_for_text "XYZQ" 2
after=$(screen | grep -c '★')
[ "$after" -gt "$before" ] || fail "the star set by another process does not show: $before stars before, $after after"
# The cursor is still on the third article: m marks that one read.
send m
for _ in $(seq 1 40); do
    bp articles --limit 3 --json | python3 -c 'import json,sys; sys.exit(0 if not json.load(sys.stdin)[2]["unread"] else 1)' && break
    sleep 0.05
done
bp articles --limit 3 --json | python3 -c 'import json,sys; sys.exit(0 if not json.load(sys.stdin)[2]["unread"] else 1)' ||
    fail "after the reload the cursor left the third article"

# A change that lands while a search shows nothing (no article selected)
# reloads an empty detail pane: nothing to paint, the workstation goes on.
send /
send -l "zzqxnothingmatches"
send Enter
wait_for_text "0 matches" 3
expect_rc 0 bp mark "$third" --unstar
sleep 1.2
send c
wait_for_text "$title"

send q
wait_for_exit
finish
