#!/usr/bin/env bash
# store compact gives a store's free space back while other processes have
# it open: the sizes before and after, a reader on the old snapshot keeps
# reading it whole (the file shrinks once it lets go), a process holding the
# write lock makes it fail with nothing changed, and the store and its
# search index stay sound throughout. A new store needs it less: a writer
# gives back the pages it frees as it exits (incremental auto-vacuum), which
# an older store takes from its first compact.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
SEED="$BULLPEN_TOOLS/seed_articles"
[ -x "$SEED" ] || { echo "seed_articles not built" >&2; exit 1; }

# Feeds of 600 articles with bodies of a few hundred words each.
lines() {
    python3 - "$1" <<'PY'
import random, sys
r = random.Random(sys.argv[1])
words = ("revenue margin guidance quarter shares demand supply outlook analysts dividend "
         "buyback capex inventory pricing orders backlog churn growth").split()
for i in range(600):
    body = " ".join(r.choice(words) for _ in range(200))
    print("%d\t%s story %d\tNVDA:0.8:0.3\tThe %s desk writes: %s." % (1700000000 + i * 60, sys.argv[1], i, sys.argv[1], body))
PY
}
feed_id() {
    expect_rc 0 bp feeds list --json
    python3 -c 'import json,sys; print([f["id"] for f in json.load(sys.stdin) if sys.argv[1] in f["url"]][0])' "$1" <<<"$OUT"
}
lines keep | "$SEED" "$DB" --feed https://keep.example/feed >/dev/null || fail "seeding keep"
lines gone | "$SEED" "$DB" --feed https://gone.example/feed >/dev/null || fail "seeding gone"

# A new store: removing a feed leaves no free pages, no WAL and a smaller
# file once the command has exited.
size0=$(stat -c %s "$DB")
expect_rc 0 bp feeds rm "$(feed_id gone)"
python3 - "$DB" "$size0" <<'PY' || fail "free pages after removing a feed"
import os, sys
sys.path.insert(0, os.environ["BULLPEN_SRC"] + "/tests")
from storedb import connect
db, size0 = sys.argv[1], int(sys.argv[2])
c = connect(db)
assert c.execute("PRAGMA auto_vacuum").fetchone()[0] == 2
assert c.execute("PRAGMA page_size").fetchone()[0] == 16384
assert c.execute("PRAGMA freelist_count").fetchone()[0] == 0
assert os.path.getsize(db + "-wal") == 0
assert os.path.getsize(db) < size0 * 0.9, (os.path.getsize(db), size0)
assert c.execute("SELECT count(*) FROM articles").fetchone()[0] == 600
PY

lines drop | "$SEED" "$DB" --feed https://drop.example/feed >/dev/null || fail "seeding drop"
# A store made before incremental auto-vacuum, whose writers leave the
# pages they free in the file until it is compacted.
python3 - "$DB" <<'PY' || fail "making an older store"
import os, sys
sys.path.insert(0, os.environ["BULLPEN_SRC"] + "/tests")
from storedb import connect
c = connect(sys.argv[1], isolation_level=None)
c.execute("PRAGMA auto_vacuum=NONE")
c.execute("VACUUM")
assert c.execute("PRAGMA auto_vacuum").fetchone()[0] == 0
PY
expect_rc 0 bp feeds rm "$(feed_id drop)"

# The store and its index are sound, read through the store's own
# bp_unpack (zstd or zlib with the dictionary it names, or text as it is).
sound() {
    python3 - "$DB" <<'PY'
import os, sys
sys.path.insert(0, os.environ["BULLPEN_SRC"] + "/tests")
from storedb import connect, unpack
c = connect(sys.argv[1])
assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
c.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
n = c.execute("SELECT count(*) FROM articles").fetchone()[0]
assert n == 600, n
PY
}
sound || fail "store unsound before compacting"

# A reader in another process holds a snapshot from before: compact still
# runs, says the file waits for it, and the reader reads every article of
# its snapshot whole; once it lets go, the next write cuts the file.
python3 - "$DB" "$BULLPEN" <<'PY' || fail "compact beside a reader"
import os, re, subprocess, sys
sys.path.insert(0, os.environ["BULLPEN_SRC"] + "/tests")
from storedb import connect, unpack
db, bullpen = sys.argv[1:3]
r = connect(db, isolation_level=None)
r.execute("BEGIN")
assert r.execute("SELECT count(*) FROM articles").fetchone()[0] == 600
size0 = os.path.getsize(db)
p = subprocess.run([bullpen, "--db", db, "store", "compact"], capture_output=True, text=True)
assert p.returncode == 0, p.stderr
m = re.search(r"([\d.]+) MB before \(([\d.]+) MB of it free\), ([\d.]+) MB after", p.stdout)
assert m, p.stdout
before, free, after = (float(x) for x in m.groups())
assert free > 0.3 and after <= before - free + 0.1, p.stdout
assert "still reading" in p.stdout, p.stdout
bodies = r.execute("SELECT bp_unpack(content) FROM articles").fetchall()
assert len(bodies) == 600 and all(b[0].startswith("The keep desk writes:") for b in bodies)
assert os.path.getsize(db) == size0, "the file changed under a reader"
r.execute("COMMIT")
r.close()
subprocess.run([bullpen, "--db", db, "watch", "add", "NVDA"], check=True, capture_output=True)
assert os.path.getsize(db) < size0 - free * 1e6 * 0.9, (os.path.getsize(db), size0)
PY
sound || fail "store unsound after compacting"
expect_rc 0 bp search "keep desk" --no-group
[ "$(printf '%s\n' "$OUT" | wc -l)" -eq 50 ] || fail "search after compact: $OUT"

# Compacted, it gives back what its writers free as they close.
python3 - "$DB" <<'PY' || fail "auto-vacuum after compacting"
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
assert c.execute("PRAGMA auto_vacuum").fetchone()[0] == 2
PY

# Nothing to wait for: the file is cut at once and says nothing more.
expect_rc 0 bp store compact
contains "$OUT" "MB after" "compact prints the sizes"
not_contains "$OUT" "still reading" "no reader, no wait"

# A process holding the write lock past the busy timeout: one line, exit 1,
# nothing changed.
python3 - "$DB" "$BULLPEN" <<'PY' || fail "compact beside a writer"
import os, sqlite3, subprocess, sys
db, bullpen = sys.argv[1:3]
w = sqlite3.connect(db, isolation_level=None)
w.execute("BEGIN IMMEDIATE")
size0 = os.path.getsize(db)
p = subprocess.run([bullpen, "--db", db, "store", "compact"], capture_output=True, text=True)
assert p.returncode == 1, (p.returncode, p.stdout, p.stderr)
assert p.stderr.count("\n") == 1 and "another process is writing" in p.stderr, p.stderr
assert "was not compacted" in p.stderr, p.stderr
assert os.path.getsize(db) == size0
w.execute("ROLLBACK")
w.close()
PY
sound || fail "store unsound after a refused compact"

expect_rc 2 bp store compact extra
is_error_line
finish
