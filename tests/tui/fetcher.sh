#!/usr/bin/env bash
# The background fetcher inside the workstation: articles from a feed on a
# local HTTP server appear without a restart; a failing feed shows in the
# status bar and the feed view; r fetches again.
source "$BULLPEN_TESTLIB"
tui_require
command -v curl >/dev/null || { echo "curl missing: skipped"; exit 77; }
start_server --root "$BULLPEN_FIXTURES/feeds"

printf 'fetch.timeout = 3\n' >"$T/cfg"
"$BULLPEN" --config "$T/cfg" --db "$DB" feeds add --no-check "$SRV/rss2.xml" >/dev/null || fail "feeds add"
"$BULLPEN" --config "$T/cfg" --db "$DB" feeds add --no-check "$SRV/status/404" >/dev/null || fail "feeds add"

tui_start 100 30 "$BULLPEN" --config "$T/cfg" --db "$DB"
wait_for_text "Nvidia tops"
wait_for_text "1 feed error"
send F
wait_for_text "Feeds: 2"
wait_for_text "HTTP 404"
send q
wait_for_gone "Feeds: 2"
# r asks for a pass now: the server sees rss2.xml requested again.
send r
i=0
while [ "$(server_log | grep -o 'rss2.xml' | wc -l)" -lt 2 ] && [ $i -lt 200 ]; do
    sleep 0.05
    i=$((i + 1))
done
[ "$(server_log | grep -o 'rss2.xml' | wc -l)" -ge 2 ] || fail "r did not fetch again: $(server_log)"
send q
wait_for_text "[exited 0]"
finish
