#!/usr/bin/env bash
# bullpen brief on the demo store: every name's news against its usual pace,
# sentiment and change, claims with source and link, prices, the portfolio.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1

expect_rc 0 bp demo --db "$DB"

# Default: the positions and the watchlist, most news first, then the portfolio.
expect_rc 0 bp brief
contains "$OUT" "Brief: the last 24 hours" "heading"
contains "$OUT" "  News       " "news line"
contains "$OUT" "usual pace" "usual pace"
contains "$OUT" "  Sentiment  " "sentiment line"
contains "$OUT" "  Price      " "price line"
contains "$OUT" "https://demo.bullpen.invalid/" "claim links"
contains "$OUT" "Portfolio" "portfolio section"
contains "$OUT" "value-weighted" "portfolio sentiment"
contains "$OUT" "Moved by" "movers"
not_contains "$OUT" $'\e' "escape sequences"

expect_rc 0 bp brief --format json
json 'set(j) == {"since", "until", "base_days", "names", "portfolio"}'
json 'j["base_days"] == 28 and j["since"].endswith("Z")'
json 'len(j["names"]) >= 5'
json '[n["articles"] for n in j["names"]] == sorted([n["articles"] for n in j["names"]], reverse=True)'
json 'all(set(n) >= {"symbol", "position", "articles", "usual_articles", "sentiment", "sentiment_before", "sentiment_change", "alerts", "price", "claims", "latest"} for n in j["names"])'
json 'any(n["claims"] for n in j["names"])'
json 'all(c["link"].startswith("https://") and c["source"] and c["text"] and c["article_id"] > 0 for n in j["names"] for c in n["claims"])'
json 'all(len(n["claims"]) <= 3 and len(n["latest"]) <= 3 for n in j["names"])'
json 'all(abs(c["sentiment"]) >= abs(d["sentiment"]) for n in j["names"] for c, d in zip(n["claims"], n["claims"][1:]))'
json 'j["portfolio"]["value"] > 0 and -1 <= j["portfolio"]["sentiment"] <= 1'
json 'all(0 < m["weight"] <= 1 for m in j["portfolio"]["moved_by"])'
# Window sentiment agrees with the article count: no articles, no reading.
json 'all((n["sentiment"] is None) == (n["articles"] == 0) for n in j["names"])'

# Named symbols keep their order; a week; Markdown.
expect_rc 0 bp brief NVDA aapl --since 7d --format json
json '[n["symbol"] for n in j["names"]] == ["NVDA", "AAPL"]'
json 'j["names"][0]["articles"] >= 1 and j["names"][0]["price"]["close"] > 0'
expect_rc 0 bp brief NVDA --since 7d --format markdown
contains "$OUT" "# Brief: the last 7 days" "markdown heading"
contains "$OUT" "## NVDA" "markdown name"
contains "$OUT" "([link](https://" "markdown links"

# --watchlist only: no portfolio section.
expect_rc 0 bp brief --watchlist --format json
json 'j["portfolio"] is None and all(not n["position"] or True for n in j["names"])'

# Mistakes are one line and exit 2.
expect_rc 2 bp brief --since 5x
is_error_line
expect_rc 2 bp brief --format yaml
is_error_line
expect_rc 2 bp brief NVDA --watchlist
is_error_line
expect_rc 2 bp brief 'BAD SYMBOL!'
is_error_line

# --llm with no endpoint says how to set one.
expect_rc 1 bp brief --llm
is_error_line
contains "$ERR" "llm.url" "how to configure"

# On a Sunday the window holds no close: the price line shows the last
# session's move, Friday's close against Thursday's.
export BULLPEN_NOW=$(date -u -d '2026-12-06 09:00' +%s)
expect_rc 0 bp demo --db "$T/sunday.db"
expect_rc 0 bp --db "$T/sunday.db" brief NVDA
contains "$OUT" "  Price      " "weekend price line"
contains "$OUT" "on 2026-12-04, " "Friday's close"
contains "$OUT" "from " "against the close before"
contains "$OUT" " on 2026-12-03" "Thursday's close"
unset BULLPEN_NOW

finish
