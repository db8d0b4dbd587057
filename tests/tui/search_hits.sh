#!/usr/bin/env bash
# Search: the hits are marked in the list's headlines and in the article
# pane (the search.match colour), the status bar counts the matches (as
# `bullpen search` finds them, "1000+" past a thousand), and N on the first
# match or n on the last says so.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require
export TZ=UTC BULLPEN_NOW=1764590400
"$BULLPEN" demo --db "$DB" >/dev/null || fail "demo store"
MATCH=$'\e[30m\e[48;5;226m' # search.match in the dark theme: black on 226
# marked: the texts drawn in the search.match colour, one a line.
marked() { screen -e | grep -o "48;5;226m[^$(printf '\e')]*" | sed 's/^48;5;226m//'; }

n=$("$BULLPEN" --db "$DB" search nvidia --limit 5000 --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$n" -gt 0 ] && [ "$n" -le 1000 ] || fail "the demo has $n articles on nvidia: the test wants 1..1000"

tui_start 100 30 env TERM=tmux-256color "$BULLPEN" --db "$DB"
wait_for_text "Articles: all articles"
[ -z "$(marked)" ] || fail "marks before any search: $(marked)"
send / nvidia Enter
wait_for_text "search \"nvidia\"  $n matches  "
# Every mark in the list is the word searched for, and there are some.
hits=$(marked | sort -u)
[ "$hits" = "Nvidia" ] || fail "list marks: '$hits'"
[ "$(marked | wc -l)" -ge 3 ] || fail "too few marks in the list: $(screen)"
contains "$(screen -e)" "$MATCH" "the match colour"
# N on the first match says so, rather than nothing.
send N
wait_for_text "first match"
# The article pane marks the word in the headline and the text.
send 2
wait_for_text "[2 Article]"
[ "$(marked | sort -u)" = "Nvidia" ] || fail "article marks: '$(marked | sort -u)'"
[ "$(marked | wc -l)" -ge 2 ] || fail "too few marks in the article: $(screen)"
# A prefix marks whole words it starts; a word everywhere stops at 1000+.
send 1 / 'nvid*' Enter
wait_for_text "search \"nvid*\""
[ "$(marked | sort -u)" = "Nvidia" ] || fail "prefix marks: '$(marked | sort -u)'"
send / the Enter
wait_for_text "search \"the\"  1000+ matches  "
send G n
wait_for_text "last match"
send c
wait_for_text "filters cleared"
[ -z "$(marked)" ] || fail "marks after clearing: $(marked)"
not_contains "$(screen)" "matches" "the count after clearing"
send q
wait_for_text "[exited 0]"
finish
