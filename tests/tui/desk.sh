#!/usr/bin/env bash
# First run opens the demo desk; list, detail with highlights, portfolio,
# trend, overview, help and feeds; resize between 80x24 and 200x60; quit.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require

tui_start 80 24 "$BULLPEN"
wait_for_text "demo store: add feeds with: bullpen feeds add URL" 30
wait_for_text "[1 List]"
[ -f "$XDG_DATA_HOME/bullpen/demo.db" ] || fail "first run did not build the demo store"
[ -f "$XDG_DATA_HOME/bullpen/bullpen.db" ] && fail "first run created the default store"
contains "$(screen)" "Articles: all articles" "list title"

# Detail: Enter opens the selected article; tickers are coloured.
send Enter
wait_for_text "[2 Article]"
wait_for_text "Overall"
body=$(screen -e)
contains "$body" $'\e[' "colour escapes in the detail pane"
send ']'
wait_for_text "claim 1/"
send '>'
wait_for_text "[cursor "

# Portfolio pane with positions.
send Tab
wait_for_text "[3 Portfolio]"
wait_for_text "NVDA"
contains "$(screen)" "Sentiment" "portfolio sentiment"
# The tab numbers focus their panes.
send 1
wait_for_text "[1 List]"
send 3
wait_for_text "[3 Portfolio]"

# Selecting a row filters the list by that symbol.
send Enter
wait_for_text "Articles: ticker AAPL"
send c
wait_for_text "Articles: all articles"

# Trend of the ticker on the selected row; ranges and buckets switch.
send p
wait_for_text "Trend "
wait_for_text "90 days, 2 days a column"
send z
wait_for_text "365 days, 6 days a column"
send b
wait_for_text "365 days by week"
send q
wait_for_gone "Trend "

# Watchlist overview and the help, generated from the action table.
send O
wait_for_text "Watchlist overview"
wait_for_text "megacap"
send q
send '?'
wait_for_text "move-down"
contains "$(screen)" "Move down one line" "help text"
send q
wait_for_gone "move-down"

# Resize: wide shows every pane at once, narrow goes back to tabs.
tui_resize 200 60
wait_for_text "Portfolio & watchlist"
contains "$(screen)" "Articles: all articles" "wide layout shows the list"
contains "$(screen)" "Overall" "wide layout shows the detail"
tui_resize 80 24
wait_for_text "[1 List]"
tui_resize 120 40
wait_for_text "Portfolio & watchlist"

# End jumps to the oldest article, Home back to the newest.
send End
wait_for_text "more above"
send Home
wait_for_gone "more above"

send q
wait_for_text "[exited 0]"
finish
