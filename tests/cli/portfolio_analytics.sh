#!/usr/bin/env bash
# portfolio list with prices and sentiment: value, P&L, weight, 7-day
# sentiment and its change, 24-hour news, and the value-weighted total.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
SEED="$BULLPEN_TOOLS/seed_articles"
[ -x "$SEED" ] || { echo "seed_articles not built" >&2; exit 1; }
export BULLPEN_NOW=1718798400 # 2024-06-19T12:00:00Z

tab=$'\t'
"$SEED" "$DB" <<EOF || fail "seeding"
2024-06-17T09:00:00Z${tab}Nvidia rallies${tab}NVDA:1:0.5
2024-06-19T08:00:00Z${tab}Nvidia export rules${tab}NVDA:1:-0.1
2024-06-10T08:00:00Z${tab}Nvidia wobbles${tab}NVDA:1:-0.2
2024-06-18T20:00:00Z${tab}Microsoft cloud deal${tab}MSFT:0.5:0.4
2024-06-18T11:00:00Z${tab}Microsoft earlier note${tab}MSFT:0:0.9
EOF
expect_rc 0 bp prices import "$BULLPEN_FIXTURES/prices/nvda_us_d.csv" "$BULLPEN_FIXTURES/prices/msft.us.csv"
expect_rc 0 bp portfolio add NVDA 10 --cost 100 --date 2024-01-02
expect_rc 0 bp portfolio add MSFT 2 --cost 400
expect_rc 0 bp portfolio add AMD 5

expect_rc 0 bp portfolio list --json
json 'set(j) == {"positions", "value", "gross", "pnl", "cost_basis", "sentiment", "sentiment_change", "unpriced"}'
KEYS='{"symbol","quantity","cost","opened","last","last_day","value","basis","pnl","weight","sentiment_7d","sentiment_change","news_24h"}'
json "all(set(p) == $KEYS for p in j['positions'])"
json '[p["symbol"] for p in j["positions"]] == ["AMD", "MSFT", "NVDA"]'
# AMD: no price, no cost, no news: nulls, not zeros, and named unpriced.
json 'j["positions"][0] == {"symbol": "AMD", "quantity": 5, "cost": None, "opened": None, "last": None, "last_day": None, "value": None, "basis": None, "pnl": None, "weight": None, "sentiment_7d": None, "sentiment_change": None, "news_24h": 0}'
json 'j["unpriced"] == ["AMD"]'
P='[p for p in j["positions"] if p["symbol"] == "NVDA"][0]'
json "$P['last'] == 131.88 and $P['last_day'] == '2024-06-14' and $P['opened'] == '2024-01-02'"
json "abs($P['value'] - 1318.8) < 1e-9 and abs($P['pnl'] - 318.8) < 1e-9 and $P['basis'] == 'market'"
json "abs($P['weight'] - 1318.8 / (1318.8 + 885.14)) < 1e-9"
# 7 days (06-13..06-19): (0.5 - 0.1) / 2; the 7 before: -0.2.
json "abs($P['sentiment_7d'] - 0.2) < 1e-9 and abs($P['sentiment_change'] - 0.4) < 1e-9"
json "$P['news_24h'] == 1"
M='[p for p in j["positions"] if p["symbol"] == "MSFT"][0]'
json "abs($M['value'] - 885.14) < 1e-9 and abs($M['pnl'] - 85.14) < 1e-9"
# No sentiment the week before: no change. The weightless article still counts as news.
json "abs($M['sentiment_7d'] - 0.4) < 1e-9 and $M['sentiment_change'] is None and $M['news_24h'] == 1"
json 'abs(j["value"] - 2203.94) < 1e-9 and abs(j["gross"] - 2203.94) < 1e-9'
json 'abs(j["pnl"] - 403.94) < 1e-9 and abs(j["cost_basis"] - 1800) < 1e-9'
json 'abs(j["sentiment"] - (1318.8 * 0.2 + 885.14 * 0.4) / 2203.94) < 1e-9'
# Only NVDA has a change: the book's change is its own.
json 'abs(j["sentiment_change"] - 0.4) < 1e-9'

expect_rc 0 bp portfolio list
contains "$OUT" "NVDA" "text lists NVDA"
contains "$OUT" "1318.80" "value shown"
contains "$OUT" "+318.80" "P&L shown"
contains "$OUT" "59.8%" "weight shown"
contains "$OUT" "TOTAL" "totals row"
contains "$OUT" "no close and no cost, not valued: AMD" "unvalued position named"

# A cost and no close: valued at cost, marked, counted in the book.
expect_rc 0 bp portfolio rm AMD
expect_rc 0 bp portfolio add AMD 5 --cost 150
expect_rc 0 bp portfolio list --json
json '[p["basis"] for p in j["positions"]] == ["cost", "market", "market"]'
json 'j["positions"][0]["value"] == 750 and j["positions"][0]["pnl"] is None and j["unpriced"] == ["AMD"]'
json 'abs(j["value"] - 2953.94) < 1e-9 and abs(j["pnl"] - 403.94) < 1e-9'
expect_rc 0 bp portfolio list
contains "$OUT" "750.00*" "value at cost marked"
contains "$OUT" "2953.94*" "book value marked"
contains "$OUT" "* no close, valued at cost: AMD" "at-cost note"

# An empty portfolio: no positions, null totals.
expect_rc 0 "$BULLPEN" --db "$T/empty.db" portfolio list --json
json 'j == {"positions": [], "value": None, "gross": None, "pnl": None, "cost_basis": None, "sentiment": None, "sentiment_change": None, "unpriced": []}'
finish
