#!/usr/bin/env bash
# alerts: rule parsing with pointed errors, the four kinds firing on new
# articles (checked the way the fetch pass checks them), once per article,
# commands run without a shell and without holding up the caller, the log.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
SEED="$BULLPEN_TOOLS/seed_articles"
[ -x "$SEED" ] || { echo "seed_articles not built" >&2; exit 1; }
tab=$'\t'

# Malformed rules: usage errors that point at the problem; nothing stored.
expect_rc 2 bp alerts add 'sentiment NVDA < x'
[ "$ERR" = "bullpen: alerts add: 'sentiment NVDA < x': expected a number after '<' (column 17)" ] ||
    fail "error text: $ERR"
expect_rc 2 bp alerts add 'sentiment NVDA'
contains "$ERR" "expected <, <=, > or >= after 'NVDA' (column 15)" "missing operator"
expect_rc 2 bp alerts add 'sentiment NVDA = 0.2'
contains "$ERR" "'=' is not a comparison (use <, <=, > or >=) (column 16)" "bad operator"
expect_rc 2 bp alerts add 'sentiment NVDA > 2'
contains "$ERR" "out of range" "threshold range"
expect_rc 2 bp alerts add 'mention'
contains "$ERR" "expected a symbol after 'mention' (column 8)" "missing symbol"
expect_rc 2 bp alerts add 'mention AM ZN'
contains "$ERR" "unexpected 'ZN' after 'AM' (column 12)" "extra word"
expect_rc 2 bp alerts add 'mention $$$'
contains "$ERR" "is not a ticker symbol (column 9)" "bad symbol"
expect_rc 2 bp alerts add 'keyword "guidance cut'
contains "$ERR" "unterminated quote (column 9)" "open quote"
expect_rc 2 bp alerts add 'keyword'
contains "$ERR" "expected a phrase after 'keyword' (column 8)" "missing phrase"
expect_rc 2 bp alerts add 'headline AMZN'
contains "$ERR" "'headline' is not a rule" "unknown kind"
is_error_line
expect_rc 2 bp alerts add 'watchlist now'
expect_rc 2 bp alerts add mention AMZN --exec
expect_rc 2 bp alerts add
expect_rc 0 bp alerts list --json
json 'j == []'

# Rules; the words may come unquoted.
expect_rc 0 bp alerts add 'mention AMZN'
[ "$OUT" = 1 ] || fail "first rule id: $OUT"
expect_rc 0 bp alerts add sentiment nvda '<' -0.3
expect_rc 0 bp alerts add 'keyword "guidance cut"' --exec sh -c 'env | grep ^BULLPEN_ | sort >"$0"' "$T/exec.out"
expect_rc 0 bp alerts add watchlist
expect_rc 0 bp alerts add 'sentiment NVDA>=0.5'
expect_rc 0 bp alerts add 'keyword recall' --exec sleep 30
expect_rc 0 bp alerts add 'keyword merger' --exec "$T/no-such-command"
expect_rc 0 bp alerts list --json
json 'len(j) == 7 and [r["id"] for r in j] == list(range(1, 8))'
json 'j[1] == {"id": 2, "spec": "sentiment nvda < -0.3", "kind": "sentiment", "symbol": "NVDA", "op": "<", "threshold": -0.3, "keyword": None, "exec": None, "created": j[1]["created"], "enabled": True}'
json 'j[2]["kind"] == "keyword" and j[2]["keyword"] == "guidance cut" and j[2]["exec"][:2] == ["sh", "-c"]'
json 'j[3]["kind"] == "watchlist" and j[4]["op"] == ">=" and j[4]["threshold"] == 0.5'
expect_rc 0 bp alerts list
contains "$OUT" "mention AMZN" "text list"

