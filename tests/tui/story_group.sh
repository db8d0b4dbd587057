#!/usr/bin/env bash
# Copies of one story in the workstation: one row with "+N" (the other
# feeds carrying it), the article pane's header names them ("also in:"),
# = or :group on|off switches grouping, the choice is kept in the store for
# the next start, and reading the row reads every copy.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require
export TZ=UTC
for f in wire desk agg; do
    expect_rc 0 bp import "$BULLPEN_FIXTURES/stories/$f.xml" --feed "https://$f.example/feed"
done

tui_start 120 24 "$BULLPEN" --db "$DB"
wait_for_text "Articles: all articles"
wait_for_text "+2 Fed decision: what it means"
[ "$(screen | grep -c "Fed holds rates")" -eq 0 ] || fail "the copies have rows of their own: $(screen)"
# The oil story five days apart is two stories.
[ "$(screen | grep -c "Oil prices fall")" -eq 2 ] || fail "the oil stories: $(screen)"
# The article pane names the other feeds, oldest copy first.
send j 2
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
send j Enter
wait_for_text " all articles  2/5 unread"
send q
wait_for_text "[exited 0]"
n=$(bp articles --no-group --json | python3 -c 'import json,sys; print(sum(r["unread"] for r in json.load(sys.stdin) if "Fed" in r["title"]))')
[ "$n" -eq 0 ] || fail "$n copies still unread"
finish
