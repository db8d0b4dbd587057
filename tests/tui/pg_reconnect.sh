#!/usr/bin/env bash
# A workstation open on a PostgreSQL store while the server restarts: a
# key pressed with the server down names it, and once it is back the
# workstation connects again on its own: a star is stored, and another
# process's new articles reach its status bar (its LISTEN sent again).
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require
source "$BULLPEN_SRC/tests/pg.sh"
pg_tui_desk

expect_rc 0 "$BULLPEN" --db "$PGDB" feeds add --no-check "$SRV/rss2.xml"
expect_rc 0 "$BULLPEN" --db "$PGDB" fetch
tui_respawn "$BULLPEN" --db "$PGDB"
wait_for_text "6/6 unread"

pg_down
send s
wait_for_text "marking an article:"
pg_up
# Within its look for changes (every 2 s while the server is gone).
sleep 2.5
send s
for _ in $(seq 1 50); do
    starred=$("$BULLPEN" --db "$PGDB" articles --json |
        python3 -c 'import json,sys; print(sum(a["starred"] for a in json.load(sys.stdin)))')
    [ "$starred" = 1 ] && break
    sleep 0.1
done
[ "$starred" = 1 ] || fail "the star after the restart was not stored: $(screen | tail -2)"

expect_rc 0 "$BULLPEN" --db "$PGDB" feeds add --no-check "$SRV/portfolio_news.xml"
expect_rc 0 "$BULLPEN" --db "$PGDB" fetch
wait_for_text "16/16 unread" 5
send q
wait_for_exit
finish
