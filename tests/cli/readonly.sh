#!/usr/bin/env bash
# Reading never writes: commands that only read create no store (so a fresh
# account still opens on the demo), and a store on a read-only medium or in a
# directory the user cannot write is read, while a write is one line saying
# the store is read-only. The read-only cases need a read-only bind mount
# (unshare -m) or an unprivileged user (setpriv); the test skips (77) only
# when neither is available.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1

# --- No store yet: every reading command answers as an empty store would. ---
reads=(
    "articles" "articles --json" "search nvidia" "search nvidia --json" "export"
    "export --format csv" "feeds list" "feeds list --json" "feeds export" "watch list"
    "watch list --json" "portfolio list" "portfolio list --json" "prices list AAPL"
    "prices list AAPL --json" "trend AAPL" "trend AAPL --json" "trend --watchlist --json"
    "alerts list" "alerts list --json" "alerts log" "alerts log --json"
)
for cmd in "${reads[@]}"; do
    # shellcheck disable=SC2086 # each entry is a command line
    expect_rc 0 "$BULLPEN" $cmd
    [ -z "$ERR" ] || fail "$cmd with no store wrote to stderr: $ERR"
    case "$cmd" in
    *--json)
        case "$cmd" in
        portfolio*) json 'j["positions"] == []' ;;
        trend\ AAPL*) json 'all(p["articles"] == 0 for p in j["points"])' ;;
        prices*) json 'j["prices"] == []' ;;
        *) json 'j == []' ;;
        esac
        ;;
    esac
done
[ ! -e "$XDG_DATA_HOME" ] || fail "reading commands created $(find "$XDG_DATA_HOME" | tr '\n' ' ')"
expect_rc 0 "$BULLPEN" --db "$T/none/x.db" articles --json
json 'j == []'
[ ! -e "$T/none" ] || fail "articles --db created the store's directory"
# A write on a fresh account still creates the store.
expect_rc 0 "$BULLPEN" --db "$T/fresh.db" alerts log --seen
[ -f "$T/fresh.db" ] || fail "alerts log --seen (a write) did not create the store"

# The workstation still opens on the demo after all that, and rebuilding the
# demo while it is open leaves its files in place.
if command -v tmux >/dev/null 2>&1; then
    tui_start 100 30 "$BULLPEN"
    wait_for_text "demo store: add feeds with: bullpen feeds add URL" 30
    [ ! -e "$XDG_DATA_HOME/bullpen/bullpen.db" ] || fail "the workstation created the default store"
    ws=$(pgrep -P "$(tmux -L "$TUI_SOCK" list-panes -F '#{pane_pid}')" -x bullpen)
    expect_rc 0 "$BULLPEN" demo
    deleted=$(ls -l "/proc/$ws/fd" 2>/dev/null | grep -c '(deleted)')
    [ "$deleted" -eq 0 ] || fail "rebuilding the demo deleted files the workstation has open: $(ls -l "/proc/$ws/fd")"
    expect_rc 0 "$BULLPEN" --db "$XDG_DATA_HOME/bullpen/demo.db" watch list --json
    json 'len(j) == 12'
    send q
    wait_for_exit
    contains "$(screen)" "[exited 0]" "the workstation quit cleanly"
    tmux -L "$TUI_SOCK" kill-server
else
    echo "tmux not found: the demo part is skipped" >&2
fi

