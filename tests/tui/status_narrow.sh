#!/usr/bin/env bash
# At 80 columns the status bar keeps what matters when not all of it fits:
# the unseen alerts' count stays whole while a fetch pass's summary, new
# articles and feed errors crowd it; the filter gives way first, then the
# pass's summary and the new count.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require
command -v curl >/dev/null || { echo "curl missing: skipped"; exit 77; }
start_server --root "$BULLPEN_FIXTURES/feeds"
printf 'fetch.timeout = 3\n' >"$T/cfg"
bpc() { "$BULLPEN" --config "$T/cfg" --db "$DB" "$@"; }
for f in rss2.xml atom10.xml status/404 broken.json; do
    bpc feeds add --no-check "$SRV/$f" >/dev/null || fail "feeds add $f"
done
bpc watch add NVDA >/dev/null || fail "watch add"
bpc alerts add watchlist >/dev/null || fail "alerts add"

tui_start 80 24 "$BULLPEN" --config "$T/cfg" --db "$DB"
wait_for_text "2 feed errors (F)"
bar() { screen | tail -n 2 | head -n 1; }
# The first pass's summary is up for five seconds: the alerts show with it.
contains "$(bar)" "1 alert (!)" "the alerts' count beside the pass's summary"
contains "$(bar)" "2 feed errors (F)" "the feed errors beside it"
contains "$(bar)" " unread" "the counts beside it"
# A long filter gives way to all of them.
send / 'Nvidia OR chip OR shares OR tops OR trillion OR demand OR revenue' Enter
wait_for_text "match"
contains "$(bar)" "1 alert (!)" "the alerts' count beside a long filter"
contains "$(bar)" "2 feed errors (F)" "the feed errors beside a long filter"
send q
wait_for_exit
finish
