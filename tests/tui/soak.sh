#!/usr/bin/env bash
# Soak: everything that may share one store, at once, for a while. The
# workstation (with its background fetcher) in tmux, `bullpen fetch --every 1`
# in the background, both against feeds on 127.0.0.1 that grow with every
# request, and a loop of command-line reads and writes (mark, watch add,
# feeds add, alerts add, articles, search) with stars set in the workstation
# by key. Asserts that no bullpen process ever has a deleted store file open
# (a WAL deleted under a live connection), that every write made by one
# process is seen by the others, and that the store and its search index
# are sound at the end. Runs BULLPEN_SOAK_SECONDS (default 60; 20 in a
# sanitizer build, which is several times slower) and prints what it
# checked.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require

if [ -n "${BULLPEN_SOAK_SECONDS:-}" ]; then
    SECS=$BULLPEN_SOAK_SECONDS
elif [ "${BULLPEN_SANITIZE:-OFF}" = ON ]; then
    SECS=20
else
    SECS=60
fi
STEP=5 # seconds between checks of every process's open files

start_server
declare -A FEED_ID
for k in s1 s2 s3 s4; do
    expect_rc 0 bp feeds add "$SRV/changing/$k?every=1"
    FEED_ID[$k]=$OUT
done
expect_rc 0 bp fetch --quiet

FETCH_PID=
tui_start 160 40 "$BULLPEN" --db "$DB"
trap '[ -n "$FETCH_PID" ] && kill "$FETCH_PID" 2>/dev/null; tui_cleanup' EXIT
wait_for_text "Articles: all articles" 20 || finish
ws=$(pgrep -P "$(tmux -L "$TUI_SOCK" list-panes -F '#{pane_pid}')" -x bullpen)
[ -n "$ws" ] || { fail "no workstation process"; finish; }
"$BULLPEN" --db "$DB" fetch --every 1 --quiet >"$T/fetch.out" 2>"$T/fetch.err" &
FETCH_PID=$!

cli_runs=0 writes=0 seen=0 fd_checks=0 fd_procs=0 deleted=0 tui_stars=0 tui_reads=0
# cli ARGS...: bullpen on the store in a fresh process; output in $OUT.
cli() {
    cli_runs=$((cli_runs + 1))
    expect_rc 0 bp "$@"
}

# No bullpen process may have a deleted store file open, nor pile up
# descriptors of it.
check_fds() {
    local pid links n
    for pid in $(pgrep -x bullpen); do
        links=$(ls -l "/proc/$pid/fd" 2>/dev/null | grep -F -- "$DB") || continue
        fd_procs=$((fd_procs + 1))
        case "$links" in *"(deleted)"*)
            deleted=$((deleted + 1))
            fail "process $pid ($(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)) has a deleted store file open:
$links" ;;
        esac
        n=$(printf '%s\n' "$links" | wc -l)
        [ "$n" -le 16 ] || fail "process $pid has $n descriptors of the store open"
    done
    fd_checks=$((fd_checks + 1))
}

# The loop checks JSON with grep rather than a Python per check, to keep a
# round short: rows are printed compact, one object each, keys in a fixed
# order. rows: the number of rows in $OUT.
rows() { grep -o '{"id":' <<<"$OUT" | wc -l; }
# starred ID: true when the article row ID in $OUT is starred.
starred() { grep -o "{\"id\":$1,[^{}]*}" <<<"$OUT" | grep -q '"starred":true'; }
# has KEY VALUE WHAT: $OUT holds "KEY":"VALUE".
has() { grep -qF "\"$1\":\"$2\"" <<<"$OUT" || fail "$3: no $1 $2 in ${OUT:0:300}"; }

# article_id K V: sets ID to the id of the article "version V" of feed K, or
# to nothing while it is not stored yet.
article_id() {
    cli search "version $2 $1" --json
    ID=
    [ "$(rows)" -eq 1 ] && ID=$(grep -o '^\[{"id":[0-9]*' <<<"$OUT" | grep -o '[0-9]*$')
}

