#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: initdb and pg_ctl on a fresh
# temporary directory, listening only on a Unix socket inside it (no TCP),
# fsync off, stopped and removed when the test ends.
#
# Sourced (by a script test):
#     . "$BULLPEN_SRC/tests/pg.sh"
#     pg_start               # exits 77 (skip) when PostgreSQL is not installed
#     url=$(pg_newdb NAME)   # a new, empty database; prints its conninfo
#     pg_sql URL "SQL"       # runs SQL through psql, prints rows unaligned
#     pg_down; pg_up         # the server stopped (fast) and started again
#     url=$(pg_analyst URL ROLE)  # ROLE, an analyst of the desk at URL
#                                 # (a bullpen store); prints URL as ROLE
#     pg_tui_desk            # a workstation test's feeds, pane and database
# Run (around a unit test binary):
#     tests/pg.sh CMD ARGS...  runs CMD with BULLPEN_PG set to the server's
#                              conninfo and returns its status
#
# Run as root, initdb refuses to work: the server then runs as an
# unprivileged user, BULLPEN_PG_USER (default: "postgres", which Debian's
# package creates, else "nobody"), through setpriv. The client side (psql,
# bullpen) stays the caller; root reaches the socket in the private
# directory, any other caller owns it. Authentication is "trust" on that
# socket alone, for the superuser "bullpen".
#
# Nothing outlives the caller: besides the EXIT trap, a watcher process
# stops the server (immediate mode) and removes the directory as soon as the
# process that started it is gone, even when it was killed with SIGKILL.

pg_find_bin() {
    local d
    for d in "${BULLPEN_PG_BIN:-}" "$(pg_config --bindir 2>/dev/null)" \
        $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
        [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
    done
    return 1
}

# _pg_as CMD...: runs CMD as the server's user, with no descriptor but
# stdin/stdout/stderr (a test's held pipes must not live on in the server).
_pg_as() {
    (
        for fd in /proc/$BASHPID/fd/*; do
            fd=${fd##*/}
            [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-"
        done
        if [ -n "$PG_RUNAS" ]; then
            exec setpriv --reuid="$PG_RUNAS" --regid="$PG_RUNAS_GID" --clear-groups \
                --reset-env -- "$@"
        fi
        exec "$@"
    )
}

pg_stop() {
    [ -n "${PG_DIR:-}" ] || return 0
    [ -f "$PG_DIR/data/postmaster.pid" ] &&
        _pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1
    [ -n "${PG_WATCH:-}" ] && kill "$PG_WATCH" 2>/dev/null
    rm -rf "$PG_DIR"
    PG_DIR= PG_WATCH=
}

# _pg_run: starts the server initdb made in PG_DIR (exits 1 when it does
# not start).
_pg_run() {
    if ! _pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 30 \
        -o "-c listen_addresses='' -c unix_socket_directories='$PG_DIR' -c fsync=off \
            -c synchronous_commit=off -c full_page_writes=off -c max_connections=40 \
            -c shared_buffers=16MB" start >/dev/null 2>&1; then
        echo "pg.sh: the server did not start:" >&2
        cat "$PG_DIR/server.log" >&2
        exit 1
    fi
}

# pg_down / pg_up: stops the server as its administrator would (fast mode:
# every connection closed), and starts it again on the same data.
pg_down() { _pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1; }
pg_up() { _pg_run; }

pg_start() {
    PG_BIN=$(pg_find_bin) || {
        echo "SKIP: PostgreSQL is not installed (no initdb/pg_ctl; scripts/setup.sh test installs it)" >&2
        exit 77
    }
    command -v psql >/dev/null || { echo "SKIP: psql is not installed" >&2; exit 77; }
    PG_RUNAS= PG_RUNAS_GID=
    if [ "$(id -u)" -eq 0 ]; then
        PG_RUNAS=${BULLPEN_PG_USER:-}
        [ -z "$PG_RUNAS" ] && { id -u postgres >/dev/null 2>&1 && PG_RUNAS=postgres || PG_RUNAS=nobody; }
        PG_RUNAS_GID=$(id -g "$PG_RUNAS") || { echo "pg.sh: no user $PG_RUNAS" >&2; exit 1; }
    fi
    PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/bullpen-pg.XXXXXX") || exit 1
    [ -n "$PG_RUNAS" ] && chown "$PG_RUNAS:$PG_RUNAS_GID" "$PG_DIR"
    # The EXIT trap keeps what the caller had set (lib.sh removes its $T).
    local -a prev=()
    eval "prev=($(trap -p EXIT))"
    trap "pg_stop; ${prev[2]:-}" EXIT
    local owner=$$
    (
        for fd in /proc/$BASHPID/fd/*; do
            fd=${fd##*/}
            [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-"
        done
        exec </dev/null >/dev/null 2>&1
        trap '' HUP INT TERM
        while kill -0 "$owner" 2>/dev/null; do sleep 0.5; done
        [ -f "$PG_DIR/data/postmaster.pid" ] &&
            _pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop
        rm -rf "$PG_DIR"
    ) &
    PG_WATCH=$!
    if ! _pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -U bullpen -A trust -E UTF8 \
        --locale=C.UTF-8 --no-sync --no-instructions >"$PG_DIR/initdb.log" 2>&1; then
        echo "pg.sh: initdb failed:" >&2
        cat "$PG_DIR/initdb.log" >&2
        exit 1
    fi
    _pg_run
    BULLPEN_PG="host=$PG_DIR user=bullpen dbname=postgres"
    export BULLPEN_PG
}

# pg_sql CONNINFO SQL: runs SQL, stops at the first error.
pg_sql() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }

# pg_newdb NAME: creates an empty database and prints its conninfo.
pg_newdb() {
    pg_sql "$BULLPEN_PG" "CREATE DATABASE \"$1\"" >/dev/null || exit 1
    echo "host=$PG_DIR user=bullpen dbname=$1"
}

# pg_tui_desk: a workstation test's desk: rss2.xml and portfolio_news.xml
# served (start_server: SRV), a tmux pane (tui_start, first, so that
# pg_start keeps its EXIT trap), the server, an empty database "desk" in
# PGDB, and BULLPEN_NOW fixed. Needs tests/lib.sh.
pg_tui_desk() {
    mkdir -p "$T/www"
    cp "$BULLPEN_FIXTURES"/feeds/{rss2.xml,portfolio_news.xml} "$T/www/"
    start_server --root "$T/www"
    tui_start 120 30 sleep 3600
    pg_start
    PGDB=$(pg_newdb desk)
    export BULLPEN_NOW=1718798400 # 2024-06-19T12:00:00Z
}

# pg_analyst CONNINFO ROLE: makes ROLE a login role (trusted on the socket
# like every role here) when the server has none, gives it the GRANTs an
# analyst of the desk needs (README, "The desk") on the bullpen store at
# CONNINFO, and prints CONNINFO for ROLE.
pg_analyst() {
    pg_sql "$BULLPEN_PG" "DO \$\$ BEGIN CREATE ROLE \"$2\" LOGIN;
        EXCEPTION WHEN duplicate_object THEN NULL; END \$\$" >/dev/null || exit 1
    pg_sql "$1" "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO \"$2\";
        GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO \"$2\"" >/dev/null || exit 1
    echo "$1 user=$2"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -u
    [ $# -gt 0 ] || { echo "usage: tests/pg.sh CMD ARGS..." >&2; exit 2; }
    pg_start
    rc=0
    "$@" || rc=$?
    exit $rc
fi
