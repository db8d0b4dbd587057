#!/usr/bin/env bash
# The feed view shows when each feed is next due and whether full text is
# on; x turns full text on and off for the feed under the cursor, and the
# store (feeds list) agrees at once, while the workstation runs.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require
command -v curl >/dev/null || { echo "curl missing: skipped"; exit 77; }
start_server --root "$BULLPEN_FIXTURES/feeds"
printf 'fetch.timeout = 3\n' >"$T/cfg"
"$BULLPEN" --config "$T/cfg" --db "$DB" feeds add --no-check "$SRV/rss2.xml" >/dev/null || fail "feeds add"

tui_start 140 30 "$BULLPEN" --config "$T/cfg" --db "$DB"
wait_for_text "Nvidia tops"
send F
wait_for_text "Feeds: 1"
wait_for_text "NEXT"
# Fetched once with new items: due again in a minute, the floor. The view
# counts down by the second, so the time shown is at most 60s.
i=0
until screen | grep -Eq ' in ([1-5]?[0-9]|60)s '; do
    i=$((i + 1))
    [ $i -lt 200 ] || { fail "no 'in Ns' (N <= 60) in the feed view: $(screen)"; break; }
    sleep 0.05
done
OUT=$("$BULLPEN" --db "$DB" feeds list --json)
json 'j[0]["interval"] == 60'

# Each x is in the store at once, while the workstation still runs.
send x
wait_for_text "full text on for"
wait_for_text "full "
OUT=$("$BULLPEN" --db "$DB" feeds list --json)
json 'j[0]["full_text"] is True'
send x
wait_for_text "full text off for"
OUT=$("$BULLPEN" --db "$DB" feeds list --json)
json 'j[0]["full_text"] is False'
send x
wait_for_text "full text on for"
OUT=$("$BULLPEN" --db "$DB" feeds list --json)
json 'j[0]["full_text"] is True'
send q
wait_for_gone "Feeds: 1"
send q
wait_for_text "[exited 0]"
# And still once the workstation has closed.
OUT=$("$BULLPEN" --db "$DB" feeds list --json)
json 'j[0]["full_text"] is True'
finish