# --- A store that cannot be written. ---
# A store with an article, a watched symbol and a feed, closed cleanly (no
# WAL left): the fixture is copied into each read-only place.
RO_SEED="$T/seed.db"
"$BULLPEN" --db "$RO_SEED" import "$BULLPEN_FIXTURES/feeds/rss2.xml" >/dev/null || fail "import"
"$BULLPEN" --db "$RO_SEED" watch add NVDA || fail "watch add"
[ ! -e "$RO_SEED-wal" ] || fail "a cleanly closed store kept its WAL"
n_articles=$("$BULLPEN" --db "$RO_SEED" articles --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$n_articles" -gt 0 ] || fail "the fixture holds no articles"

# ro_checks RUN DB: RUN is a command prefix that runs bullpen where DB cannot
# be written. Reads work, writes are refused with one line, nothing changes.
ro_checks() {
    local run=$1 db=$2 sum
    sum=$(md5sum <"$db")
    # shellcheck disable=SC2086 # $run is a command prefix
    expect_rc 0 $run "$BULLPEN" --db "$db" articles --json
    json "len(j) == $n_articles"
    expect_rc 0 $run "$BULLPEN" --db "$db" watch list --json
    json '[w["symbol"] for w in j] == ["NVDA"]'
    expect_rc 0 $run "$BULLPEN" --db "$db" search nvidia --json
    expect_rc 0 $run "$BULLPEN" --db "$db" export --format csv
    expect_rc 0 $run "$BULLPEN" --db "$db" trend NVDA --json
    for w in "watch add AAPL" "feeds add http://127.0.0.1:9/x.xml" "alerts add watchlist" \
        "fetch --quiet" "alerts log --seen" "portfolio add AAPL 1"; do
        # shellcheck disable=SC2086
        expect_rc 1 $run "$BULLPEN" --db "$db" $w
        is_error_line
        [ "$ERR" = "bullpen: $db: store is read-only" ] || fail "$w on a read-only store said: $ERR"
    done
    [ "$(md5sum <"$db")" = "$sum" ] || fail "the read-only store changed"
}

mechanisms=0

# 1. A read-only bind mount, in a mount namespace of its own (as root, or
# as root of a user namespace of its own where those are allowed).
UNSHARE="unshare -m"
[ "$(id -u)" -eq 0 ] || UNSHARE="unshare -rm"
if $UNSHARE true 2>/dev/null; then
    mkdir -p "$T/media"
    cp "$RO_SEED" "$T/media/x.db"
    RUNRO="$T/runro.sh"
    cat >"$RUNRO" <<EOF
#!/bin/sh
# Runs its arguments with $T/media mounted read-only.
exec $UNSHARE sh -c 'mount --bind "\$0" "\$0" && mount -o remount,ro,bind "\$0" "\$0" && exec "\$@"' "$T/media" "\$@"
EOF
    chmod +x "$RUNRO"
    if "$RUNRO" sh -c "! touch '$T/media/probe' 2>/dev/null"; then
        mechanisms=$((mechanisms + 1))
        echo "read-only bind mount: checked" >&2
        ro_checks "$RUNRO" "$T/media/x.db"
        [ ! -e "$T/media/x.db-wal" ] || fail "a WAL appeared on the read-only medium"
        # The workstation browses it, says so, and a star is refused in one line.
        if command -v tmux >/dev/null 2>&1; then
            tui_start 120 30 "$RUNRO" "$BULLPEN" --db "$T/media/x.db"
            wait_for_text "store is read-only: reading only, no fetching or changes" 20
            send s
            wait_for_text "x.db: store is read-only"
            send q
            wait_for_exit
            contains "$(screen)" "[exited 0]" "the workstation on a read-only store quit cleanly"
            tmux -L "$TUI_SOCK" kill-server
        fi
        # The same with a WAL full of what the file lacks: a process on the
        # writable side keeps a connection, so the last write stays in the
        # WAL; the read-only side reads through it.
        python3 - "$T/media/x.db" "$BULLPEN" "$RUNRO" <<'PY' || fail "reading a live WAL on a read-only medium"
import json, sqlite3, subprocess, sys
db, bullpen, runro = sys.argv[1:4]
held = sqlite3.connect(db)
held.execute("SELECT count(*) FROM watchlist").fetchone()  # holds the WAL open
subprocess.run([bullpen, "--db", db, "watch", "add", "AMZN"], check=True)
out = subprocess.run([runro, bullpen, "--db", db, "watch", "list", "--json"], check=True,
                     capture_output=True, text=True).stdout
syms = [w["symbol"] for w in json.loads(out)]
assert syms == ["AMZN", "NVDA"], syms
held.close()
PY
    else
        echo "read-only bind mount: not possible here" >&2
    fi
fi

# 2. An unprivileged user and a directory it may read but not write.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1 &&
    setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null; then
    chmod 0755 "$T"
    mkdir -p "$T/shelf"
    cp "$RO_SEED" "$T/shelf/x.db"
    chmod 0644 "$T/shelf/x.db"
    chmod 0555 "$T/shelf"
    AS_NOBODY="setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME=$T/shelf XDG_CONFIG_HOME=$T/shelf/none"
    # shellcheck disable=SC2086
    if $AS_NOBODY "$BULLPEN" --version >/dev/null 2>&1; then
        mechanisms=$((mechanisms + 1))
        echo "unprivileged user, read-only directory: checked" >&2
        ro_checks "$AS_NOBODY" "$T/shelf/x.db"
        [ ! -e "$T/shelf/x.db-wal" ] || fail "a WAL appeared in the read-only directory"
        # Where nothing can be created, a write names the reason.
        # shellcheck disable=SC2086
        expect_rc 1 $AS_NOBODY "$BULLPEN" --db "$T/shelf/new.db" watch add AAPL
        is_error_line
        contains "$ERR" "Permission denied" "creating a store in a read-only directory"
    else
        echo "unprivileged user: cannot run the build from here" >&2
    fi
    chmod 0755 "$T/shelf"
fi

if [ "$mechanisms" -eq 0 ]; then
    echo "neither a read-only mount nor an unprivileged user is available: read-only part skipped" >&2
    [ "$FAILS" -eq 0 ] || finish
    exit 77
fi
finish
