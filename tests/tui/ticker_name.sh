#!/usr/bin/env bash
# The ticker filter (T) takes a symbol or a company's name: "Nvidia" filters
# NVDA, a short form of a legal name ("Jack Henry") its symbol; a name the
# directory does not know is one clear line and the filter stays as it was.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require

"$BULLPEN" demo --db "$DB" >/dev/null || fail "demo store"
tui_start 100 24 "$BULLPEN" --db "$DB"
wait_for_text "Articles: all articles"

filter() { # TEXT: types TEXT at the T prompt
    send T
    wait_for_text "ticker or company"
    send -l "$1"
    send Enter
}
filter Nvidia
wait_for_text "Articles: ticker NVDA"
# The bottom line is drawn after the title: wait for it, not a first look.
wait_for_text "Nvidia: NVDA, NVIDIA CORP"
# Every row listed names NVDA.
rows=$(screen | sed -n '2,20p' | grep -E '^. +[0-9]{2}' || true)
[ -n "$rows" ] || fail "no rows under the NVDA filter"
! grep -v NVDA <<<"$rows" | grep -q . || fail "a row without NVDA under the filter: $(grep -v NVDA <<<"$rows")"

filter "Jack Henry"
wait_for_text "Articles: ticker JKHY"

filter "zzqq corp"
wait_for_text "zzqq corp: no such symbol or company"
contains "$(screen)" "Articles: ticker JKHY" "an unknown name leaves the filter as it was"

filter NVDA
wait_for_text "Articles: ticker NVDA"
send q
wait_for_exit
finish
