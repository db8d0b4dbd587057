#!/usr/bin/env bash
# No key does nothing in silence, and no message outlives the key after it:
# a key bound to nothing and an action the view on screen has no use for
# each say so on the bottom line; an error (a bad sentiment range) is gone
# at the next key, as other messages are; Esc with nothing to close stays
# quiet; r on the demo store says why nothing is fetched.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require

"$BULLPEN" demo --db "$DB" >/dev/null || fail "demo store"
tui_start 100 30 "$BULLPEN" --db "$DB"
wait_for_text "Articles: all articles"
hints="? help  / search  Tab pane  p trend  F feeds  q quit"
send y
wait_for_bottom "y: not bound to anything (? lists the keys)" "an unbound key"
send C-l
wait_for_bottom "$hints" "the next key clears the note"
# The claim keys are the article pane's: the list has no use for them.
send ']'
wait_for_bottom "next-claim: nothing to do here" "] in the list"
send x
wait_for_bottom "full-text: nothing to do here" "x outside the feed view"
send : 'trend-range' Enter
wait_for_bottom "trend-range: nothing to do here" "an action by name"
send S 'bogus' Enter
wait_for_bottom "sentiment: pos, neg, neutral or MIN MAX in -1..1" "a bad sentiment range"
send j
wait_for_bottom "$hints" "an error goes at the next key"
send Escape
wait_for_bottom "$hints" "Esc with nothing to close"
# r on the demo store, whose five sample feeds are never fetched, says
# so; it does not claim there are no feeds.
send r
wait_for_bottom "the demo store is not fetched; add a feed of your own with: bullpen feeds add URL" \
    "r on the demo store"
# Keys that do something leave the hints alone.
send 2 ']'
wait_for_text "claim 1/"
send 1
wait_for_bottom "$hints" "after the claim key"
send q
wait_for_exit
finish
