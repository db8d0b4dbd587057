#!/usr/bin/env bash
# NO_COLOR: no colour reaches the terminal, selection still visible; a theme
# file with an error names FILE:LINE and leaves the terminal usable.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require

"$BULLPEN" demo --db "$DB" >/dev/null || fail "demo store"
tui_start 80 24 env NO_COLOR=1 TERM=xterm-256color "$BULLPEN" --db "$DB"
wait_for_text "Articles: all articles"
send Enter
wait_for_text "Overall"
s=$(screen -e)
# SGR colour parameters (30-37, 40-47, 90-107, 38;/48;) must not appear.
if printf '%s' "$s" | grep -Eq $'\e\\[([0-9]+;)*(3[0-7]|4[0-7]|9[0-7]|10[0-7]|38|48)(;[0-9]+)*m'; then
    fail "colour escapes under NO_COLOR"
fi
contains "$s" $'\e[7m' "reverse video marks the selection"
send q
send q
wait_for_exit
tmux -L "$TUI_SOCK" kill-server

printf 'normal = default default\nlist.selected = black nocolour\n' >"$T/bad.theme"
printf 'ui.theme = %s\n' "$T/bad.theme" >"$T/bad.conf"
TUI_SOCK="$TUI_SOCK-2"
tui_start 80 24 "$BULLPEN" --config "$T/bad.conf" --db "$DB"
wait_for_text "bad.theme:2: 'nocolour' is not a colour"
wait_for_text "[exited 1]"
not_contains "$(screen)" "analyser" "only the theme's error is reported"
finish
