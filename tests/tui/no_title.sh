#!/usr/bin/env bash
# An article without a title is "(no title)" wherever it shows: the list,
# the article pane's first line, the alert inbox, and the CLI's article list
# and alert lines.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require

cat >"$T/feed.xml" <<'XML'
<?xml version="1.0"?>
<rss version="2.0"><channel><title>Harbour wire</title><link>http://127.0.0.1/</link>
<item><title>Grain barges wait at the lock</title><link>http://127.0.0.1/a</link><guid>nt-a</guid>
<pubDate>Tue, 18 Jun 2024 14:00:00 GMT</pubDate><description>The lock reopens on Friday.</description></item>
<item><title></title><link>http://127.0.0.1/b</link><guid>nt-b</guid>
<pubDate>Tue, 18 Jun 2024 15:00:00 GMT</pubDate><description>Freight rates on the northern route rose for a third week.</description></item>
</channel></rss>
XML
expect_rc 0 bp alerts add keyword '"freight rates"'
OUT=$(bp import "$T/feed.xml" --feed "http://127.0.0.1/harbour.xml")
contains "$OUT" 'alert #1 keyword "freight rates": (no title)' "the alert line names the untitled article"
contains "$(bp articles)" "(no title)" "the CLI's list"

tui_start 100 30 env TZ=UTC "$BULLPEN" --db "$DB"
wait_for_text "Grain barges"
contains "$(screen | grep 'Harbour wire' | head -1)" "(no title)" "the list's newest row"
# The untitled article is the newest: the article pane shows it.
send Tab
wait_for_text "Freight rates on the northern route"
contains "$(screen)" "(no title)" "the article pane's title line"
send '!'
wait_for_text "FIRED"
contains "$(screen | grep 'freight rates')" "(no title)" "the alert inbox"
not_contains "$(screen)" "(untitled)" "one wording"

send q
send q
wait_for_exit
finish
