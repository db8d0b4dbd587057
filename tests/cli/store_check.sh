#!/usr/bin/env bash
# store check: a sound store passes with one line and exit 0, also while
# another process holds the write lock (it reads a snapshot); a store with
# an index page overwritten lists each problem, then their count, and exits
# 1; --index finds the search index short of an article's entry, which the
# plain check does not look at; a file that is no store is one error line;
# a wrong argument is a usage error.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
SEED="$BULLPEN_TOOLS/seed_articles"
[ -x "$SEED" ] || { echo "seed_articles not built" >&2; exit 1; }

seed() {
    python3 - <<'PY' | "$SEED" "$1" --feed https://a.example/feed >/dev/null || fail "seeding $1"
for i in range(400):
    print("%d\tstory %d\tNVDA:0.8:0.3\tThe desk writes about guidance and margins, item %d." % (1700000000 + i * 60, i, i))
PY
}
seed "$DB"
cp "$DB" "$T/clean.db"

expect_rc 0 bp store check
contains "$OUT" "$DB: no problems found (pages and indexes" "a sound store"
[ "$(wc -l <<<"$OUT")" -eq 1 ] || fail "one line for a sound store: $OUT"
expect_rc 0 bp store check --index
contains "$OUT" "no problems found (pages, indexes and the search index" "--index on a sound store"

# Another process holds the write lock: the plain check reads its snapshot.
python3 - "$DB" "$T/locked" <<'PY' &
import sqlite3, sys, time, os
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
time.sleep(3)
c.execute("ROLLBACK")
PY
holder=$!
for _ in $(seq 100); do [ -e "$T/locked" ] && break; sleep 0.05; done
expect_rc 0 bp store check
contains "$OUT" "no problems found" "checked beside a writer"
wait $holder

# The search index loses an article's entry (its size row): only --index
# sees it.
python3 - "$DB" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("DELETE FROM articles_fts_docsize WHERE id = (SELECT max(id) FROM articles_fts_docsize)")
PY
expect_rc 0 bp store check
expect_rc 1 bp store check --index
contains "$OUT" "$DB: search index: " "the search index's problem named"
contains "$OUT" "$DB: 1 problem found" "the count"

# An index's page overwritten in the file: each problem on a line, then
# the count, exit 1.
cp "$T/clean.db" "$T/bad.db"
python3 - "$T/bad.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
root, = c.execute("SELECT rootpage FROM sqlite_master WHERE name = 'articles_time'").fetchone()
size, = c.execute("PRAGMA page_size").fetchone()
c.close()
with open(sys.argv[1], "r+b") as f:
    f.seek(root * size - size // 4)
    f.write(bytes((i * 37 + 11) % 251 for i in range(size // 4)))
PY
expect_rc 1 "$BULLPEN" --db "$T/bad.db" store check
n=$(wc -l <<<"$OUT")
[ "$n" -ge 2 ] || fail "problems listed, then their count: $OUT"
[ "$(grep -c "^$T/bad.db: " <<<"$OUT")" -eq "$n" ] || fail "every line names the store: $OUT"
contains "$(tail -n 1 <<<"$OUT")" "problem" "the count last"
contains "$(tail -n 1 <<<"$OUT")" "found" "the count last"
# As the last line says, store copy still reads the articles out.
expect_rc 0 "$BULLPEN" store copy "$T/bad.db" "$T/copy.db"
contains "$OUT" "articles            400 added" "every article copied out"
expect_rc 0 "$BULLPEN" --db "$T/copy.db" store check

# Not a store, and a wrong argument.
echo "not a database, just text" >"$T/text.db"
expect_rc 1 "$BULLPEN" --db "$T/text.db" store check
is_error_line
expect_rc 2 bp store check --all
is_error_line
contains "$ERR" "--all" "the argument named"
finish
