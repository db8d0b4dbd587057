#!/usr/bin/env bash
# Layout modes: L cycles auto -> wide -> narrow -> auto, and each step
# leaves the very screen that starting with that ui.layout draws (all but
# the bottom row, which says "layout wide"). At 120x40, auto puts the list
# above the article and the portfolio, while wide puts them side by side:
# the two screens differ, and wide's first row holds both pane titles with
# the rule between them. `:layout NAME` picks a mode; a wrong name is an
# error and changes nothing.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require
export TZ=UTC BULLPEN_NOW=1764590400
"$BULLPEN" demo --db "$DB" >/dev/null || fail "demo store"
for m in auto wide narrow; do
    printf 'ui.layout = %s\n' "$m" >"$T/$m.conf"
done
run() { echo env TZ=UTC BULLPEN_NOW=$BULLPEN_NOW "$BULLPEN" --db "$DB" --config "$T/$1.conf"; }
# above: the screen without its bottom row (messages and hints).
above() { screen | head -n -1; }

# The screen each mode draws from the start.
tui_start 120 40 $(run auto)
wait_for_text "unread"
settle
AUTO=$(above)
for m in wide narrow; do
    tui_respawn $(run "$m")
    wait_for_text "unread"
    settle
    printf -v "SCREEN_$m" '%s' "$(above)"
done
WIDE=$SCREEN_wide NARROW=$SCREEN_narrow

# 120 columns: auto stacks the panes, wide puts them side by side.
[ "$AUTO" != "$WIDE" ] || fail "wide at 120 columns draws what auto draws:
$WIDE"
first=$(head -1 <<<"$WIDE")
[[ $first == *"Articles: all articles"*"│ Article"* ]] ||
    fail "wide: the list and the article are not side by side: $first"
first=$(head -1 <<<"$AUTO")
[[ $first == *"│ Article"* ]] && fail "auto at 120x40 is side by side: $first"
contains "$(head -1 <<<"$NARROW")" "[1 List]" "narrow shows tabs"

# L from auto: wide, narrow, auto again, each as if started so.
tui_respawn $(run auto)
wait_for_text "unread"
settle
same "auto after a restart" "$AUTO" "$(above)"
for step in "wide:$WIDE" "narrow:$NARROW" "auto:$AUTO"; do
    m=${step%%:*}
    send L
    wait_for_text "layout $m"
    settle
    same "L to $m" "${step#*:}" "$(above)"
    [ "$(screen | tail -1 | sed 's/ *$//')" = "layout $m" ] || fail "L to $m: $(screen | tail -1)"
done

# :layout NAME sets the mode; a name it does not know changes nothing.
send : && send -l 'layout wide' && send Enter
wait_for_text "layout wide"
settle
same ":layout wide" "$WIDE" "$(above)"
send : && send -l 'layout sideways' && send Enter
wait_for_text "is not auto, wide or narrow"
settle
same ":layout sideways keeps wide" "$WIDE" "$(above)"
send q
wait_for_exit
finish
