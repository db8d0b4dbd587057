#!/usr/bin/env bash
# Two workstations on one PostgreSQL desk (a throwaway server, tests/pg.sh),
# side by side in tmux as the analysts alice and bob: one `bullpen fetch`
# and both list the same articles; alice stars one and reads another, and
# bob's screen shows neither her star nor her read mark, his unread count
# staying whole, also once his list and counts are read again.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require
source "$BULLPEN_SRC/tests/pg.sh"
pg_tui_desk

for f in rss2.xml portfolio_news.xml; do
    expect_rc 0 "$BULLPEN" --db "$PGDB" feeds add --no-check "$SRV/$f"
done
ALICE=$(pg_analyst "$PGDB" alice)
BOB=$(pg_analyst "$PGDB" bob)
expect_rc 0 "$BULLPEN" --db "$BOB" fetch

# Window 0 is alice's, window 1 bob's; screen and send (tests/lib.sh) act
# on the window in PANE.
tmux -L "$TUI_SOCK" new-window -d -t 0:1 sleep 3600
PANE=0:0
screen() { tmux -L "$TUI_SOCK" capture-pane -p -t "$PANE" "$@"; }
send() { tmux -L "$TUI_SOCK" send-keys -t "$PANE" "$@"; }
open_as() {
    PANE=$1
    tmux -L "$TUI_SOCK" respawn-pane -k -t "$PANE" \
        env LANG=C.UTF-8 LC_ALL=C.UTF-8 sh -c '"$@"; printf "\n[exited %d]\n" $?; exec sleep 3600' \
        sh "$BULLPEN" --db "$2"
    wait_for_text "16/16 unread" 20
    # Its own fetcher's first pass (nothing new) ends before keys are sent.
    wait_for_gone "fetching" 20
}
# The list's rows (the status lines change with the fetcher's news).
rows() { screen | sed -n '2,17p'; }
open_as 0:0 "$ALICE"
open_as 0:1 "$BOB"
settle
bob_rows=$(rows)
[ "$(grep -c '^● ' <<<"$bob_rows")" = 16 ] || fail "bob's articles are not all unread: $bob_rows"
PANE=0:0
settle
same "the list both see" "$bob_rows" "$(rows)"

# alice: star the first article, read the third.
send s
wait_for_text "●★"
send j j Enter
wait_for_text "[2 Article]" && wait_for_text "15/16 unread"
send 1
wait_for_text "[1 List]"
settle
alice_rows=$(rows)
sed -n 1p <<<"$alice_rows" | grep -q '^●★' || fail "alice's star: $alice_rows"
sed -n 3p <<<"$alice_rows" | grep -q '^   20' || fail "alice's read mark: $alice_rows"
send '*'
wait_for_text "Articles: starred"
settle
[ "$(rows | grep -c '★')" = 1 ] || fail "alice's starred list: $(screen)"

# bob: the same rows as before; his counts and lists read again show
# neither alice's read mark nor her star.
PANE=0:1
settle
same "bob's rows after alice's marks" "$bob_rows" "$(rows)"
contains "$(screen)" "16/16 unread" "bob's status bar after alice's marks"
send u
wait_for_text "Articles: unread"
settle
same "bob's unread articles" "$bob_rows" "$(rows)"
contains "$(screen)" "16/16 unread" "bob's status bar, counted again"
send c
wait_for_text "Articles: all articles"
send '*'
wait_for_text "Articles: starred"
wait_for_text "No articles match"
send c
wait_for_text "Articles: all articles"
settle
same "bob's list read again" "$bob_rows" "$(rows)"
send q
wait_for_exit
PANE=0:0
send q
wait_for_exit
grep -q ERROR "$PG_DIR/server.log" && fail "the server logged errors: $(grep -A1 ERROR "$PG_DIR/server.log" | head -6)"
finish
