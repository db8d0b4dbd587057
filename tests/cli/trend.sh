#!/usr/bin/env bash
# trend: day and week buckets of article count, weighted sentiment and close,
# from hand-made analysed articles and price fixtures; "today" pinned.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
SEED="$BULLPEN_TOOLS/seed_articles"
[ -x "$SEED" ] || { echo "seed_articles not built" >&2; exit 1; }
export BULLPEN_NOW=1718798400 # 2024-06-19T12:00:00Z, a Wednesday

tab=$'\t'
"$SEED" "$DB" <<EOF || fail "seeding"
2024-06-17T09:00:00Z${tab}Nvidia rallies${tab}NVDA:1.0:0.5
2024-06-17T15:00:00Z${tab}Nvidia slips on supply worry${tab}NVDA:0.5:-0.4,AMD:0.3:0.1
2024-06-12T10:00:00Z${tab}Chip roundup${tab}NVDA:0:0.9
2024-06-19T08:00:00Z${tab}Nvidia export rules${tab}NVDA:0.8:-0.3
2024-05-01T08:00:00Z${tab}Old news${tab}NVDA:1:1
EOF
expect_rc 0 bp prices import "$BULLPEN_FIXTURES/prices/nvda_us_d.csv"

expect_rc 0 bp trend NVDA --days 10 --json
json 'set(j) == {"symbol", "bucket", "points"} and j["symbol"] == "NVDA" and j["bucket"] == "day"'
json '[p["start"] for p in j["points"]] == ["2024-06-%02d" % d for d in range(10, 20)]'
json 'all(set(p) == {"start", "articles", "sentiment", "close"} for p in j["points"])'
json 'j["points"][0] == {"start": "2024-06-10", "articles": 0, "sentiment": None, "close": 121.79}'
# A day whose only article has no weight: counted, sentiment null.
json 'j["points"][2] == {"start": "2024-06-12", "articles": 1, "sentiment": None, "close": 125.2}'
# Relevance-weighted mean: (1.0*0.5 + 0.5*-0.4) / 1.5 = 0.2
json 'j["points"][7]["articles"] == 2 and abs(j["points"][7]["sentiment"] - 0.2) < 1e-6 and j["points"][7]["close"] is None'
json 'j["points"][9]["articles"] == 1 and abs(j["points"][9]["sentiment"] + 0.3) < 1e-6'
json 'sum(p["articles"] for p in j["points"]) == 4'

# Weeks start on Monday; the close is the last one in the week.
expect_rc 0 bp trend nvda --days 14 --bucket week --json
json 'j["bucket"] == "week" and [p["start"] for p in j["points"]] == ["2024-06-03", "2024-06-10", "2024-06-17"]'
json 'j["points"][0] == {"start": "2024-06-03", "articles": 0, "sentiment": None, "close": None}'
json 'j["points"][1] == {"start": "2024-06-10", "articles": 1, "sentiment": None, "close": 131.88}'
json 'j["points"][2]["articles"] == 3 and abs(j["points"][2]["sentiment"] - (0.5 - 0.2 - 0.24) / 2.3) < 1e-6'

# --until pins the end instead of today.
expect_rc 0 bp trend NVDA --days 3 --until 2024-06-12 --json
json '[p["start"] for p in j["points"]] == ["2024-06-10", "2024-06-11", "2024-06-12"]'
# The default range: 30 days ending today.
expect_rc 0 bp trend AMD --json
json 'len(j["points"]) == 30 and j["points"][-1]["start"] == "2024-06-19" and j["points"][0]["start"] == "2024-05-21"'
json 'j["points"][-3]["articles"] == 1 and abs(j["points"][-3]["sentiment"] - 0.1) < 1e-6'

# Text output: one row per bucket, "-" where there is nothing.
expect_rc 0 bp trend NVDA --days 10
contains "$OUT" "2024-06-17         2     +0.200" "text row"
contains "$OUT" "2024-06-10         0          -        121.79" "text row with close"
[ "$(printf '%s\n' "$OUT" | grep -c '^2024-')" -eq 10 ] || fail "ten rows: $OUT"

# The watchlist: one object per watched symbol, in symbol order.
expect_rc 0 bp watch add NVDA AMD
expect_rc 0 bp trend --watchlist --days 7 --json
json '[o["symbol"] for o in j] == ["AMD", "NVDA"] and all(len(o["points"]) == 7 for o in j)'
expect_rc 0 bp trend --watchlist --days 7
contains "$OUT" "AMD  daily 2024-06-13..2024-06-19" "watchlist text"

# Usage errors.
expect_rc 2 bp trend
expect_rc 2 bp trend NVDA --bucket month
contains "$ERR" "'month' is not day or week" "bucket named"
expect_rc 2 bp trend NVDA --days 0
expect_rc 2 bp trend NVDA --watchlist
expect_rc 2 bp trend NVDA --until 2024-13-01
expect_rc 2 bp trend 'NOT VALID'
finish
