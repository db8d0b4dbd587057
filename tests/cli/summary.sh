#!/usr/bin/env bash
# Article summaries: stored with the analysis, shown by articles --json and
# export, filled in for old articles by reanalyze.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1

expect_rc 0 bp demo --db "$DB"

expect_rc 0 bp articles --limit 20 --json
json 'all(a["summary"] and a["title"] not in a["summary"] for a in j)'
json 'all(2 <= a["summary"].count(". ") + 1 <= 4 for a in j)'
json 'all("\n" not in a["summary"] for a in j)'
first_id=$(python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])' <<<"$OUT")

# Stored as character offsets packed into a few bytes an article: each
# span's distance from the one before and its length, LEB128 numbers.
python3 - "$DB" <<'PY' || fail "digest column"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = [r[0] for r in db.execute("SELECT digest FROM articles")]
def numbers(b):
    out, v, shift = [], 0, 0
    for c in b:
        v |= (c & 0x7f) << shift
        shift += 7
        if not c & 0x80:
            out.append(v)
            v, shift = 0, 0
    assert shift == 0, b
    return out
assert rows and all(isinstance(r, bytes) for r in rows), rows[:5]
spans = [numbers(r) for r in rows]
assert all(len(n) in (4, 6) and all(n[i] > 0 for i in range(1, len(n), 2)) for n in spans), spans[:5]
assert max(len(r) for r in rows) <= 12
PY

# export: "summary" stays the feed's own description; ours is "digest".
expect_rc 0 bp export
json 'all("digest" in a and "summary" in a for a in j)'
json 'any(a["digest"] for a in j)'

# Articles stored before summaries existed get one from reanalyze.
python3 - "$DB" "$first_id" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE articles SET digest = NULL, analyzer_version = 4 WHERE id = ?", (int(sys.argv[2]),))
db.commit()
PY
expect_rc 0 bp articles --limit 1 --json
json 'j[0]["summary"] is None'
expect_rc 0 bp reanalyze
contains "$OUT" "1 article reanalysed" "reanalyze count"
expect_rc 0 bp articles --limit 1 --json
json 'j[0]["summary"]'

finish
