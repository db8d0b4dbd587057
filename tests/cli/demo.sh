#!/usr/bin/env bash
# bullpen demo builds the sample store: analysed articles across a dozen
# tickers, prices, a portfolio and a watchlist; rebuilding replaces it.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1

expect_rc 0 "$BULLPEN" demo --help
contains "$OUT" "usage" "demo --help"
expect_rc 0 "$BULLPEN" demo --db "$DB"
contains "$OUT" "demo store written to $DB" "demo output"
expect_rc 0 bp articles --ticker NVDA --limit 3 --json
json 'len(j) == 3 and all("NVDA" in a["tickers"] for a in j)'
expect_rc 0 bp portfolio list --json
json 'len(j["positions"]) == 6 and all(p["cost"] > 0 and p["last"] > 0 for p in j["positions"])'
expect_rc 0 bp watch list --json
json 'len(j) == 12'
expect_rc 0 bp search Wedbush --limit 1 --json
json 'len(j) == 1'
# Rebuilt in place: the same store, not a second copy of every article.
expect_rc 0 bp articles --limit 100000
before=$(printf '%s\n' "$OUT" | wc -l)
expect_rc 0 "$BULLPEN" --db "$DB" demo
expect_rc 0 bp articles --limit 100000
after=$(printf '%s\n' "$OUT" | wc -l)
[ "$before" -eq "$after" ] || fail "rebuild changed the count: $before -> $after"
[ "$before" -gt 2000 ] || fail "only $before demo articles"
# Default path under XDG_DATA_HOME.
expect_rc 0 "$BULLPEN" demo
[ -f "$XDG_DATA_HOME/bullpen/demo.db" ] || fail "demo.db not in XDG_DATA_HOME"
expect_rc 2 "$BULLPEN" demo --frob
is_error_line
finish
