#!/usr/bin/env bash
# Two workstations, the analysts alice and bob, open on one PostgreSQL
# store (a throwaway server, tests/pg.sh) see what another process commits through the store's change
# notices (LISTEN/NOTIFY), without reading the tables to find out: a
# `bullpen fetch` that stores an article matching an alert rule shows in
# both status bars (the counts, the alert) within a second of the fetch
# exiting, and a feed error likewise; alice's `mark` from the command line
# shows in her workstation and not in bob's, and a shared `watch add` in
# both. The delays measured are printed.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit 77; }
mkdir -p "$T/www"

# item N TITLE: one RSS item.
item() {
    printf '<item><title>%s</title><link>https://wire.example.com/%s</link>' "$2" "$1"
    printf '<guid>https://wire.example.com/%s</guid>' "$1"
    printf '<pubDate>Mon, 30 Nov 2026 1%s:00:00 GMT</pubDate><description>%s.</description></item>\n' "$1" "$2"
}
# feed ITEMS...: the served feed, holding those items.
feed() {
    {
        printf '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Wire</title>\n'
        printf '<link>https://wire.example.com/</link><description>Wire</description>\n'
        cat
        printf '</channel></rss>\n'
    } >"$T/www/wire.xml.new"
    mv "$T/www/wire.xml.new" "$T/www/wire.xml"
}
{
    item 1 "Harbour cranes idle as port strike enters day three"
    item 2 "Copper edges up on smelter outage"
} | feed

start_server --root "$T/www"
tui_start 120 30 sleep 3600
source "$BULLPEN_SRC/tests/pg.sh" # after tui_start: its EXIT trap is kept
pg_start
PGDB=$(pg_newdb desk)
b() { "$BULLPEN" --db "$PGDB" "$@"; }

expect_rc 0 b feeds add --no-check "$SRV/wire.xml"
expect_rc 0 b alerts add --shared keyword quarterly
ALICE=$(pg_analyst "$PGDB" alice)
BOB=$(pg_analyst "$PGDB" bob)
# Fetched now, the feed is not due while the workstations are open: their
# own fetchers leave it alone and the separate fetches below bring news.
expect_rc 0 b fetch

S=(w1 w2)
DBS=("$ALICE" "$BOB")
tm() { tmux -L "$TUI_SOCK" "$@"; }
for i in 0 1; do
    tm new-session -d -s "${S[$i]}" -x 140 -y 40 \
        env LANG=C.UTF-8 LC_ALL=C.UTF-8 sh -c '"$@"; printf "\n[exited %d]\n" $?; exec sleep 3600' \
        sh "$BULLPEN" --db "${DBS[$i]}"
done
# bar SESSION: the status bar of that workstation (the row with the counts).
bar() { tm capture-pane -p -t "$1" | grep 'unread' | tail -n 1; }
# both TEXT: waits up to 10 s for both status bars to show TEXT.
both() {
    local s i
    for s in "${S[@]}"; do
        for i in $(seq 1 200); do
            case "$(bar "$s")" in *"$1"*) break ;; esac
            sleep 0.05
        done
        contains "$(bar "$s")" "$1" "workstation $s's status bar"
    done
}
both "2/2 unread"
# Each workstation's own fetcher has had its pass (nothing was due).
for s in "${S[@]}"; do
    for i in $(seq 1 200); do
        tm capture-pane -p -t "$s" | grep -q 'fetching' || break
        sleep 0.05
    done
done

# within TEXT WHAT [WHICH...]: after a command ended at $t0 (date +%s%N),
# polls the status bars of the workstations WHICH (0 alice, 1 bob; both by
# default) until each shows TEXT; prints each delay and fails when one is a
# second or more.
within() {
    local s seen=() now ms which=("${@:3}") left
    [ ${#which[@]} -gt 0 ] || which=(0 1)
    while :; do
        now=$(date +%s%N)
        ms=$(((now - t0) / 1000000))
        left=0
        for s in "${which[@]}"; do
            [ -n "${seen[$s]:-}" ] && continue
            case "$(bar "${S[$s]}")" in *"$1"*) seen[$s]=$ms ;; *) left=1 ;; esac
        done
        [ $left = 0 ] && break
        [ "$ms" -ge 5000 ] && break
        sleep 0.02
    done
    echo "$2: alice after ${seen[0]:-none} ms, bob after ${seen[1]:-none} ms" >&2
    for s in "${which[@]}"; do
        [ -n "${seen[$s]:-}" ] && [ "${seen[$s]}" -lt 1000 ] ||
            fail "$2: workstation $((s + 1)) showed '$1' after ${seen[$s]:-more than 5000} ms, not within 1000; bar: $(bar "${S[$s]}")"
    done
}

# A new article that matches the rule.
{
    item 1 "Harbour cranes idle as port strike enters day three"
    item 2 "Copper edges up on smelter outage"
    item 3 "Retailer beats quarterly forecast on holiday demand"
} | feed
expect_rc 0 b fetch --all
t0=$(date +%s%N)
within "3/3 unread" "the new article"
t0=$(date +%s%N) # the alert's row is committed with the article's
within "1 alert" "its alert"
[ "$(pg_sql "$PGDB" 'SELECT count(*) FROM alert_events')" = 1 ] || fail "one alert event"

# A feed error: the feed is gone from the server.
rm "$T/www/wire.xml"
"$BULLPEN" --db "$PGDB" fetch --all >/dev/null 2>&1
t0=$(date +%s%N)
within "1 feed error" "the feed error"
# And mended: the count goes.
{ item 1 "Harbour cranes idle as port strike enters day three"; } | feed
expect_rc 0 b fetch --all
for s in "${S[@]}"; do
    for i in $(seq 1 40); do
        case "$(bar "$s")" in *"feed error"*) sleep 0.05 ;; *) break ;; esac
    done
    not_contains "$(bar "$s")" "feed error" "workstation $s after the feed came back"
done

# The command line's changes, as on SQLite (tests/tui/store_changes.sh):
# alice's mark is hers alone, a shared watch entry is everyone's.
first=$(pg_sql "$PGDB" 'SELECT min(id) FROM articles')
expect_rc 0 "$BULLPEN" --db "$ALICE" mark "$first" --read
t0=$(date +%s%N)
within "2/3 unread" "alice's mark" 0
sleep 0.5
contains "$(bar w2)" "3/3 unread" "bob's status bar after alice's mark"
expect_rc 0 b watch add --shared XYZQ
for s in "${S[@]}"; do
    for i in $(seq 1 20); do
        tm capture-pane -p -t "$s" | grep -q XYZQ && break
        sleep 0.05
    done
    contains "$(tm capture-pane -p -t "$s")" "XYZQ" "workstation $s's watchlist after watch add"
done

for s in "${S[@]}"; do
    tm send-keys -t "$s" q
done
for s in "${S[@]}"; do
    for i in $(seq 1 100); do
        tm capture-pane -p -t "$s" | grep -q '\[exited 0\]' && break
        sleep 0.05
    done
    contains "$(tm capture-pane -p -t "$s")" "[exited 0]" "workstation $s quits"
done
grep -q ERROR "$PG_DIR/server.log" && fail "the server logged errors: $(grep -A1 ERROR "$PG_DIR/server.log" | head -6)"
finish
