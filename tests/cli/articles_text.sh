#!/usr/bin/env bash
# articles and search in plain text: each row shows the sentiment's side
# (-, = or +) and its score, and the columns line up whatever the score.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1

bp import "$BULLPEN_FIXTURES/feeds/rss2.xml" --feed https://example.com/wire >/dev/null || fail "import"
sql() { python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()' "$DB" "$1"; }
# Scores at the edges: the most negative, a tiny negative (no "-0.00"), the
# band's edge, one not analysed (the store keeps ten-thousandths, schema 15).
sql "UPDATE articles SET sentiment_e4 = -10000 WHERE id = 1"
sql "UPDATE articles SET sentiment_e4 = -10 WHERE id = 2"
sql "UPDATE articles SET sentiment_e4 = 5500 WHERE id = 3"
sql "UPDATE articles SET sentiment_e4 = NULL WHERE id = 4"

expect_rc 0 bp articles
TEXT=$OUT
expect_rc 0 bp articles --json
python3 - "$TEXT" "$OUT" <<'PY' || fail "articles text sentiment column"
import json, re, sys
text, rows = sys.argv[1].split("\n"), json.loads(sys.argv[2])
assert len(text) == len(rows) == 6, (len(text), len(rows))
byid = {r["id"]: r for r in rows}
cols = set()
for line in text:
    m = re.match(r"^ *(\d+) \d{4}-\d\d-\d\d \d\d:\d\d (.) (.{5}) ", line)
    assert m, line
    r = byid[int(m.group(1))]
    mark, score = m.group(2), m.group(3)
    s = r["sentiment"]
    if s is None:
        assert mark == " " and score == "     ", line
    else:
        want = "-" if s <= -0.15 else "+" if s >= 0.15 else "="
        assert mark == want, (line, s)
        shown = "%+5.2f" % (0.0 if abs(s) < 0.005 else s)
        assert score == shown, (line, s, shown)
    cols.add(m.end())
assert len(cols) == 1, ("columns do not line up", cols)
PY
contains "$TEXT" " - -1.00 " "the most negative score"
contains "$TEXT" " = +0.00 " "a tiny negative score is +0.00"
not_contains "$TEXT" "-0.00" "no negative zero"
contains "$TEXT" " + +0.55 " "a positive score with its mark"

# search prints the same rows.
expect_rc 0 bp search Nvidia
contains "$OUT" " - -1.00 " "search shows the score"
finish
