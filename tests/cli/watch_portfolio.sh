#!/usr/bin/env bash
# watch and portfolio commands against a temporary store.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1

expect_rc 0 bp watch add aapl '$nvda' brk.b
[ "$OUT" = "watching AAPL NVDA BRK.B" ] || fail "watch add confirms in one line, got '$OUT'"
[ -z "$ERR" ] || fail "watch add of new symbols prints no note: $ERR"
expect_rc 0 bp watch list --json
json '[r["symbol"] for r in j] == ["AAPL", "BRK.B", "NVDA"]'
json 'all(set(r) == {"symbol", "tags", "note", "added"} for r in j)'
json 'j[0]["added"].endswith("Z")'

# A malformed symbol anywhere refuses the whole command.
expect_rc 2 bp watch add MSFT 'BAD SYMBOL'
contains "$ERR" "'BAD SYMBOL' is not a ticker symbol" "bad symbol named"
is_error_line
expect_rc 0 bp watch list --json
json '"MSFT" not in [r["symbol"] for r in j]'
for bad in '' 'TOOLONGSYMBOLXYZ1' '-X' 'A$B' 'ÄPPLE'; do
    expect_rc 2 bp watch add "$bad"
done

# Adding twice is reported, not an error, and not in the error form.
expect_rc 0 bp watch add AAPL
[ "$ERR" = "AAPL is already watched" ] || fail "duplicate add note: $ERR"
[ -z "$OUT" ] || fail "nothing newly watched, nothing confirmed: '$OUT'"
expect_rc 0 bp watch add AAPL msft
[ "$OUT" = "watching MSFT" ] || fail "only the newly watched are confirmed, got '$OUT'"
[ "$ERR" = "AAPL is already watched" ] || fail "duplicate add note beside a new one: $ERR"
expect_rc 0 bp watch rm MSFT
[ "$OUT" = "no longer watching MSFT" ] || fail "removal confirmed, got '$OUT'"
# A refused add confirms nothing.
expect_rc 2 bp watch add $'ZZ\e[2J'
[ -z "$OUT" ] || fail "a refused add confirms nothing: '$OUT'"

expect_rc 0 bp watch tag nvda semis ai-capex
[ -z "$ERR" ] || fail "tagging a watched symbol is quiet: $ERR"
expect_rc 0 bp watch tag TSLA autos
# Tagging a symbol that is not watched watches it, and says so.
[ "$ERR" = "TSLA was not watched; now watched with tag autos" ] || fail "tag watches note: '$ERR'"
expect_rc 0 bp watch tag amd semis -old ai
[ "$ERR" = "AMD was not watched; now watched with tags semis ai" ] || fail "tags note: '$ERR'"
# Only removing a tag from a symbol not watched adds nothing and says nothing.
expect_rc 0 bp watch tag INTC -semis
[ -z "$ERR" ] || fail "untag of an unwatched symbol: '$ERR'"
expect_rc 0 bp watch list --json
json '"INTC" not in [r["symbol"] for r in j] and "AMD" in [r["symbol"] for r in j]'
expect_rc 0 bp watch rm AMD
expect_rc 0 bp watch list --json
json '[r for r in j if r["symbol"] == "NVDA"][0]["tags"] == ["ai-capex", "semis"]'
json '"TSLA" in [r["symbol"] for r in j]'
expect_rc 0 bp watch tag NVDA -semis
expect_rc 0 bp watch list --json
json '[r for r in j if r["symbol"] == "NVDA"][0]["tags"] == ["ai-capex"]'
expect_rc 2 bp watch tag NVDA 'has space'
expect_rc 2 bp watch tag NVDA

expect_rc 0 bp watch rm nvda
expect_rc 0 bp watch list
not_contains "$OUT" "NVDA" "removed symbol"
contains "$OUT" "AAPL" "plain list"
# Removing a symbol that is not watched is an error, and like a malformed
# symbol it leaves the rest of the command undone.
expect_rc 1 bp watch rm NVDA AAPL
[ -z "$OUT" ] || fail "a refused removal confirms nothing: '$OUT'"
contains "$ERR" "bullpen: watch rm: NVDA is not watched" "removing an absent symbol"
is_error_line
expect_rc 0 bp watch list
contains "$OUT" "AAPL" "a failed rm removes nothing"

# Portfolio: adds merge with a weighted average cost.
expect_rc 0 bp portfolio add aapl 10 --cost 150
expect_rc 0 bp portfolio add AAPL 30 --cost 170 --date 2024-03-01
expect_rc 0 bp portfolio add MSFT 5
expect_rc 0 bp portfolio list --json
POS=$OUT
OUT=$(python3 -c 'import json,sys; j=json.loads(sys.argv[1]); print(json.dumps(j["positions"] if isinstance(j, dict) else j))' "$POS")
json '[p["symbol"] for p in j] == ["AAPL", "MSFT"]'
json 'abs(j[0]["quantity"] - 40) < 1e-9 and abs(j[0]["cost"] - 165) < 1e-9'
json 'j[0]["opened"] == "2024-03-01" and j[1]["cost"] is None'
expect_rc 0 bp portfolio add AAPL -40
expect_rc 0 bp portfolio list
not_contains "$OUT" "AAPL" "a position reduced to zero is closed"
expect_rc 2 bp portfolio add AAPL
expect_rc 2 bp portfolio add AAPL ten
expect_rc 2 bp portfolio add AAPL 0
expect_rc 2 bp portfolio add AAPL 5 --cost -3
expect_rc 2 bp portfolio add AAPL 5 --date 2024-13-01
expect_rc 2 bp portfolio add 'no way' 5
expect_rc 1 bp portfolio rm AAPL
contains "$ERR" "no position in AAPL" "rm absent"
expect_rc 0 bp portfolio rm msft

# Import: header optional, every row checked before any is stored.
printf 'symbol,quantity,cost,date\nAMZN,12,180.5,2024-01-05\n"JPM",3,190\r\n\nKO,100,,\n' >"$T/p.csv"
expect_rc 0 bp portfolio import "$T/p.csv"
expect_rc 0 bp portfolio list --json
POS=$OUT
OUT=$(python3 -c 'import json,sys; j=json.loads(sys.argv[1]); print(json.dumps(j["positions"] if isinstance(j, dict) else j))' "$POS")
json '[p["symbol"] for p in j] == ["AMZN", "JPM", "KO"]'
json 'j[0]["opened"] == "2024-01-05" and j[2]["cost"] is None'
printf 'XOM,10,100\nCVX,ten,100\n' >"$T/bad.csv"
expect_rc 1 bp portfolio import "$T/bad.csv"
contains "$ERR" "bad.csv: line 2" "import error names file and line"
is_error_line
expect_rc 0 bp portfolio list
not_contains "$OUT" "XOM" "nothing stored from a bad file"
expect_rc 1 bp portfolio import "$T/missing.csv"
contains "$ERR" "missing.csv" "missing file named"
finish
