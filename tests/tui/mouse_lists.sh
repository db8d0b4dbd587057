#!/usr/bin/env bash
# The mouse in the views whose rows are a list (the shared rules of
# tui/view.c): a click on the column headings picks nothing, a click picks
# a row and a second click on it opens it (the feed view filters the list
# by that feed), the wheel scrolls three rows (the help). Clicks are sent
# as the terminal sends them (X10 mouse reports).
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require
export TZ=UTC BULLPEN_NOW=1764590400
"$BULLPEN" demo --db "$DB" >/dev/null || fail "demo store"
hex() { printf '%02x' "$1"; }
# mouse BUTTON_CODE X Y: a press and a release at column X, row Y (0-based).
mouse() {
    send -H 1b 5b 4d "$(hex $((32 + $1)))" "$(hex $((33 + $2)))" "$(hex $((33 + $3)))"
    send -H 1b 5b 4d "$(hex $((32 + 3)))" "$(hex $((33 + $2)))" "$(hex $((33 + $3)))"
}
click() { mouse 0 "$1" "$2"; }

tui_start 100 30 env TZ=UTC BULLPEN_NOW=$BULLPEN_NOW "$BULLPEN" --db "$DB"
wait_for_text "unread"
send F
wait_for_text "UNREAD/TOTAL"
settle
feeds=$(screen)
# Row 1 is the feed view's column headings: two clicks there do nothing.
click 10 1
click 10 1
settle
same "the feed view after clicks on its headings" "$feeds" "$(screen)"
# Row 4 is the third feed: the first click picks it, the second opens it.
click 10 4
click 10 4
wait_for_text "Articles: feed Sector Desk"
not_contains "$(screen)" "UNREAD/TOTAL" "opening a feed closes the feed view"

# The wheel scrolls the help three rows: "move-up", the fourth action,
# is then the first row.
send '?'
wait_for_text "rebind with"
[[ $(screen | sed -n 2p) == *quit* ]] || fail "the help starts at quit: $(screen | sed -n 2p)"
mouse 65 10 10 # button 5: the wheel turned down
for i in $(seq 1 100); do
    [[ $(screen | sed -n 2p) == *move-up* ]] && break
    sleep 0.05
done
[[ $(screen | sed -n 2p) == *move-up* ]] || fail "the wheel scrolls three rows: $(screen | sed -n 2p)"
send q
wait_for_gone "rebind with"
send q
wait_for_exit
finish
