#!/usr/bin/env bash
# :quit (and :q) is q: over a view (help, feeds, trend ...) it closes that
# view and the desk stays; from the desk it quits.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require
export TZ=UTC BULLPEN_NOW=1764590400
"$BULLPEN" demo --db "$DB" >/dev/null || fail "demo store"
tui_start 120 40 env TZ=UTC BULLPEN_NOW=$BULLPEN_NOW "$BULLPEN" --db "$DB"
wait_for_text "unread"
settle
desk=$(screen | head -n -1)

for cmd in quit q; do
    send F
    wait_for_text "UNREAD/TOTAL"
    send : && send -l "$cmd" && send Enter
    wait_for_gone "UNREAD/TOTAL"
    settle
    not_contains "$(screen)" "[exited" ":$cmd over the feed view quits the program"
    same ":$cmd over the feed view leaves the desk" "$desk" "$(screen | head -n -1)"
done

# Two views open: :quit closes the top one only.
send '?'
wait_for_text "rebind with"
send F
wait_for_text "UNREAD/TOTAL"
send : && send -l quit && send Enter
wait_for_text "rebind with"
not_contains "$(screen)" "UNREAD/TOTAL" ":quit closes the feed view"
send q
wait_for_gone "rebind with"

# From the desk, :quit quits.
send : && send -l quit && send Enter
wait_for_text "[exited 0]"
finish
