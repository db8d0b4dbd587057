#!/usr/bin/env bash
# bullpen analyze / score: JSON shape, offsets, the readable report, score lines.
set -euo pipefail
: "${BULLPEN:?}" "${BULLPEN_FIXTURES:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data"

"$BULLPEN" analyze --json "$BULLPEN_FIXTURES/trainium.txt" >"$tmp/out.json"
python3 - "$tmp/out.json" "$BULLPEN_FIXTURES/trainium.txt" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
text = open(sys.argv[2], encoding="utf-8").read()
assert set(doc) == {"sentiment", "summary", "tickers", "claims"}, doc.keys()
assert "30% better" in doc["summary"] and "capital spending" in doc["summary"], doc["summary"]
assert doc["summary"] in " ".join(text.split()), doc["summary"]
assert set(doc["sentiment"]) == {"score", "label"}
assert doc["sentiment"]["label"] == "moderately positive", doc["sentiment"]
syms = [t["symbol"] for t in doc["tickers"]]
assert "AMZN" in syms and "NVDA" in syms, syms
for t in doc["tickers"]:
    assert set(t) == {"symbol", "name", "mentions", "relevance", "score", "label", "spans"}, t
    assert 0 <= t["relevance"] <= 1 and -1 <= t["score"] <= 1
    assert t["mentions"] == len(t["spans"])
    for s, e in t["spans"]:
        assert text[s:e] in ("Amazon", "AMZN", "AWS", "Nvidia", "NVDA", "Morgan Stanley"), text[s:e]
assert doc["claims"], "no claims"
for c in doc["claims"]:
    assert set(c) == {"text", "kind", "start", "end", "score", "tickers"}, c
    assert c["kind"] in ("figure", "forecast", "attributed", "comparison")
    assert text[c["start"]:c["end"]] == c["text"], (c, text[c["start"]:c["end"]])
assert any("30%" in c["text"] for c in doc["claims"])
assert any("tens of billions" in c["text"] for c in doc["claims"])
PY

# The readable report.
"$BULLPEN" analyze "$BULLPEN_FIXTURES/trainium.txt" >"$tmp/report.txt"
grep -q '^Overall sentiment   moderately positive' "$tmp/report.txt"
head -2 "$tmp/report.txt" | grep -q '^  Amazon says Trainium2 offers 30% better'

grep -q '^Ticker sentiment .*AMZN +' "$tmp/report.txt"

# Standard input, hostile bytes: escape sequences never reach the output.
printf 'Apple\033[31m beat estimates \033]0;owned\007 and $NVDA fell 5%%.\n' |
    "$BULLPEN" analyze - >"$tmp/esc.txt"
if grep -q $'\033' "$tmp/esc.txt"; then echo "escape sequence in output" >&2; exit 1; fi
printf 'caf\xc3\xa9 \xff Nvidia\xe2\x80\x99s chips rose 5%%\n' | "$BULLPEN" analyze --json >"$tmp/u.json"
python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
t=[x for x in d["tickers"] if x["symbol"]=="NVDA"][0]
assert t["spans"]==[[7,13]], t["spans"]
' "$tmp/u.json"

# Claims are clauses, with exact spans; a headline line ends at its newline.
printf 'Kestrel Beats Estimates As Orders Jump\nRevenue rose 8%% to $4.2 billion; margins narrowed to 31%%.\n' |
    "$BULLPEN" analyze --json >"$tmp/cl.json"
python3 - "$tmp/cl.json" <<'PY2'
import json, sys
d = json.load(open(sys.argv[1]))
text = "Kestrel Beats Estimates As Orders Jump\nRevenue rose 8% to $4.2 billion; margins narrowed to 31%.\n"
got = [(c["text"], c["kind"]) for c in d["claims"]]
assert got == [("Revenue rose 8% to $4.2 billion", "figure"), ("margins narrowed to 31%.", "figure")], got
for c in d["claims"]:
    assert text[c["start"]:c["end"]] == c["text"], c
assert d["claims"][0]["score"] > 0.15 and d["claims"][1]["score"] < -0.15, d["claims"]
PY2

