#!/usr/bin/env bash
# A typed character is a character, never a curses key code: U+0102 ('Ă')
# has KEY_DOWN's number (0402) and once moved the list down. Unbound, it
# does nothing (the whole screen stays as it was); bound in the config
# (`bind.Ă = move-down`) it moves, as the real Down key does.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require
export TZ=UTC BULLPEN_NOW=1764590400
"$BULLPEN" demo --db "$DB" >/dev/null || fail "demo store"
run() { echo env TZ=UTC BULLPEN_NOW=$BULLPEN_NOW "$BULLPEN" --db "$DB" "$@"; }
FIRST="Alphabet misses first-quarter estimates as Google Cloud sales slow"
SECOND="JPMorgan margins expand as cost cuts pay off"
# article: the article pane's headline row (right of the rule; the panes
# stand side by side), the first below the line that ends its summary, which
# is as long as the summary is.
article() { screen | sed 's/.*│//' | awk 'f { print; exit } /^─/ { f = 1 }'; }
# wait_article TEXT: polls until the article pane's headline is TEXT.
wait_article() {
    local i
    for i in $(seq 1 100); do
        [[ $(article) == *"$1"* ]] && return 0
        sleep 0.05
    done
    fail "the article pane never showed '$1': $(article)"
}

tui_start 200 50 $(run)
wait_for_text "Portfolio & watchlist"
settle
before=$(screen)
contains "$(article)" "$FIRST" "the first article at start"
send -l 'Ă'
# The help overlay opening and closing shows the character was read.
send '?'
wait_for_text "rebind with"
send q
wait_for_gone "rebind with"
settle
same "the screen after typing U+0102" "$before" "$(screen)"

# The real Down key moves to the second article.
send Down
wait_article "$SECOND"
send q
wait_for_exit

# Bound in the config, the character is a key like any other.
printf 'bind.Ă = move-down\n' >"$T/keys.conf"
tui_respawn $(run --config "$T/keys.conf")
wait_for_text "Portfolio & watchlist"
settle
contains "$(article)" "$FIRST" "the first article at start"
send -l 'Ă'
wait_article "$SECOND"
send q
wait_for_exit
finish
