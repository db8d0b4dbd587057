#!/usr/bin/env bash
# The background fetcher inside the workstation: articles from a feed on a
# local HTTP server appear without a restart; a failing feed shows in the
# status bar and the feed view; r fetches again.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
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
# At 80x24 the list's last column cuts the error; the foot shows the
# selected feed whole: its name, URL and last error.
tui_resize 80 24
send End
wait_for_text "last error: HTTP 404 Not Found"
screen | grep -q "^ .*$SRV/status/404" || fail "the foot lacks the feed's URL: $(screen)"
send Home
wait_for_gone "last error: HTTP 404"
screen | grep -q "^ .*$SRV/rss2.xml" || fail "the foot does not follow the cursor: $(screen)"
tui_resize 100 30
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
