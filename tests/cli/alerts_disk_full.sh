#!/usr/bin/env bash
# A full disk in the middle of a fetch: the store lives on a small tmpfs
# that fills while feeds are being stored. Feeds whose commit fails are
# rolled back with their alert events, so no command may run for them: every
# run of an --exec command must name a committed article. Space is then
# freed a little at a time, refilling at other moments (a claim or a
# delivery record may be what fails), and once there is room every
# committed article's command has run exactly once. Needs root for the
# mount; skipped (77) without.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
GEN="$BULLPEN_SRC/tests/tools/gen_feeds.py"
RUNS="$BULLPEN_SRC/tests/tools/alert_runs.py"

[ "$(id -u)" -eq 0 ] || { echo "not root: cannot mount a tmpfs; skipped"; exit 77; }
mkdir -p "$T/mnt" "$T/www"
mount -t tmpfs -o size=16m tmpfs "$T/mnt" 2>/dev/null || { echo "cannot mount a tmpfs; skipped"; exit 77; }
start_server --root "$T/www"
# Unmounted before the temporary directory goes (start_server set its own trap).
trap 'umount -l "$T/mnt" 2>/dev/null; exec 9>&-; kill $SERVER_PID 2>/dev/null; rm -rf "$T"' EXIT
DB="$T/mnt/store.db"

python3 "$GEN" "$T/www" --feeds 16 --items 30 --words 300 --opml "$T/feeds.opml" --srv "$SRV"
expect_rc 0 bp feeds import "$T/feeds.opml"
expect_rc 0 bp alerts add keyword quarterly --exec sh -c 'echo "$BULLPEN_ARTICLE_ID" >>"$0"' "$T/ran"
touch "$T/ran"

# Fill the disk but for 1 MiB, in 512 KiB pieces that are freed one by one.
avail=$(df -k --output=avail "$T/mnt" | tail -1)
pieces=$(((avail - 1024) / 512))
for i in $(seq 1 "$pieces"); do
    dd if=/dev/zero of="$T/mnt/fill.$i" bs=512k count=1 status=none 2>/dev/null || break
done

# spawned: events whose command has been started (claimed, by design, first).
spawned() {
    python3 -c 'import sqlite3,sys
c = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
print(c.execute("SELECT count(*) FROM alert_events WHERE delivery <> '"'pending'"'").fetchone()[0])' "$DB"
}
# settle: waits until every started command has written its line.
settle() {
    local want i=0
    want=$(spawned) || { fail "cannot read the store"; return; }
    while [ "$(wc -l <"$T/ran")" -lt "$want" ] && [ $i -lt 200 ]; do
        sleep 0.05
        i=$((i + 1))
    done
}
stored() { python3 -c 'import sqlite3,sys; print(sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True).execute("SELECT count(*) FROM articles").fetchone()[0])' "$DB"; }

full=0 round=0 left=$pieces
while :; do
    round=$((round + 1))
    "$BULLPEN" --db "$DB" fetch --all --jobs 4 >"$T/out.$round" 2>"$T/err.$round"
    rc=$?
    # A pass that cannot even start on a full disk exits 1; anything else,
    # or a sanitizer's report, is a failure.
    [ "$rc" -le 1 ] || [ "$rc" -eq 3 ] || fail "round $round: fetch exited $rc: $(tail -3 "$T/err.$round")"
    ! grep -q "Sanitizer" "$T/err.$round" || fail "round $round: $(grep -m1 -A5 Sanitizer "$T/err.$round")"
    grep -q "disk is full" "$T/err.$round" && full=$((full + 1))
    settle
    python3 "$RUNS" "$DB" "$T/ran" committed >"$T/runs" || fail "round $round: $(cat "$T/runs")"
    [ "$FAILS" -eq 0 ] || break
    [ "$(stored)" -lt 480 ] || break
    [ "$left" -gt 0 ] || break
    rm -f "$T/mnt/fill.$left"
    left=$((left - 1))
done
echo "rounds: $round, of which the disk filled in $full, alerts waited in $(cat "$T"/err.* | grep -c 'delivering alerts'); $(stored) articles stored" >&2
[ "$full" -ge 1 ] || fail "the disk never filled during a fetch: the test proved nothing"

# Room for everything: the rest is stored and whatever waits is delivered.
rm -f "$T"/mnt/fill.*
expect_rc 0 bp fetch --all --jobs 4
[ "$(stored)" -eq 480 ] || fail "after freeing the disk: $(stored) articles, want 480"
settle
python3 "$RUNS" "$DB" "$T/ran" once >"$T/runs" || fail "at the end: $(cat "$T/runs")"
[ "$(wc -l <"$T/ran")" -eq 480 ] || fail "480 runs, one per article: $(wc -l <"$T/ran")"
expect_rc 0 bp alerts log --limit 1000 --json
json 'len(j) == 480'
# A full disk may cut a write or a checkpoint short, never damage the store.
python3 - "$DB" <<'PY' || fail "the store is damaged after the disk filled"
import os, sys
sys.path.insert(0, os.environ["BULLPEN_SRC"] + "/tests")
from storedb import connect, unpack
c = connect(sys.argv[1])
ok = c.execute("PRAGMA integrity_check").fetchone()[0]
if ok != "ok":
    sys.exit("integrity_check: %s" % ok)
c.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
PY
echo "delivery states: $(python3 -c 'import json,sys,collections; print(dict(collections.Counter(e["delivery"] for e in json.loads(sys.stdin.read()))))' <<<"$OUT")" >&2
finish
