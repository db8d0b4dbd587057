#!/usr/bin/env bash
# The trend view (p) over the demo store at a fixed time: a year by day
# shows the whole year, several days a column when the width is short, and
# says so; the sentiment and price panes share their first and last day
# and their columns, with the dates under each; the price change names its
# period; at 120x40 the charts fill the height down to the status line.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require
export TZ=UTC BULLPEN_NOW=1764590400 # 2025-12-01 12:00 UTC
"$BULLPEN" demo --db "$DB" >/dev/null || fail "demo store"
RUN=(env TZ=UTC BULLPEN_NOW=$BULLPEN_NOW "$BULLPEN" --db "$DB")

# col TEXT LINE N: the column of TEXT's Nth occurrence in LINE (0-based), or -1.
col() {
    python3 -c 'import sys
t, s, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
i = -1
for _ in range(n):
    i = s.find(t, i + 1)
    if i < 0: break
print(i)' "$1" "$2" "$3"
}
# line_of TEXT: the screen row (0-based) of the first line holding TEXT.
line_of() { screen | grep -n -F -- "$1" | head -1 | cut -d: -f1 | awk '{print $1 - 1}'; }

tui_start 120 40 "${RUN[@]}"
wait_for_text "unread"
send p
wait_for_text "Trend GOOGL"
wait_for_text "over 90 days"
s=$(screen)
contains "$s" "90 days, 2 days a column" "90 days at 120 columns, bucketed and said"
contains "$s" "close 156.87, +0.5% over 90 days" "the price change names its period"

# Both panes: the same first and last day, on the same row, at the same
# place within each pane (the panes are 60 columns apart at 120).
dates=$(screen | grep -F "2025-09-03" | head -1)
contains "$dates" "2025-12-01" "first and last day on one row"
a1=$(col 2025-09-03 "$dates" 1) a2=$(col 2025-09-03 "$dates" 2)
z1=$(col 2025-12-01 "$dates" 1) z2=$(col 2025-12-01 "$dates" 2)
[ "$a2" -gt 0 ] && [ $((a2 - a1)) -eq 60 ] ||
    fail "the first day is not aligned in both panes ($a1, $a2): $dates"
[ "$z2" -gt 0 ] && [ $((z2 - z1)) -eq 60 ] ||
    fail "the last day is not aligned in both panes ($z1, $z2): $dates"

# The charts grow to the height: the dates sit on the row above the status
# line (row 37 of 40), the sentiment scale spans more than 21 rows.
row=$(line_of "2025-09-03")
[ "$row" -eq 37 ] || fail "the dates are on row $row, not 37 (the charts leave rows empty):
$(screen)"
top=$(line_of " +1 ") bot=$(line_of " -1 ")
[ $((bot - top)) -gt 21 ] || fail "the sentiment chart spans rows $top..$bot only"

# A year by day: the whole year, 2024-12-02 to 2025-12-01, and how many
# days a column; never "365 days by day" over fewer days.
send z
wait_for_text "over 365 days"
s=$(screen)
contains "$s" "365 days, 8 days a column" "a year at 120 columns"
not_contains "$s" "365 days by day" "a year by day claimed while bucketed"
dates=$(screen | sed -n 38p)
[ "$(col 2024-12-02 "$dates" 2)" -gt 0 ] || fail "the year's first day in both panes: $dates"
[ "$(col 2025-12-01 "$dates" 2)" -gt 0 ] || fail "the year's last day in both panes: $dates"

# By week: the year's weeks, the last label today.
send b
wait_for_text "weeks a column"
dates=$(screen | sed -n 38p)
contains "$dates" "2024-12-02" "the first week's day"
contains "$dates" "2025-12-01" "the last day by week"

# 80x24, one pane: a year, 6 days a column, the dates under the chart on
# the row above the status line, the price change with its period.
tui_resize 80 24
send b
wait_for_text "6 days a column"
s=$(screen)
contains "$s" "365 days, 6 days a column" "a year at 80 columns"
contains "$s" "close 156.87, -4.7% over 365 days" "the year's price change"
dates=$(screen | sed -n 22p)
contains "$dates" "2024-12-02" "the year's first day at 80x24"
contains "$dates" "2025-12-01" "the year's last day at 80x24"

# 30 days fits by day.
send z
wait_for_text "over 30 days"
contains "$(screen)" "30 days by day" "30 days one a column"
send q
wait_for_gone "Trend GOOGL"
send q
wait_for_text "[exited 0]"
finish
