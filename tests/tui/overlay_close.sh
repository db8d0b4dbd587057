#!/usr/bin/env bash
# Every full-screen view closes with Esc, with q and with the key that
# opened it, and leaves the desk exactly as it was: the key pressed again
# does not stack a second copy of the view that q must then close too. A
# filter asked for from a view shows the list, whatever views were open.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require

"$BULLPEN" demo --db "$DB" >/dev/null || fail "demo store"
tui_start 100 30 "$BULLPEN" --db "$DB"
wait_for_text "Articles: all articles"
# The desk as every close must bring it back, drawn whole (the key hints on
# the bottom row come last).
wait_for_bottom "? help  / search  Tab pane  p trend  F feeds  q quit" "the desk drawn"
desk=$(screen)

# KEY TITLE: the view each key opens, by its title.
for pair in '?|Keys  (rebind' 'F|Feeds: 5' '!|Alerts: 0' 'B|Brief: last 24 hours' 'O|Watchlist overview'; do
    key=${pair%%|*} title=${pair#*|}
    for closer in Escape q "$key"; do
        send "$key"
        wait_for_text "$title"
        send "$closer"
        wait_for_screen "$desk" "$key closed with $closer"
    done
    # Opened twice over another view, one close each: no copy left behind.
    send "$key"
    wait_for_text "$title"
    send "$key"
    send "$key"
    wait_for_text "$title"
    send q
    wait_for_screen "$desk" "$key pressed three times, then q"
done

# A filter asked for from a view opened over another (the trend over the
# overview, the feeds over the help) shows the list: every view gives way.
send O
wait_for_text "Watchlist overview"
send Enter
wait_for_text "Trend AAPL"
send Enter
wait_for_text "Articles: ticker AAPL"
not_contains "$(screen)" "Watchlist overview" "the overview closed with the trend"
send c '?' F
wait_for_text "Feeds: 5"
send Enter
wait_for_text "Articles: feed Market Wire"
not_contains "$(screen)" "Keys  (rebind" "the help closed with the feeds"
# A pane asked for by its number (2: the article) shows, in place of the
# views above it, rather than taking the keys unseen behind them.
send F
wait_for_text "Feeds: 5"
send 2
wait_for_gone "Feeds: 5"
wait_for_text "[2 Article]"
send q
wait_for_exit
contains "$(screen)" "[exited 0]" "quits from the desk"
finish
