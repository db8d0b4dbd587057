#!/usr/bin/env bash
# The date filter (D) takes FROM [TO]: a TO before FROM and a day the
# calendar does not have are errors that leave the list as it was, not a
# filter that quietly matches nothing; one day (FROM = TO) is a filter.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require

"$BULLPEN" demo --db "$DB" >/dev/null || fail "demo store"
tui_start 100 30 "$BULLPEN" --db "$DB"
wait_for_text "Articles: all articles"

send D '2026-12-01 2026-11-01' Enter
wait_for_text "dates: 2026-11-01 is before 2026-12-01"
contains "$(screen | head -n 1)" "Articles: all articles" "a reversed range leaves the filter"
not_contains "$(screen)" "No articles match" "a reversed range empties nothing"

send D '2026-02-31' Enter
wait_for_text "'2026-02-31' is not"
send D '2026-11-01 2026-02-30' Enter
wait_for_text "'2026-02-30' is not a date"
contains "$(screen | head -n 1)" "Articles: all articles" "no such day leaves the filter"

# One day, then a range, are filters with articles in them.
day=$("$BULLPEN" --db "$DB" articles --json --limit 1 |
    python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["published"][:10])')
send D "$day $day" Enter
wait_for_text "Articles: dates $day"
not_contains "$(screen)" "No articles match" "the newest article's day has articles"
send q
wait_for_exit
finish
