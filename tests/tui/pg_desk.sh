#!/usr/bin/env bash
# The workstation on a PostgreSQL store (a throwaway server, tests/pg.sh)
# shows what it shows on SQLite: the same feeds fetched into both, the same
# keys pressed, the same screens (list, article, search, feeds, trend).
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require
source "$BULLPEN_SRC/tests/pg.sh"
pg_tui_desk

# desk DB DIR: fills DB, opens the workstation on it and keeps each screen.
desk() {
    local db=$1 d=$2 f
    mkdir -p "$d"
    for f in rss2.xml portfolio_news.xml; do
        expect_rc 0 "$BULLPEN" --db "$db" feeds add --no-check "$SRV/$f"
    done
    # One transfer at a time: the articles get their ids in one order on
    # both engines, and a search lists them by id.
    expect_rc 0 "$BULLPEN" --db "$db" fetch --jobs 1
    expect_rc 0 "$BULLPEN" --db "$db" watch add NVDA
    tui_respawn "$BULLPEN" --db "$db"
    wait_for_text "16/16 unread"
    # The workstation's own fetcher (its connection made from store_target)
    # fetches the due feeds once; the screens are kept after it.
    wait_for_text "fetching" 10
    wait_for_gone "fetching" 20
    screen >"$d/list"
    send j j Enter
    wait_for_text "[2 Article]" && wait_for_text "15/16 unread" && screen >"$d/article"
    send 1
    send /
    send -l "nvidia"
    send Enter
    wait_for_text 'search "nvidia"' && screen >"$d/search"
    send F
    # The feeds view says how long ago each was fetched: read, not compared.
    wait_for_text "FETCHED" && screen >"$d/feeds.view"
    send q
    wait_for_gone "FETCHED"
    send q
    wait_for_exit
}

desk "$T/test.db" "$T/sqlite"
desk "$PGDB" "$T/pg"
for f in "$T"/sqlite/{list,article,search}; do
    n=${f##*/}
    diff -u "$f" "$T/pg/$n" >"$T/diff" || fail "$n screen differs on PostgreSQL: $(cat "$T/diff")"
done
contains "$(cat "$T/pg/list")" "Nvidia shares fall after export curbs widen" "list on PostgreSQL"
contains "$(cat "$T/pg/article")" "Microsoft (\$MSFT) won a \$10 billion cloud contract" "article on PostgreSQL"
contains "$(cat "$T/pg/search")" "Nvidia downgraded to underperform" "search on PostgreSQL"
contains "$(cat "$T/pg/feeds.view")" "unchanged" "the workstation's fetcher ran on PostgreSQL"
not_contains "$(cat "$T/pg/search")" "Microsoft wins" "search keeps to its matches"
grep -q ERROR "$PG_DIR/server.log" && fail "the server logged errors: $(grep -A1 ERROR "$PG_DIR/server.log" | head -6)"
finish
