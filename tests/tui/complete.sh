#!/usr/bin/env bash
# Tab completes in the prompts: a feed's name at @ (Enter then filters by
# it), the store's tags at #, symbols at T ("NV" gives NVDA), action names
# at :. One Tab adds what the candidates share; the candidates, when more
# than one, are listed in the status bar, cut with "… N more".
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require

"$BULLPEN" demo --db "$DB" >/dev/null || fail "demo store"
tui_start 100 24 "$BULLPEN" --db "$DB"
wait_for_text "Articles: all articles"

# @: a partial, lower-case feed name completes to the feed's name.
send @
wait_for_text "feed (name or id"
send -l "street"
send Tab
wait_for_text "empty clears): Street Ledger"
send Enter
wait_for_text "Articles: feed Street Ledger"

# #: Tab on nothing lists the tags.
send '#'
wait_for_text "tag (empty clears):"
send Tab
wait_for_text "megacap"
for t in autos banks health semis; do contains "$(screen)" "$t" "tags listed"; done
# One letter more, one tag: it completes, and Enter filters by it.
send -l s
send Tab
wait_for_text "tag (empty clears): semis"
send Enter
wait_for_text "tag semis"

# T: "NV" completes to NVDA, case-insensitively too.
send T
wait_for_text "ticker or company"
send -l "nv"
send Tab
wait_for_text "ticker or company (empty clears): NVDA"
send Enter
wait_for_text "ticker NVDA"

# :: "fil" lists the filter actions, completing to what they share.
send :
send -l "fil"
send Tab
wait_for_text ":filter-"
for a in filter-ticker filter-feed filter-tag; do contains "$(screen)" "$a" "filter actions listed"; done
# A narrow terminal cuts the list with a count of those left out.
tui_resize 60 24
wait_for_text "more"
contains "$(screen)" "… " "the cut list ends with an ellipsis"
tui_resize 100 24
send -l "c"
send Tab
wait_for_text ":filter-clear"
send Enter
wait_for_text "filters cleared"
wait_for_text "Articles: all articles"

# :theme's argument completes to a theme's name.
send :
send -l "theme hi"
send Tab
wait_for_text ":theme high-contrast"
send Escape

# A prompt with nothing to complete says so.
send T
wait_for_text "ticker or company"
send -l "zzqx"
send Tab
wait_for_text "(no match)"
send Escape
wait_for_gone "(no match)"

send q
wait_for_exit
finish
