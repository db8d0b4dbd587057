#!/usr/bin/env bash
# The list's time column below 100 columns: an article of this year shows
# month-day and time, one of an earlier year its full date (the year is what
# tells them apart), in the same 11 columns, so the headlines start in one
# column.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require

now=$(python3 -c 'import email.utils, time; print(email.utils.formatdate(time.time() - 60))')
cat >"$T/feed.xml" <<XML
<?xml version="1.0"?>
<rss version="2.0"><channel><title>Desk dates</title><link>http://127.0.0.1/</link>
<item><title>Harbour cranes idle after storm</title><link>http://127.0.0.1/a</link>
<guid>date-a</guid><pubDate>Mon, 10 Jun 2024 14:30:00 GMT</pubDate></item>
<item><title>Copper stockpiles grow again</title><link>http://127.0.0.1/b</link>
<guid>date-b</guid><pubDate>$now</pubDate></item>
</channel></rss>
XML
expect_rc 0 bp import "$T/feed.xml" --feed "http://127.0.0.1/dates.xml"

tui_start 80 24 "$BULLPEN" --db "$DB"
wait_for_text "Harbour cranes"
old=$(screen | grep "Harbour cranes")
new=$(screen | grep "Copper stockpiles")
contains "$old" "2024-06-10" "the 2024 article shows its year"
this_year=$(date +%Y)
not_contains "$new" "$this_year-" "this year's article shows no year"
case "$new" in *[0-9][0-9]-[0-9][0-9]\ [0-9][0-9]:[0-9][0-9]*) ;; *) fail "this year's article shows month-day and time: $new" ;; esac
[ "$(printf '%s' "$old" | grep -bo 'Harbour' | cut -d: -f1)" = "$(printf '%s' "$new" | grep -bo 'Copper' | cut -d: -f1)" ] ||
    fail "the headlines start in one column:
$old
$new"

send q
wait_for_exit
finish
