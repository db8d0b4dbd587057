#!/usr/bin/env bash
# Crash safety: `bullpen fetch` is SIGKILLed at random moments while it
# stores many feeds. After every kill the store must pass integrity_check,
# every feed must hold all of its items or none (one transaction per feed),
# every feed the fetch reported ("URL: N new") must hold exactly what it
# reported, and no (feed, guid) may appear twice. A last unkilled fetch must
# then complete the store. Bounded to about 12 s of killing (longer on a
# loaded machine, until three fetches were cut short).
. "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
command -v stdbuf >/dev/null || { echo "stdbuf missing" >&2; exit 77; }

# stdbuf works by LD_PRELOAD, which a sanitizer build must be told to accept.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

CYCLES=${CRASH_CYCLES:-30}
BUDGET=${CRASH_SECONDS:-12}
FEEDS=20   # new feeds per cycle
ITEMS=60   # items per feed

mkdir -p "$T/feeds"
start_server --root "$T/feeds"
# Every feed is on 127.0.0.1: no politeness limits, so a pass is as short
# and as busy as it can be.
mkdir -p "$XDG_CONFIG_HOME/bullpen"
printf 'fetch.per_host = 0\nfetch.host_gap_ms = 0\n' >"$XDG_CONFIG_HOME/bullpen/config"

# Every cycle subscribes to FEEDS new feeds; feeds of earlier cycles stay
# (unchanged: 304) and those a kill cut short are fetched again.
python3 - "$T/feeds" "$SRV" "$CYCLES" "$FEEDS" "$ITEMS" <<'PY'
import os, sys
root, srv, cycles, feeds, items = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:])
words = ("Nvidia raised its guidance after revenue rose 12% to $22 billion; analysts at "
         "Morgan Stanley expect Apple (AAPL) and Microsoft to follow. ") * 3
for c in range(cycles + 1):
    d = os.path.join(root, "c%02d" % c)
    os.makedirs(d)
    with open(os.path.join(root, "c%02d.opml" % c), "w") as o:
        o.write('<?xml version="1.0"?><opml version="2.0"><body>\n')
        for f in range(feeds):
            name = "feed-%02d.xml" % f
            o.write('<outline text="c%d f%d" xmlUrl="%s/c%02d/%s"/>\n' % (c, f, srv, c, name))
            with open(os.path.join(d, name), "w") as x:
                x.write('<?xml version="1.0"?><rss version="2.0"><channel><title>c%d f%d</title>' % (c, f))
                for i in range(items):
                    x.write("<item><title>Cycle %d feed %d item %d: Tesla shares fall 3%%</title>"
                            "<guid>c%d-f%d-i%d</guid><pubDate>Mon, 01 Jan 2024 %02d:%02d:00 GMT</pubDate>"
                            "<description>%s</description></item>" % (c, f, i, c, f, i, i // 60, i % 60, words))
                x.write("</channel></rss>\n")
        o.write("</body></opml>\n")
PY

# check CYCLE OUTFILE: the store's state after a kill.
check() {
    python3 - "$DB" "$ITEMS" "$1" "$2" <<'PY' || fail "cycle $3: store check failed"
import os, re, sys
sys.path.insert(0, os.environ["BULLPEN_SRC"] + "/tests")
from storedb import connect, unpack
db, items, cycle, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
c = connect(db)
ok = c.execute("PRAGMA integrity_check").fetchone()[0]
if ok != "ok":
    sys.exit("integrity_check: %s" % ok)
counts = dict(c.execute("SELECT f.url, count(a.id) FROM feeds f LEFT JOIN articles a"
                        " ON a.feed_id = f.id GROUP BY f.id"))
bad = {u: n for u, n in counts.items() if n not in (0, items)}
if bad:
    sys.exit("feeds stored in part: %s" % list(bad.items())[:3])
dups = c.execute("SELECT count(*) FROM (SELECT feed_id, guid FROM articles"
                 " GROUP BY feed_id, guid HAVING count(*) > 1)").fetchone()[0]
if dups:
    sys.exit("%d duplicated (feed, guid)" % dups)
fts = c.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
arts = c.execute("SELECT count(*) FROM articles").fetchone()[0]
if fts != arts:
    sys.exit("search index has %d rows for %d articles" % (fts, arts))
for line in open(out, errors="replace"):
    m = re.match(r"^(http\S+): (\d+) new$", line.strip())
    if m and counts.get(m.group(1)) != int(m.group(2)):
        sys.exit("reported %s new for %s, store has %s" % (m.group(2), m.group(1),
                                                           counts.get(m.group(1))))
PY
}

# The first cycle runs to the end: its length sets the range of kill times.
bp feeds import "$T/feeds/c00.opml" >/dev/null || fail "import c00"
t0=$(date +%s%N)
stdbuf -oL "$BULLPEN" --db "$DB" fetch --jobs 8 >"$T/out.0" 2>"$T/err.0" || fail "first fetch failed: $(cat "$T/err.0")"
full_ms=$((($(date +%s%N) - t0) / 1000000))
check 0 "$T/out.0" 0
[ "$(grep -c ' new$' "$T/out.0")" -eq "$FEEDS" ] || fail "first fetch did not report every feed"

start=$(date +%s)
kills=0 cut=0
for c in $(seq 1 "$CYCLES"); do
    # The budget ends the killing once it has cut three fetches short; a
    # loaded machine, whose passes take longer, gets up to five budgets.
    elapsed=$(($(date +%s) - start))
    [ "$elapsed" -lt "$BUDGET" ] || { [ "$cut" -lt 3 ] && [ "$elapsed" -lt $((BUDGET * 5)) ]; } || break
    cc=$(printf %02d "$c")
    bp feeds import "$T/feeds/c$cc.opml" >/dev/null || fail "import c$cc"
    stdbuf -oL "$BULLPEN" --db "$DB" fetch --jobs 8 >"$T/out.$c" 2>"$T/err.$c" &
    pid=$!
    # A random moment within one full pass (plus a little, so some passes end).
    delay_ms=$((RANDOM % (full_ms + full_ms / 5 + 1)))
    sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
    if kill -KILL "$pid" 2>/dev/null; then
        kills=$((kills + 1))
    fi
    wait "$pid" 2>/dev/null
    rc=$?
    [ "$rc" -eq 137 ] && cut=$((cut + 1))
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 137 ]; then
        fail "cycle $c: fetch exited $rc: $(cat "$T/err.$c")"
    fi
    check "$c" "$T/out.$c" "$c"
    [ "$FAILS" -eq 0 ] || break
done
echo "cycles: $c, killed mid-fetch: $cut (first pass ${full_ms} ms)" >&2
[ "$cut" -ge 3 ] || fail "only $cut fetches were killed mid-run; the test proved little"

# What the kills cut short is fetched again, and nothing is lost or doubled.
bp fetch --jobs 8 --quiet 2>"$T/err.last" || fail "final fetch failed: $(cat "$T/err.last")"
check final /dev/null final
feeds=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from feeds").fetchone()[0])' "$DB")
want=$((feeds * ITEMS))
have=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from articles").fetchone()[0])' "$DB")
[ "$have" -eq "$want" ] || fail "after the last fetch: $have articles, want $want ($feeds feeds)"
finish
