#!/usr/bin/env bash
# The command line draws what is typed or pasted through the sanitiser, as
# every other text: a pasted bidi override never reaches the terminal. Text
# longer than the row shows its end after an ellipsis, with the cursor right
# after it, and the whole text is what runs.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require

"$BULLPEN" demo --db "$DB" >/dev/null || fail "demo store"
tui_start 80 24 "$BULLPEN" --db "$DB"
wait_for_text "Articles: all articles"

# bottom: the bottom row as the terminal holds it, trailing blanks dropped.
bottom() { screen | tail -n 1 | sed 's/ *$//'; }

# A right-to-left override pasted between two words.
send / "Wed$(printf '\u202e')bush"
wait_for_bottom "/Wedbush" "the override is not drawn"
case "$(bottom)" in *$'\u202e'*) fail "U+202E reached the terminal" ;; esac

# 120 characters in a row of 80: "/", the ellipsis, the last 77, the cursor.
send C-u
long=$(printf 'wd%02dxyz ' $(seq 1 15))
long=${long% }x
send "$long"
wait_for_bottom "/…${long: -77}" "the end of a long line after an ellipsis"
[ "$(tmux -L "$TUI_SOCK" display -p '#{cursor_x} #{cursor_y}')" = "79 23" ] ||
    fail "cursor not after the text: $(tmux -L "$TUI_SOCK" display -p '#{cursor_x} #{cursor_y}')"
# The whole line is the search, not the part on screen.
send Enter
wait_for_text 'search "wd01xyz wd02xyz'
send q
wait_for_exit
finish