expect_rc 0 bp watch add TSLA
start=$(date +%s)
"$SEED" "$DB" --alerts >"$T/fired" <<EOF || fail "seeding"
1718700000${tab}Amazon expands Trainium${tab}AMZN:1:0.5
1718700100${tab}Nvidia slumps on export rules${tab}NVDA:1:-0.45
1718700200${tab}Nvidia flat${tab}NVDA:1:-0.3
1718700300${tab}Retailer warns${tab}-${tab}The company announced a GUIDANCE\\n  cut for the year.
1718700400${tab}Guidance cuts loom${tab}-${tab}Several guidance cuts expected.
1718700500${tab}Tesla deliveries${tab}TSLA:0.7:0.2
1718700600${tab}Nvidia soars${tab}NVDA:0.9:0.6
1718700700${tab}Carmaker recall widens${tab}-
1718700800${tab}Merger talk${tab}-
EOF
FIRED=$(cat "$T/fired")
# The sleeping command did not hold the caller.
[ $(($(date +%s) - start)) -lt 20 ] || fail "seeding waited for a command"
contains "$FIRED" "fired 1 1 AMZN AMZN mentioned (sentiment +0.50)" "mention"
contains "$FIRED" "fired 2 2 NVDA NVDA sentiment -0.45 < -0.30" "sentiment below"
not_contains "$FIRED" "fired 2 3 " "-0.3 is not below -0.3"
contains "$FIRED" 'fired 3 4 - keyword "guidance cut"' "keyword across a line break, any case"
not_contains "$FIRED" "fired 3 5 " "whole words only"
contains "$FIRED" "fired 4 6 TSLA watched TSLA mentioned" "watchlist"
contains "$FIRED" "fired 5 7 NVDA NVDA sentiment +0.60 >= +0.50" "sentiment above"
contains "$FIRED" "fired 6 8 " "recall rule"
contains "$FIRED" "fired 7 9 - keyword \"merger\" exec-error:" "missing command reported"
[ "$(wc -l <"$T/fired")" -eq 7 ] || fail "seven events: $FIRED"

# The command ran with the article in its environment.
for _ in $(seq 100); do [ -s "$T/exec.out" ] && break; sleep 0.05; done
EXEC=$(cat "$T/exec.out" 2>/dev/null)
contains "$EXEC" "BULLPEN_ARTICLE_ID=4" "article id"
contains "$EXEC" "BULLPEN_TITLE=Retailer warns" "title"
contains "$EXEC" "BULLPEN_LINK=https://example.com/news" "link"
contains "$EXEC" "BULLPEN_FEED=Seed" "feed"
contains "$EXEC" "BULLPEN_PUBLISHED=2024-06-18T08:45:00Z" "published"
contains "$EXEC" "BULLPEN_RULE=3" "rule"
contains "$EXEC" "BULLPEN_SENTIMENT=" "sentiment"
contains "$EXEC" "BULLPEN_SYMBOL=" "symbol"

# Seeding the same articles again stores nothing and fires nothing.
"$SEED" "$DB" --alerts >"$T/fired2" <<EOF || fail "reseeding"
1718700000${tab}Amazon expands Trainium${tab}AMZN:1:0.5
EOF
[ ! -s "$T/fired2" ] || fail "a rule fired twice: $(cat "$T/fired2")"

# The log: newest first, with the rule and the article.
expect_rc 0 bp alerts log --json
json 'len(j) == 7 and [e["article_id"] for e in j] == [9, 8, 7, 6, 4, 2, 1]'
json 'set(j[0]) == {"id", "rule_id", "rule", "article_id", "title", "link", "published", "at", "detail", "seen", "delivery", "exec_error"}'
json 'all(e["delivery"] == "delivered" for e in j)'
json 'j[0]["rule_id"] == 7 and "no-such-command" in j[0]["exec_error"] and j[1]["exec_error"] is None'
json 'j[-1]["rule"] == "mention AMZN" and j[-1]["title"] == "Amazon expands Trainium" and j[-1]["seen"] is False'
expect_rc 0 bp alerts log --limit 2 --json
json 'len(j) == 2'
expect_rc 0 bp alerts log --seen
contains "$OUT" "Amazon expands Trainium" "text log"
expect_rc 0 bp alerts log --json
json 'all(e["seen"] for e in j)'
expect_rc 2 bp alerts log --limit none

# Disabled rules stay quiet; removed rules take their events with them.
expect_rc 0 bp alerts disable 1
"$SEED" "$DB" --alerts >"$T/fired3" <<EOF || fail "seeding"
1718700900${tab}Amazon again${tab}AMZN:1:0.5
EOF
[ ! -s "$T/fired3" ] || fail "a disabled rule fired: $(cat "$T/fired3")"
expect_rc 0 bp alerts enable 1
expect_rc 0 bp alerts rm 1
expect_rc 0 bp alerts list --json
json '1 not in [r["id"] for r in j]'
expect_rc 0 bp alerts log --json
json 'len(j) == 6'
expect_rc 1 bp alerts rm 1
contains "$ERR" "no rule 1" "rm twice"
expect_rc 2 bp alerts rm one
finish