# score: one line in, one %.4f line out, nothing else.
printf 'Shares jump after earnings beat\nStock plunges on guidance cut\nThe meeting is on Tuesday\n\n' |
    "$BULLPEN" score >"$tmp/scores.txt"
[ "$(wc -l <"$tmp/scores.txt")" -eq 4 ]
grep -qvE '^-?[0-9]\.[0-9]{4}$' "$tmp/scores.txt" && { echo "bad score line" >&2; cat "$tmp/scores.txt" >&2; exit 1; }
python3 -c '
import sys
s=[float(x) for x in open(sys.argv[1])]
assert s[0] > 0.15 and s[1] < -0.15 and abs(s[2]) < 0.15 and s[3] == 0, s
' "$tmp/scores.txt"

# Version 4 phrasing through the command: a reason cannot undo the move it
# explains, capital raised is routine, a judging direction keeps its sign.
printf 'Airline stocks fall as oil prices surge\nPaytm raises $1 billion in fresh funding\nThe cost-to-income ratio improved to 45%%\n' |
    "$BULLPEN" score >"$tmp/scores4.txt"
python3 -c '
import sys
s=[float(x) for x in open(sys.argv[1])]
assert s[0] <= -0.15 and abs(s[1]) < 0.15 and s[2] >= 0.15, s
' "$tmp/scores4.txt"

# score --target: one score per TARGET<TAB>TEXT line, toward that target.
printf 'MSFT\tApple shares jumped 5%%, while Microsoft fell 3%%.\nApple Inc\tApple shares jumped 5%%, while Microsoft fell 3%%.\ngold\tBitcoin slumped 10%%, while gold rallied to a record.\n' |
    "$BULLPEN" score --target >"$tmp/targets.txt"
python3 -c '
import sys
s=[float(x) for x in open(sys.argv[1])]
assert len(s) == 3 and s[0] <= -0.15 and s[1] >= 0.15 and s[2] >= 0.15, s
' "$tmp/targets.txt"
set +e
printf 'no tab here\n' | "$BULLPEN" score --target >/dev/null 2>"$tmp/err"; rc=$?
set -e
[ "$rc" -eq 1 ] && grep -q '^bullpen: score: line 1' "$tmp/err"

# Usage errors.
set +e
"$BULLPEN" analyze --bogus >/dev/null 2>"$tmp/err"; rc=$?
set -e
[ "$rc" -eq 2 ] && grep -q '^bullpen: analyze: ' "$tmp/err"
set +e
"$BULLPEN" analyze /nonexistent/file >/dev/null 2>"$tmp/err"; rc=$?
set -e
[ "$rc" -eq 1 ] && grep -q '^bullpen: analyze: ' "$tmp/err"

# Several files: one JSON object a line, each naming its file and the same
# as that file alone; a file that cannot be read is one line of error and
# the others go on.
printf 'Nvidia shares rose 5%%.\n' >"$tmp/one.txt"
printf 'Apple cut its outlook.\n' >"$tmp/two.txt"
set +e
"$BULLPEN" analyze --json "$tmp/one.txt" "$tmp/missing.txt" "$tmp/two.txt" >"$tmp/many.json" \
    2>"$tmp/err"
rc=$?
set -e
[ "$rc" -eq 1 ]
[ "$(cat "$tmp/err")" = "bullpen: analyze: $tmp/missing.txt: No such file or directory" ]
for f in one two; do "$BULLPEN" analyze --json "$tmp/$f.txt" >"$tmp/$f.json"; done
python3 - "$tmp" <<'PY'
import json, sys
d = sys.argv[1]
lines = open(d + "/many.json").read().splitlines()
assert len(lines) == 2, lines
for line, f in zip(lines, ("one", "two")):
    got = json.loads(line)
    assert got.pop("file") == "%s/%s.txt" % (d, f), got
    assert got == json.load(open("%s/%s.json" % (d, f))), (got, f)
PY
"$BULLPEN" analyze "$tmp/one.txt" "$tmp/two.txt" >"$tmp/many.txt"
[ "$(grep -c '^== ' "$tmp/many.txt")" -eq 2 ]
grep -q "^== $tmp/two.txt\$" "$tmp/many.txt"
grep -q 'NVDA' "$tmp/many.txt" && grep -q 'AAPL' "$tmp/many.txt"
echo ok
