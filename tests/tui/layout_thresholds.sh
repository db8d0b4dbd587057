#!/usr/bin/env bash
# The auto layout's thresholds, as README states them for the terminal (the
# status bar's two rows included): side by side from 160 columns and 32
# rows, list above article and portfolio from 110 columns and 34 rows, tabs
# on any smaller terminal. Each size is reached by a resize.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require
export TZ=UTC BULLPEN_NOW=1764590400
"$BULLPEN" demo --db "$DB" >/dev/null || fail "demo store"

arrangement() { # what the first row says: side, stacked or tabs
    local first
    first=$(screen | head -1)
    case "$first" in
    *"[1 List]"*) echo tabs ;;
    *"│ Article"*) echo side ;;
    *"Articles: all articles"*) echo stacked ;;
    *) echo "unknown: $first" ;;
    esac
}

tui_start 80 24 env TZ=UTC BULLPEN_NOW=$BULLPEN_NOW "$BULLPEN" --db "$DB"
wait_for_text "unread"
# No tmux status line: the pane is the whole window, rows as given.
tmux -L "$TUI_SOCK" set -g status off
for want in 160x32:side 160x31:tabs 159x40:stacked 110x34:stacked 110x33:tabs 109x40:tabs 200x50:side 80x24:tabs; do
    size=${want%%:*}
    tui_resize "${size%x*}" "${size#*x}"
    got=""
    for _ in $(seq 1 40); do
        got=$(arrangement)
        [ "$got" = "${want#*:}" ] && break
        sleep 0.05
    done
    [ "$got" = "${want#*:}" ] || fail "at $size the auto layout is '$got', README says ${want#*:}"
    [ "$(tmux -L "$TUI_SOCK" display -p '#{pane_width}x#{pane_height}')" = "$size" ] ||
        fail "the pane is $(tmux -L "$TUI_SOCK" display -p '#{pane_width}x#{pane_height}'), not $size"
done

send q
wait_for_exit
finish
