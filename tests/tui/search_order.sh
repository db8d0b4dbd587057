#!/usr/bin/env bash
# The search's order: R (or :order newest|best) switches between newest
# first and best match first; the filter line says which, the count of
# matches stays the same, and the list pages to its end in either order.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require
export TZ=UTC
# 30 articles on turbines, stored oldest first: article k says "turbine"
# (k % 5) + 1 times in twelve words, the strongest of all (k = 4) second
# oldest; then one that does not match.
python3 - "$T/feed.xml" <<'PY'
import sys
items = []
for k in range(30):
    words = ["turbine"] * (k % 5 + 1) + ["grid"] * (11 - k % 5)
    items.append(f"<item><guid>t{k}</guid><title>Power report {k:02d}</title>"
                 f"<link>https://news.example.com/t{k}</link>"
                 f"<pubDate>Wed, 14 Feb 2024 {k // 60:02d}:{k % 60:02d}:00 GMT</pubDate>"
                 f"<description>{' '.join(words)}</description></item>")
items.append("<item><guid>x</guid><title>Bank earnings beat</title>"
             "<link>https://news.example.com/x</link>"
             "<pubDate>Wed, 14 Feb 2024 12:00:00 GMT</pubDate>"
             "<description>Net interest income rose.</description></item>")
open(sys.argv[1], "w").write('<?xml version="1.0"?><rss version="2.0"><channel>'
    "<title>Wire</title><link>https://news.example.com/</link>" + "".join(items)
    + "</channel></rss>")
PY
expect_rc 0 bp import "$T/feed.xml" --feed https://news.example.com/feed
# The line of the first list row (below the title bar).
first_row() { screen | sed -n 2p; }

tui_start 120 20 "$BULLPEN" --db "$DB"
wait_for_text "Articles: all articles"
send / turbine Enter
wait_for_text "search \"turbine\"  30 matches  "
contains "$(first_row)" "Power report 29" "newest first"
send R
wait_for_text "search \"turbine\", best match  30 matches  "
# The five-word texts lead, newest stored first among equals.
contains "$(first_row)" "Power report 29" "best: 29 has five"
screen | sed -n 3p | grep -q "Power report 24" || fail "best: 24 is second: $(screen)"
send j
wait_for_text "Articles: search"
send G
# The end of the best-match order: the one-word texts, the oldest last.
wait_for_text "(more above: g)"
last=$(screen | grep "Power report" | tail -1)
contains "$last" "Power report 00" "the weakest, oldest match is last"
contains "$(screen | grep "Power report" | tail -2 | head -1)" "Power report 05" "then 05"
n_rows=$(screen | grep -c "Power report")
send g
wait_for_gone "(more above: g)"
contains "$(first_row)" "Power report 29" "back at the top"
# Paging down through the whole list meets every match once.
seen=""
for _ in 1 2 3 4 5 6; do
    seen+=$(screen | grep -o "Power report [0-9][0-9]")$'\n'
    send PgDn
    sleep 0.2
done
uniq_n=$(sort -u <<<"$seen" | grep -c "Power report")
[ "$uniq_n" -eq 30 ] || fail "paging met $uniq_n of 30 matches: $(sort <<<"$seen" | uniq -c | tr '\n' ' ')"
[ "$n_rows" -lt 30 ] || fail "the window shows all 30 rows at once: the paging test needs fewer"
# :order newest goes back; a bad word is refused.
send : order Space newest Enter
wait_for_text "searches list the newest first"
wait_for_text "search \"turbine\"  30 matches  "
send g
contains "$(first_row)" "Power report 29" "newest first again"
send j j
send : order Space best Enter
wait_for_text "search \"turbine\", best match  30 matches  "
contains "$(first_row)" "Power report 29" "best again"
screen | sed -n 3p | grep -q "Power report 24" || fail "second best is 24: $(screen)"
send : order Space oldest Enter
wait_for_text "order: 'oldest' is not newest or best"
send q
wait_for_text "[exited 0]"
finish