# tui_search QUERY: filters the workstation's list by QUERY; returns once the
# list shows the result.
tui_search() {
    send / && send -l "$1" && send Enter
    wait_for_text "Articles: search \"$1\""
}

tui_clear() {
    send c
    wait_for_text "Articles: all articles"
}

starred_cli=() starred_tui=() watched=() feeds_added=() rules=()
next_s1=1 next_s2=1 i=0 last_n=0
start=$(date +%s)
end=$((start + SECS))
next_fd=$start
while [ "$(date +%s)" -lt "$end" ]; do
    i=$((i + 1))
    if [ "$(date +%s)" -ge "$next_fd" ]; then
        check_fds
        next_fd=$(($(date +%s) + STEP))
    fi

    # A star set from the command line, seen by a fresh process.
    article_id s1 "$next_s1"
    id=$ID
    if [ -n "$id" ]; then
        cli mark "$id" --star
        writes=$((writes + 1))
        cli articles --feed "${FEED_ID[s1]}" --limit 100000 --no-group --json
        starred "$id" || fail "a star set by the command line (article $id) is not seen by another"
        seen=$((seen + 1))
        starred_cli+=("$id")
        cli_v=$next_s1
        next_s1=$((next_s1 + 1))
    fi

    # The watchlist, a feed and an alert rule, each seen by a fresh process.
    sym="SOAK$i"
    cli watch add "$sym"
    writes=$((writes + 1))
    watched+=("$sym")
    cli watch list --json
    has symbol "$sym" "watch add"
    seen=$((seen + 1))
    url="$SRV/changing/n$i?every=2"
    cli feeds add "$url"
    writes=$((writes + 1))
    feeds_added+=("$url")
    cli feeds list --json
    has url "$url" "feeds add"
    seen=$((seen + 1))
    cli alerts add "keyword \"soak $i\""
    writes=$((writes + 1))
    rules+=("keyword \"soak $i\"")
    cli alerts list --json
    has spec 'keyword \"soak '"$i"'\"' "alerts add"
    seen=$((seen + 1))

    # Reads: the fetchers' articles only ever add up.
    cli articles --limit 1000000 --no-group --json
    n=$(rows)
    [ "$n" -ge "$last_n" ] || fail "articles went from $last_n to $n"
    last_n=$n
    cli search version --limit 5 --json
    [ "$(rows)" -ge 1 ] || fail "search found nothing"

    # Every other round, the workstation: it fetches on request, shows the
    # star just set from the command line, and sets one of its own that a
    # fresh process then sees.
    if [ $((i % 2)) -eq 0 ]; then
        send r
        if [ -n "${cli_v:-}" ]; then
            tui_search "version $cli_v s1"
            row=$(screen | sed -n 2p)
            case "$row" in *"★"*"version $cli_v"*) ;; *)
                fail "the workstation does not show the star set by the command line: $row" ;;
            esac
            tui_reads=$((tui_reads + 1))
            tui_clear
        fi
        article_id s2 "$next_s2"
        id=$ID
        if [ -n "$id" ]; then
            tui_search "version $next_s2 s2"
            send s
            ok=0
            for _ in $(seq 1 100); do
                cli articles --feed "${FEED_ID[s2]}" --limit 100000 --no-group --json
                if starred "$id"; then
                    ok=1
                    break
                fi
                sleep 0.05
            done
            [ "$ok" -eq 1 ] || fail "a star set in the workstation (article $id) is not seen by articles --json"
            tui_stars=$((tui_stars + 1))
            writes=$((writes + 1))
            seen=$((seen + 1))
            starred_tui+=("$id")
            next_s2=$((next_s2 + 1))
            tui_clear
        fi
    fi
    [ "$FAILS" -eq 0 ] || break
done
check_fds

