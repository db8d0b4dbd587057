#!/usr/bin/env bash
# Bindings from the config, themes by name and path, NO_COLOR, search and
# filters from the command line, starring, and opening a link through
# $BROWSER (argv, no shell).
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require

"$BULLPEN" demo --db "$DB" >/dev/null || fail "demo store"
mkdir -p "$XDG_CONFIG_HOME/bullpen/themes"
cat >"$XDG_CONFIG_HOME/bullpen/config" <<CFG
ui.theme = light
bind.x = quit
bind.j = none
bind.F2 = overview
# bind.y = quit: a comment, though it starts with the key character
bind.= = overview
bind.# = filter-feed
CFG
cat >"$T/browser.sh" <<'SH'
#!/bin/sh
printf '%s\n' "$@" >"$BROWSER_OUT"
SH
chmod +x "$T/browser.sh"

# The key list the binary prints follows the config too.
keys=$("$BULLPEN" open --keys) || fail "open --keys"
contains "$keys" $'x\tquit\t' "x listed as quit"
contains "$keys" $'F2\toverview\t' "F2 listed as overview"
not_contains "$keys" $'j\tmove-down' "j unbound in the list"
contains "$keys" $'Down\tmove-down\t' "Down still moves down"
contains "$keys" $'=\toverview\t' "= bound by its own character"
contains "$keys" $'#\tfilter-feed\t' "# bound by its own character"
not_contains "$keys" $'y\tquit' "a commented line binds nothing"

tui_start 100 30 env BROWSER="$T/browser.sh --new-tab" BROWSER_OUT="$T/opened" \
    "$BULLPEN" --db "$DB"
wait_for_text "Articles: all articles"
# The help reflects the rebinding.
send '?'
wait_for_text "move-down"
contains "$(screen | grep move-down)" "Down" "move-down keeps Down"
not_contains "$(screen | grep move-down)" "j " "j unbound"
contains "$(screen | grep ' quit ')" "x" "x bound to quit"
send q
wait_for_gone "move-down"
send F2
wait_for_text "Watchlist overview"
send Escape
wait_for_gone "Watchlist overview"
send =
wait_for_text "Watchlist overview"
send Escape
wait_for_gone "Watchlist overview"
send '#'
wait_for_text "feed (name or id"
send Escape

# Search with /, then n moves to the next match.
send / 'Wedbush' Enter
wait_for_text 'Articles: search "Wedbush"'
send n
# A bad FTS query is an error in the status line, not a crash.
send / '"unbalanced' Enter
wait_for_text "bad query"
send c
wait_for_text "Articles: all articles"

# Filters by command line and keys.
send : 'filter-ticker nvda' Enter
wait_for_text "Articles: ticker NVDA"
send S 'neg' Enter
wait_for_text "sentiment -1.00..-0.15"
send D '30d' Enter
wait_for_text "dates "
send W
wait_for_text "watchlist"
send u
wait_for_text "unread"
send c
wait_for_text "Articles: all articles"
send : 'filter-feed Street' Enter
wait_for_text "feed Street Ledger"
send c

# Star the selected article; it shows in the starred filter.
send s
send '*'
wait_for_text "Articles: starred"
wait_for_text "★"
send c

# Themes switch by key and by name; an unknown one is an error.
send C
wait_for_text "theme high-contrast"
send : 'theme nosuch' Enter
# the whole message, 75 columns, so it fits an 80-column status line
wait_for_text "theme: no theme 'nosuch' (dark, light, high-contrast, mono, or a file path)"

# The link opens through $BROWSER with its own argument, never a shell.
send Down
send o
i=0
while [ ! -s "$T/opened" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
opened=$(cat "$T/opened" 2>/dev/null)
contains "$opened" "--new-tab" "BROWSER arguments"
contains "$opened" "https://demo.bullpen.invalid/" "the link"

send x
wait_for_exit
finish

