#!/usr/bin/env bash
# alerts log in plain text: the detail column is 32 characters; a longer
# detail is cut on a character boundary with a "…", never inside a number
# (a number is shown whole or not at all), and the titles after it line up.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1

# Real events: a watchlist rule and a sentiment rule over an import.
expect_rc 0 bp watch add NVDA
expect_rc 0 bp alerts add watchlist
expect_rc 0 bp alerts add 'sentiment ABNB <= -0.3'
expect_rc 0 bp import "$BULLPEN_FIXTURES/feeds/rss2.xml" --feed https://example.com/wire
# Edge cases written straight into the store: a detail of exactly 32
# characters, a long one with numbers, one word longer than the column with
# characters of two bytes, and one with a line break.
sql() { python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2], sys.argv[3:]); c.commit()' "$DB" "$@"; }
sql "INSERT INTO alert_rules(id, spec, kind, keyword, created) VALUES (9, 'keyword x', 'keyword', 'x', 0)"
ev() { sql "INSERT INTO alert_events(rule_id, article_id, at, detail) VALUES (9, ?, ?, ?)" "$1" "$2" "$3"; }
ev 2 100 "keyword \"rate cuts\" 1234.5678 ok"
ev 3 101 "price 1234.5678 crossed 9876.5432 after 1000.25"
ev 5 102 "keyword \"$(printf 'é%.0s' $(seq 1 40))\""
ev 6 103 $'two\nlines 0.5'

expect_rc 0 bp alerts log
LOG=$OUT
expect_rc 0 bp alerts log --json
python3 - "$LOG" "$OUT" <<'PY' || fail "alerts log detail column"
import json, sys
lines, rows = sys.argv[1].split("\n"), json.loads(sys.argv[2])
assert len(lines) == len(rows) == 6, (len(lines), len(rows), lines)
starts = set()
for line, r in zip(lines, rows):
    # "2024-...Z  * #9   DETAIL..........................  TITLE"
    head = line.index("#")
    cell = line[head + 5:head + 5 + 32]
    rest = line[head + 5 + 32:]
    assert rest.startswith("  ") and not rest.startswith("   "), ("title column", line)
    assert rest[2:].startswith(r["title"]), ("title", line, r["title"])
    detail = " ".join(r["detail"].split())
    shown = cell.rstrip(" ")
    if len(detail) <= 32:
        assert shown == detail, ("whole detail", shown, detail)
    else:
        assert shown.endswith("\u2026"), ("cut with an ellipsis", shown)
        kept = shown[:-1]
        assert detail.startswith(kept), (kept, detail)
        # A number is never cut: a word of the detail with a digit in it
        # is shown whole or not at all.
        words, shown_words = detail.split(" "), kept.split(" ")
        last = shown_words[-1]
        whole = words[len(shown_words) - 1]
        if any(ch.isdigit() for ch in whole):
            assert last == whole, ("number cut", kept, detail)
    starts.add(len(line[:head + 5 + 32]))
assert len(starts) == 1, starts
PY
contains "$LOG" "watched NVDA mentioned… " "a long detail cut after a whole word"
[[ "$LOG" =~ "ABNB sentiment -0."[0-9][0-9]" <= -0.30 " ]] || fail "a detail that fits is whole: $LOG"
contains "$LOG" "price 1234.5678 crossed…" "numbers whole or not at all"
contains "$LOG" 'keyword "rate cuts" 1234.5678 ok ' "exactly 32 characters is not cut"
contains "$LOG" "two lines 0.5 " "a line break is a space"
contains "$LOG" 'keyword "éééé' "a long word is cut on a character boundary"
finish
