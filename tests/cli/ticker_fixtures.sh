#!/usr/bin/env bash
# The ticker fixtures: no false ticker and no miss on the feed articles, every
# no-company text without a ticker, and company names found in their forms
# (small letters, possessives, short forms) in names.tsv.
set -euo pipefail
: "${BULLPEN:?}" "${BULLPEN_SRC:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data"

python3 "$BULLPEN_SRC/scripts/eval_tickers.py" --bullpen "$BULLPEN" --skip-finentity \
    --show 20 >"$tmp/out.txt"
python3 - "$tmp/out.txt" <<'PY'
import re, sys
out = open(sys.argv[1]).read()
m = re.search(r"^feeds: (\d+) articles, (\d+) expected tickers: found (\d+) .*false (\d+), "
              r"missed (\d+); no-company articles with no ticker (\d+)/(\d+)$", out, re.M)
assert m, out
arts, want, found, false, missed, empty_ok, empty = map(int, m.groups())
assert arts >= 60 and empty >= 25, out
assert false == 0 and missed == 0 and found == want, out
assert empty_ok == empty, out
m = re.search(r"^names: (\d+) texts naming companies, all found in (\d+) .*; none (\d+)/(\d+); "
              r".*false tickers (\d+)$", out, re.M)
assert m, out
n, hit, none_ok, none, false = map(int, m.groups())
assert n >= 300 and hit / n >= 0.97, out
assert none_ok == none and false == 0, out
for case in ("small-letter", "possessive", "short-form", "name"):
    c = re.search(rf"; {case} (\d+)/(\d+)", out)
    assert c and int(c.group(1)) / int(c.group(2)) >= 0.95, (case, out)
PY
