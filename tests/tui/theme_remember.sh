#!/usr/bin/env bash
# Themes: the light theme paints its own background on every window (blank
# cells included) rather than the terminal's; the theme chosen with :theme
# or C is remembered in the store and used at the next start; changing
# ui.theme in the config afterwards wins over the memory.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require
"$BULLPEN" demo --db "$DB" >/dev/null || fail "demo store"
LIGHT_BG='48;5;231' # the light theme's background, on a 256-colour terminal

tui_start 100 30 env TERM=tmux-256color "$BULLPEN" --db "$DB"
wait_for_text "Articles: all articles"
not_contains "$(screen -e)" "$LIGHT_BG" "the dark theme's screen"
send : 'theme light' Enter
wait_for_text "theme light"
# The rows carry the background (tmux writes a colour only where it
# changes, so rows that continue one do not repeat it).
rows=$(screen -e | grep -c "$LIGHT_BG")
[ "$rows" -ge 20 ] || fail "only $rows rows on the light background: $(screen -e | cat -v | head -5)"
send q
wait_for_text "[exited 0]"

# The next start is light without asking.
tui_respawn env TERM=tmux-256color "$BULLPEN" --db "$DB"
wait_for_text "Articles: all articles"
contains "$(screen -e)" "$LIGHT_BG" "the remembered light theme"
# C moves on from the remembered theme, and that is remembered in turn.
send C
wait_for_text "theme "
next=$(screen | tail -1 | sed 's/^theme //')
[ "$next" != light ] || fail "C did not change the theme"
send q
wait_for_text "[exited 0]"
[ "$("$BULLPEN" --db "$DB" articles --limit 1 >/dev/null; echo ok)" = ok ] || fail "store unreadable"

# A config naming another theme since then wins.
printf 'ui.theme = light\n' >"$T/cfg"
tui_respawn env TERM=tmux-256color "$BULLPEN" --config "$T/cfg" --db "$DB"
wait_for_text "Articles: all articles"
contains "$(screen -e)" "$LIGHT_BG" "the config's theme over the remembered '$next'"
send q
wait_for_text "[exited 0]"
finish
