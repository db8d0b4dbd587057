#!/usr/bin/env bash
# A workstation on a PostgreSQL store whose server goes quiet (its
# connection cut, and new ones taken but never answered, as behind a dead
# link): keys are still answered at once while it tries to connect again,
# and once the server answers it is back on its own. A command given up
# on such a server says so in one line, after the connect timeout the
# environment or the target sets.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require
source "$BULLPEN_SRC/tests/pg.sh"
pg_tui_desk

python3 "$BULLPEN_SRC/tests/tools/pg_proxy.py" "$PG_DIR/.s.PGSQL.5432" "$T/proxy-port" &
PROXY=$!
for _ in $(seq 1 100); do [ -s "$T/proxy-port" ] && break; sleep 0.05; done
[ -s "$T/proxy-port" ] || fail "the proxy did not start"
PQ="host=127.0.0.1 port=$(cat "$T/proxy-port") user=bullpen dbname=desk"

expect_rc 0 "$BULLPEN" --db "$PGDB" feeds add --no-check "$SRV/rss2.xml"
expect_rc 0 "$BULLPEN" --db "$PGDB" fetch
tui_respawn "$BULLPEN" --db "$PQ"
wait_for_text "6/6 unread"

kill -USR1 "$PROXY"
# Keys that read the store and keys that do not: each answered within two
# seconds, over several of its tries to connect again (every 2 s).
started=$SECONDS
for _ in 1 2 3; do
    send '?'
    wait_for_text "rebind with" 2 || break
    send q
    wait_for_gone "rebind with" 2 || break
    send j
    sleep 1
done
[ $((SECONDS - started)) -le 10 ] || fail "keys took $((SECONDS - started)) s while the server was quiet"
send s
wait_for_text "still connecting" 3

# A command gives up on the quiet server after its connect timeout, in one
# line naming the server: the environment's, or the target's over it.
t0=$SECONDS
expect_rc 1 env PGCONNECT_TIMEOUT=2 "$BULLPEN" --db "$PQ" articles
[ $((SECONDS - t0)) -le 6 ] || fail "PGCONNECT_TIMEOUT=2 took $((SECONDS - t0)) s"
contains "$ERR" "bullpen: store: postgresql://127.0.0.1:" "the server named"
[ "$(grep -c . <<<"$ERR")" = 1 ] || fail "more than one line: $ERR"
t0=$SECONDS
expect_rc 1 "$BULLPEN" --db "$PQ connect_timeout=2" articles
[ $((SECONDS - t0)) -le 6 ] || fail "connect_timeout=2 in the target took $((SECONDS - t0)) s"

kill -USR2 "$PROXY"
# Within its next try (the one under way is given up after 15 s at most).
for _ in $(seq 1 40); do
    send s
    sleep 0.5
    starred=$("$BULLPEN" --db "$PGDB" articles --json |
        python3 -c 'import json,sys; print(sum(a["starred"] for a in json.load(sys.stdin)))')
    [ "$starred" != 0 ] && break
done
[ "$starred" != 0 ] || fail "no star stored after the server answered again: $(screen | tail -2)"

expect_rc 0 "$BULLPEN" --db "$PGDB" feeds add --no-check "$SRV/portfolio_news.xml"
expect_rc 0 "$BULLPEN" --db "$PGDB" fetch
wait_for_text "16/16 unread" 10
send q
wait_for_exit
kill "$PROXY"
finish
