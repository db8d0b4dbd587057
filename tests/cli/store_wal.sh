#!/usr/bin/env bash
# A command that wrote the store leaves no WAL behind it when it exits, even
# while another process (the workstation) has the store open; a reader in
# the middle of a read keeps the WAL it needs, and the write does not wait
# for it.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
SEED="$BULLPEN_TOOLS/seed_articles"
[ -x "$SEED" ] || { echo "seed_articles not built" >&2; exit 1; }
expect_rc 0 bp watch add NVDA

python3 - "$DB" "$BULLPEN" "$SEED" <<'PY' || fail "WAL left behind"
import os, sqlite3, subprocess, sys, time
db, bullpen, seed = sys.argv[1:4]
wal = db + "-wal"
lines = "".join("%d\tstory %d\tNVDA:0.8:0.3\tThe desk writes about margins, quarter %d.\n"
                % (1700000000 + i * 60, i, i) for i in range(300))

# The other process has the store open, between reads.
other = sqlite3.connect(db, isolation_level=None)
assert other.execute("SELECT count(*) FROM watchlist").fetchone()[0] == 1
subprocess.run([seed, db, "--feed", "https://a.example/feed"], input=lines, text=True,
               check=True, capture_output=True)
p = subprocess.run([bullpen, "--db", db, "watch", "add", "AMD"], capture_output=True, text=True)
assert p.returncode == 0, p.stderr
assert os.path.getsize(wal) == 0, "a %d-byte WAL after the writer exited" % os.path.getsize(wal)
assert other.execute("SELECT count(*) FROM articles").fetchone()[0] == 300

# Inside a read: the writer neither waits nor cuts the WAL from under it.
other.execute("BEGIN")
assert other.execute("SELECT count(*) FROM watchlist").fetchone()[0] == 2
t0 = time.monotonic()
p = subprocess.run([bullpen, "--db", db, "watch", "add", "MSFT"], capture_output=True, text=True)
assert p.returncode == 0, p.stderr
assert time.monotonic() - t0 < 4, "the writer waited for the reader"
assert os.path.getsize(wal) > 0
assert other.execute("SELECT count(*) FROM watchlist").fetchone()[0] == 2
other.execute("COMMIT")
p = subprocess.run([bullpen, "--db", db, "watch", "rm", "MSFT"], capture_output=True, text=True)
assert p.returncode == 0, p.stderr
assert os.path.getsize(wal) == 0, "the WAL not cut once the reader was done"
assert other.execute("SELECT count(*) FROM watchlist").fetchone()[0] == 2
PY
finish
