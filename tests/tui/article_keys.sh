#!/usr/bin/env bash
# The article pane's keys and header: > steps through the tickers and says
# where it is in the status line, as ] does for claims; the header names
# the feed and the author; d asks before it drops a watched symbol's tags
# (n keeps them, y drops the symbol and its tags).
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require
bp import "$BULLPEN_FIXTURES/feeds/rss2.xml" >/dev/null || fail "import"
bp watch add NVDA >/dev/null || fail "watch add"
bp watch tag NVDA semis >/dev/null || fail "watch tag"

tui_start 100 30 "$BULLPEN" --db "$DB"
wait_for_text "Nvidia tops"
# The Nvidia article is the third newest.
send j j Enter
wait_for_text "[2 Article]"
wait_for_text "by Maya Lindqvist"
contains "$(screen | sed -n 2p)" "Ledger Daily — Top Stories" "the feed's name in the header"
send '>'
wait_for_text "ticker 1/"
contains "$(screen | tail -1)" "NVDA" "the ticker's status line"
# d on a tagged symbol asks; one key answers, without Enter: n keeps it.
send d
wait_for_text "stop watching NVDA and drop its tags (semis)? y/n:"
send n
wait_for_text "NVDA is still watched, tags kept"
contains "$(bp watch list)" "semis" "tags kept after n"
send d
wait_for_text "drop its tags (semis)?"
send y
wait_for_text "NVDA removed from the watchlist"
not_contains "$(bp watch list)" "NVDA" "NVDA after y"
# An untagged symbol goes without a question.
bp watch add NVDA >/dev/null || fail "watch add again"
send d
wait_for_text "NVDA removed from the watchlist"
send q
wait_for_text "[exited 0]"
finish