kill -INT "$FETCH_PID"
rc=0
wait "$FETCH_PID" || rc=$?
FETCH_PID=
[ "$rc" -eq 0 ] || fail "fetch --every exited $rc: $(cat "$T/fetch.err")"
grep -iE 'locked|busy|malformed|corrupt' "$T/fetch.err" && fail "fetch --every reported: $(cat "$T/fetch.err")"
send q
wait_for_exit 20
contains "$(screen)" "[exited 0]" "the workstation quit cleanly"

# Everything written is there, seen by a last fresh process of each kind,
# and the store and its search index are sound.
cli watch list --json
printf '%s\n' "$OUT" >"$T/watch.json"
cli feeds list --json
printf '%s\n' "$OUT" >"$T/feeds.json"
cli alerts list --json
printf '%s\n' "$OUT" >"$T/alerts.json"
cli articles --limit 1000000 --no-group --json
printf '%s\n' "$OUT" >"$T/articles.json"
printf '%s\n' "${watched[@]}" >"$T/want.watch"
printf '%s\n' "${feeds_added[@]}" >"$T/want.feeds"
printf '%s\n' "${rules[@]}" >"$T/want.rules"
printf '%s\n' "${starred_cli[@]}" "${starred_tui[@]}" >"$T/want.starred"
python3 - "$DB" "$T" >"$T/count" <<'PY' || fail "the store does not hold what was written, or is not sound"
import json, os, sys
sys.path.insert(0, os.environ["BULLPEN_SRC"] + "/tests")
from storedb import connect, unpack
db, t = sys.argv[1], sys.argv[2]
def load(name):
    with open(os.path.join(t, name)) as f:
        return json.load(f)
def want(name):
    with open(os.path.join(t, name)) as f:
        return [l.rstrip("\n") for l in f if l.strip()]
bad = []
syms = {w["symbol"] for w in load("watch.json")}
bad += ["watch list lacks %s" % s for s in want("want.watch") if s not in syms]
urls = {f["url"] for f in load("feeds.json")}
bad += ["feeds list lacks %s" % u for u in want("want.feeds") if u not in urls]
specs = [r["spec"] for r in load("alerts.json")]
if sorted(specs) != sorted(want("want.rules")):
    bad.append("alert rules %s, wanted %s" % (specs, want("want.rules")))
arts = load("articles.json")
starred = sorted(a["id"] for a in arts if a["starred"])
if starred != sorted(int(x) for x in want("want.starred")):
    bad.append("starred %s, wanted %s" % (starred, sorted(want("want.starred"))))
c = connect(db)
ok = c.execute("PRAGMA integrity_check").fetchone()[0]
if ok != "ok":
    bad.append("integrity_check: %s" % ok)
# rank 1: also compare the index with the text it was built from.
c.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
fts = c.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
n = c.execute("SELECT count(*) FROM articles").fetchone()[0]
if fts != n or n != len(arts):
    bad.append("%d articles, %d listed, %d in the search index" % (n, len(arts), fts))
dups = c.execute("SELECT count(*) FROM (SELECT feed_id, guid FROM articles"
                 " GROUP BY feed_id, guid HAVING count(*) > 1)").fetchone()[0]
if dups:
    bad.append("%d duplicated (feed, guid)" % dups)
if bad:
    sys.exit("\n".join(bad))
print(n)
PY
articles=$(cat "$T/count")

echo "soak: $SECS s, $i rounds; processes: the workstation (its own and its fetcher's" \
    "connections), fetch --every, $cli_runs command-line runs; $writes writes ($tui_stars" \
    "stars by key in the workstation), $seen seen by another process, $tui_reads" \
    "command-line stars seen in the workstation; $fd_checks checks of open files" \
    "($fd_procs process checks, $deleted with a deleted store file); $articles articles," \
    "integrity_check and the search index's integrity-check run at the end" >&2
[ "$i" -ge 3 ] || fail "only $i rounds in $SECS s"
finish
