#!/usr/bin/env bash
# Copies of one story in the workstation: one row with "+N" (the other
# feeds carrying it), the article pane's header names them ("also in:"),
# = or :group on|off switches grouping, the choice is kept in the store for
# the next start, and reading the row reads every copy.
source "$BULLPEN_TESTLIB"
tui_require
export TZ=UTC
feed() { # FILE TITLE ITEMS...
    local f=$1 t=$2
    shift 2
    {
        echo '<?xml version="1.0"?><rss version="2.0"><channel>'
        echo "<title>$t</title><link>https://$t.example/</link>"
        printf '%s\n' "$@"
        echo '</channel></rss>'
    } >"$f"
}
item() { # GUID TITLE LINK DATE
    echo "<item><guid>$1</guid><title>$2</title><link>$3</link><pubDate>$4</pubDate>" \
        "<description>Rates were left where they were.</description></item>"
}
feed "$T/wire.xml" Wire \
    "$(item w1 'Fed holds rates steady as inflation cools' 'https://www.wire.example/fed?id=1' 'Wed, 14 Feb 2024 12:00:00 GMT')" \
    "$(item w2 'Oil prices fall on supply worries' 'https://wire.example/oil' 'Wed, 14 Feb 2024 13:00:00 GMT')"
feed "$T/desk.xml" Desk \
    "$(item d1 'Fed holds rates steady, as inflation cools' 'https://desk.example/fed' 'Wed, 14 Feb 2024 15:00:00 GMT')"
feed "$T/agg.xml" Aggregator \
    "$(item a1 'Fed decision: what it means' 'HTTP://WIRE.example/fed?utm_source=agg&id=1#top' 'Thu, 15 Feb 2024 09:00:00 GMT')"
for f in wire desk agg; do
    expect_rc 0 bp import "$T/$f.xml" --feed "https://$f.example/feed"
done

tui_start 120 24 "$BULLPEN" --db "$DB"
wait_for_text "Articles: all articles"
wait_for_text "+2 Fed decision: what it means"
[ "$(screen | grep -c "Fed holds rates")" -eq 0 ] || fail "the copies have rows of their own: $(screen)"
[ "$(screen | grep -c "Oil prices fall")" -eq 1 ] || fail "the oil story: $(screen)"
# The article pane names the other feeds, oldest copy first.
send 2
wait_for_text "Aggregator also in: Wire, Desk"
send 1
wait_for_text "[1 List]"
# = lists every copy, and says so.
send =
wait_for_text "every copy of a story its own row"
wait_for_text "Articles: every copy"
[ "$(screen | grep -c "Fed holds rates steady")" -eq 2 ] || fail "every copy listed: $(screen)"
# Each copy still says how many other feeds carry it.
[ "$(screen | grep -c "+2 Fed")" -eq 3 ] || fail "+2 on each copy: $(screen)"
send q
wait_for_text "[exited 0]"
# The next start keeps grouping off; :group on turns it back on.
tui_respawn "$BULLPEN" --db "$DB"
wait_for_text "Articles: every copy"
[ "$(screen | grep -c "Fed holds rates steady")" -eq 2 ] || fail "off after a restart: $(screen)"
send : 'group on' Enter
wait_for_text "one row per story"
wait_for_text "Articles: all articles"
[ "$(screen | grep -c "Fed holds rates")" -eq 0 ] || fail ":group on: $(screen)"
send : 'group maybe' Enter
wait_for_text "group: 'maybe' is not off or on"
# Opening the story reads every copy: none of the three is unread after.
send Enter
wait_for_text " all articles  1/4 unread"
send q
wait_for_text "[exited 0]"
n=$(bp articles --no-group --json | python3 -c 'import json,sys; print(sum(r["unread"] for r in json.load(sys.stdin) if "Fed" in r["title"]))')
[ "$n" -eq 0 ] || fail "$n copies still unread"
finish
