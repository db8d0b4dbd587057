#!/usr/bin/env bash
# No key does nothing in silence, and no message outlives the key after it:
# a key bound to nothing and an action the view on screen has no use for
# each say so on the bottom line; an error (a bad sentiment range) is gone
# at the next key, as other messages are; Esc with nothing to close stays
# quiet; r on the demo store says why nothing is fetched.
source "$BULLPEN_TESTLIB"
tui_require

"$BULLPEN" demo --db "$DB" >/dev/null || fail "demo store"
tui_start 100 30 "$BULLPEN" --db "$DB"
wait_for_text "Articles: all articles"
hints="? help  / search  Tab pane  p trend  F feeds  q quit"
# bottom_is TEXT WHAT: the bottom line comes to read exactly TEXT.
bottom_is() {
    local i=0 last
    while [ $i -lt 100 ]; do
        last=$(screen | tail -n 1 | sed 's/ *$//')
        [ "$last" = "$1" ] && return 0
        sleep 0.05
        i=$((i + 1))
    done
    fail "$2: bottom line is '$last', wanted '$1'"
}

send y
bottom_is "y: not bound to anything (? lists the keys)" "an unbound key"
send C-l
bottom_is "$hints" "the next key clears the note"
# The claim keys are the article pane's: the list has no use for them.
send ']'
bottom_is "next-claim: nothing to do here" "] in the list"
send x
bottom_is "full-text: nothing to do here" "x outside the feed view"
send : 'trend-range' Enter
bottom_is "trend-range: nothing to do here" "an action by name"
send S 'bogus' Enter
bottom_is "sentiment: pos, neg, neutral or MIN MAX in -1..1" "a bad sentiment range"
send j
bottom_is "$hints" "an error goes at the next key"
send Escape
bottom_is "$hints" "Esc with nothing to close"
# r on the demo store, whose five sample feeds are never fetched, says
# so; it does not claim there are no feeds.
send r
bottom_is "the demo store is not fetched; add a feed of your own with: bullpen feeds add URL" \
    "r on the demo store"
# Keys that do something leave the hints alone.
send 2 ']'
wait_for_text "claim 1/"
send 1
bottom_is "$hints" "after the claim key"
send q
wait_for_exit
finish
