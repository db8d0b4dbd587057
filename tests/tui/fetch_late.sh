#!/usr/bin/env bash
# A workstation opened on a store with no feeds: a feed added from the
# command line meanwhile is fetched when r is pressed (the fetcher starts
# then), its articles arrive, and the feed view lists it.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require
command -v curl >/dev/null || { echo "curl missing: skipped"; exit 77; }
start_server --root "$BULLPEN_FIXTURES/feeds"
printf 'fetch.timeout = 3\n' >"$T/cfg"
"$BULLPEN" --config "$T/cfg" --db "$DB" watch add NVDA >/dev/null || fail "watch add (creates the store)"

tui_start 100 30 "$BULLPEN" --config "$T/cfg" --db "$DB"
wait_for_text "No articles yet"
send r
wait_for_text "no feeds to fetch"
"$BULLPEN" --config "$T/cfg" --db "$DB" feeds add --no-check "$SRV/rss2.xml" >/dev/null || fail "feeds add"
send r
wait_for_text "Nvidia tops"
wait_for_text "done: 6 new, 0 errors"
send F
wait_for_text "Feeds: 1"
contains "$(screen | grep '^ *1  ')" " 6/6 " "the new feed's unread/total"
send q q
wait_for_text "[exited 0]"
finish
