#!/usr/bin/env bash
# A feed that cannot be stored: a fetch stores several feeds in one
# transaction, so its failure takes the feeds stored beside it with it (their
# error says so, and nothing of theirs is kept: no validators, so they are
# fetched whole again); at its next fetch the feed is stored on its own, and
# the others are stored in full. The failure is a real one: a trigger the
# test adds to the store refuses the feed's articles.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
command -v curl >/dev/null || { echo "curl missing"; exit 77; }
start_server

# All four at once (no politeness between them: one host here).
printf 'fetch.per_host = 0\nfetch.host_gap_ms = 0\n' >"$T/cfg"
b() { "$BULLPEN" --config "$T/cfg" --db "$DB" "$@"; }
for k in a b c; do
    expect_rc 0 b feeds add --no-check "$SRV/paced/$k"
done
# The poisoned feed answers last, while the others' transaction is open.
expect_rc 0 b feeds add --no-check "$SRV/paced/p?sleep=0.15"
python3 - "$DB" <<'PY' || fail "adding the trigger"
import os, sys
sys.path.insert(0, os.environ["BULLPEN_SRC"] + "/tests")
from storedb import connect
c = connect(sys.argv[1])
c.execute("CREATE TRIGGER poison BEFORE INSERT ON articles WHEN new.feed_id = 4"
          " BEGIN SELECT RAISE(ABORT, 'poisoned article'); END")
c.commit()
PY

articles_of() { # FEED_ID: its stored articles
    python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(
        "SELECT count(*) FROM articles WHERE feed_id = ?", (int(sys.argv[2]),)).fetchone()[0])' \
        "$DB" "$1"
}

expect_rc 3 b fetch --jobs 4
contains "$ERR" "paced/p?sleep=0.15: storing: " "the feed's own error"
contains "$ERR" "poisoned article" "the error says why"
# The feeds of its transaction: each failed with it, or stored whole.
for id in 1 2 3; do
    n=$(articles_of $id)
    if [ "$n" -eq 0 ]; then
        contains "$ERR" "paced/$(echo abc | cut -c$id): storing: rolled back with another feed" \
            "feed $id failed with its transaction"
    fi
done
victims=$(grep -c "rolled back with another feed" <<<"$ERR")
[ "$victims" -ge 1 ] || echo "note: no feed shared the failing feed's transaction this run"
[ "$(articles_of 4)" -eq 0 ] || fail "the failing feed stored articles"

# The failing feed backs off, counted once; the feeds that failed with it
# are due again at once.
expect_rc 0 b feeds list --json
json 'j[3]["failures"] == 1 and j[3]["next_fetch"] > j[3]["last_fetch"]'
json 'all(f["next_fetch"] == f["last_fetch"] for f in j[:3] if f["status"] == "error")'

# The next pass takes them (not the failing feed, not due yet), and every
# one is stored in full.
expect_rc 0 b fetch --jobs 4
not_contains "$ERR" "storing: " "a feed failed in the second pass"
expect_rc 0 b feeds list --json
json '[f["status"] for f in j][:3] in (["ok"] * 3, ["unchanged"] * 3)'
json 'len(set(f["articles"] for f in j[:3])) == 1 and j[0]["articles"] > 0'
json 'j[3]["failures"] == 1'

# Next time the failing feed is fetched it is stored alone: it is the only
# error.
expect_rc 3 b fetch --all --jobs 4
[ "$(grep -c "storing: " <<<"$ERR")" -eq 1 ] || fail "more than the failing feed failed: $ERR"
contains "$ERR" "paced/p?sleep=0.15: storing: " "the feed fails again, alone"
expect_rc 0 b feeds list --json
json '[f["status"] for f in j] == ["unchanged"] * 3 + ["error"]'
json 'len(set(f["articles"] for f in j[:3])) == 1 and j[0]["articles"] > 0'
json '"poisoned article" in j[3]["last_error"] and j[3]["articles"] == 0'
json 'j[3]["failures"] == 2'
for id in 1 2 3; do
    [ "$(articles_of $id)" -eq "$(articles_of 1)" ] || fail "feed $id not stored in full"
done
# Nothing stored twice, and the store is intact.
python3 - "$DB" <<'PY' || fail "integrity"
import os, sys
sys.path.insert(0, os.environ["BULLPEN_SRC"] + "/tests")
from storedb import connect
c = connect(sys.argv[1])
assert c.execute("pragma integrity_check").fetchone()[0] == "ok"
assert c.execute("SELECT count(*) FROM (SELECT feed_id, guid FROM articles"
                 " GROUP BY 1, 2 HAVING count(*) > 1)").fetchone()[0] == 0
PY
finish
