#!/usr/bin/env bash
# The messages view (M) at 80x24: what the status line said, newest first,
# the same message in a row counted once, and the selected one whole below
# the list when the status line had cut it at the terminal's width.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require
"$BULLPEN" demo --db "$DB" >/dev/null || fail "demo store"
tui_start 80 24 "$BULLPEN" --db "$DB"
wait_for_text "unread"

send M
wait_for_text "Messages: 0"
wait_for_text "No messages yet"
send M
wait_for_gone "Messages: 0"

# A message wider than the terminal: the status line cuts it.
long=an-imaginary-theme-whose-name-runs-well-past-eighty-columns
send : && send -l "theme $long" && send Enter
wait_for_text "theme: no theme '$long'"
not_contains "$(screen)" "or a file path)" "the status line shows the whole long message"
# The same message three times in a row is one entry.
for _ in 1 2 3; do send ']'; done
wait_for_text "nothing to do here"
send M
wait_for_text "Messages: 2"
row=$(screen | grep -n "nothing to do here" | head -1 | cut -d: -f1)
[ "$row" = 2 ] || fail "the newest message is not the first row: $(screen)"
contains "$(screen)" "(3x) next-claim: nothing to do here" "a message said three times is counted"
# The older one, selected, shows whole below the list.
send Down
wait_for_text "(dark, light, high-contrast, mono, or a file path)"
screen | grep -q "^ theme: no theme '$long'" || fail "the foot lacks the message's start: $(screen)"
# q closes the view and the desk is back.
send q
wait_for_gone "Messages: 2"
wait_for_text "unread"
send q
wait_for_text "[exited 0]"
finish
