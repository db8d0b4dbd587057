# Shared helpers for the script tests (sourced). Each test gets a private
# HOME, XDG directories and store, removed when it exits.
set -u
: "${BULLPEN:?BULLPEN must name the built binary}"
T=$(mktemp -d "${TMPDIR:-/tmp}/bullpen-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
export HOME="$T/home" XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data"
# tmux keeps its sockets here, so a test's server leaves none behind.
export TMUX_TMPDIR="$T"
mkdir -p "$HOME"
unset BULLPEN_NOW 2>/dev/null || true
DB="$T/test.db"
FAILS=0

# bp ARGS...: runs bullpen on the test store.
bp() { "$BULLPEN" --db "$DB" "$@"; }

fail() { echo "FAIL: $*" >&2; FAILS=$((FAILS + 1)); }

# expect_rc CODE CMD...: runs CMD, checks its exit code; keeps stdout in $OUT
# and stderr in $ERR.
expect_rc() {
    local want=$1
    shift
    local rc=0
    "$@" >"$T/out" 2>"$T/err" || rc=$?
    OUT=$(cat "$T/out")
    ERR=$(cat "$T/err")
    [ "$rc" -eq "$want" ] || fail "$* exited $rc, wanted $want (stderr: $ERR)"
}

# contains HAYSTACK NEEDLE WHAT
contains() { case "$1" in *"$2"*) ;; *) fail "$3: '$2' not found in: $1" ;; esac; }
not_contains() { case "$1" in *"$2"*) fail "$3: '$2' found in: $1" ;; esac; }

# json EXPR: evaluates a Python expression over the JSON in $OUT (as j);
# fails unless it is true.
json() {
    python3 -c 'import json,sys
j = json.loads(sys.stdin.read())
sys.exit(0 if eval(sys.argv[1]) else 1)' "$1" <<<"$OUT" || fail "json check: $1 on: ${OUT:0:300}"
}

# A one-line error in the product's form.
is_error_line() {
    [ "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 ] || fail "error is not one line: $ERR"
    contains "$ERR" "bullpen: " "error form"
}

finish() {
    if [ "$FAILS" -gt 0 ]; then
        echo "$FAILS check(s) failed" >&2
        exit 1
    fi
    echo ok
}

# start_server [ARGS...]: starts tests/httpserver.py on 127.0.0.1 (it exits
# when this shell does) and sets PORT and SRV (http://127.0.0.1:PORT).
start_server() {
    local pf="$T/port.$RANDOM"
    mkfifo "$T/srv.in.$$" 2>/dev/null || true
    python3 "$BULLPEN_SRC/tests/httpserver.py" --port-file "$pf" --watch-stdin "$@" \
        <"$T/srv.in.$$" >"$T/server.log" 2>&1 &
    SERVER_PID=$!
    exec 9>"$T/srv.in.$$" # held open; closed (server exits) when the test ends
    local i
    for i in $(seq 1 100); do
        [ -s "$pf" ] && break
        sleep 0.05
    done
    PORT=$(cat "$pf" 2>/dev/null) || { echo "server did not start" >&2; exit 1; }
    SRV="http://127.0.0.1:$PORT"
    trap 'exec 9>&-; kill $SERVER_PID 2>/dev/null; rm -rf "$T"' EXIT
}

# server_log: the requests the server saw since the last reset (JSON).
server_log() { curl -s "$SRV/__log"; }

# --- Workstation (TUI) tests: the real binary in a private tmux server. ---
TUI_SOCK="bullpen-test-$$-${RANDOM}"

# Skips the test (77) when tmux is not installed.
tui_require() {
    command -v tmux >/dev/null 2>&1 || {
        echo "tmux not found: skipped"
        exit 77
    }
}

tui_cleanup() {
    tmux -L "$TUI_SOCK" kill-server >/dev/null 2>&1 || true
    [ -n "${SERVER_PID:-}" ] && kill "$SERVER_PID" 2>/dev/null
    rm -rf "$T"
}

# tui_start COLS ROWS CMD...: runs CMD in a detached session of that size,
# in a UTF-8 locale. When CMD ends the pane says "[exited N]" and stays, so
# its last words can be read.
tui_start() {
    local cols=$1 rows=$2
    shift 2
    trap tui_cleanup EXIT
    tmux -L "$TUI_SOCK" -f /dev/null new-session -d -x "$cols" -y "$rows" \
        env LANG=C.UTF-8 LC_ALL=C.UTF-8 sh -c '"$@"; printf "\n[exited %d]\n" $?; exec sleep 3600' \
        sh "$@"
}

# tui_respawn CMD...: replaces whatever runs in the pane tui_start made with
# CMD (same size, same server; the old program is killed), with the same
# "[exited N]" at its end.
tui_respawn() {
    tmux -L "$TUI_SOCK" respawn-pane -k \
        env LANG=C.UTF-8 LC_ALL=C.UTF-8 sh -c '"$@"; printf "\n[exited %d]\n" $?; exec sleep 3600' \
        sh "$@"
}

# screen [capture-pane options]: the pane's text now.
screen() { tmux -L "$TUI_SOCK" capture-pane -p "$@"; }
send() { tmux -L "$TUI_SOCK" send-keys "$@"; }

# wait_for_text TEXT [SECONDS]: polls the screen until TEXT shows; fails
# with the screen when it does not within the time (default 10 s).
wait_for_text() {
    local text=$1 limit=${2:-10} i=0
    while [ "$i" -lt $((limit * 20)) ]; do
        case "$(screen)" in *"$text"*) return 0 ;; esac
        sleep 0.05
        i=$((i + 1))
    done
    fail "timed out waiting for '$text'; screen was:
$(screen)"
    return 1
}

# wait_for_gone TEXT [SECONDS]: polls until TEXT is no longer on screen.
wait_for_gone() {
    local text=$1 limit=${2:-10} i=0
    while [ "$i" -lt $((limit * 20)) ]; do
        case "$(screen)" in *"$text"*) ;; *) return 0 ;; esac
        sleep 0.05
        i=$((i + 1))
    done
    fail "timed out waiting for '$text' to go; screen was:
$(screen)"
    return 1
}

# wait_for_bottom TEXT WHAT: polls (5 s) until the bottom row, trailing
# blanks dropped, reads exactly TEXT; fails naming WHAT otherwise.
wait_for_bottom() {
    local i=0 last
    while [ "$i" -lt 100 ]; do
        last=$(screen | tail -n 1 | sed 's/ *$//')
        [ "$last" = "$1" ] && return 0
        sleep 0.05
        i=$((i + 1))
    done
    fail "$2: bottom row is '$last', wanted '$1'"
    return 1
}

# wait_for_screen SCREEN WHAT: polls (5 s) until the whole pane is SCREEN
# (as screen printed it); fails naming WHAT, with the screen, otherwise.
wait_for_screen() {
    local i=0
    while [ "$(screen)" != "$1" ] && [ "$i" -lt 100 ]; do
        sleep 0.05
        i=$((i + 1))
    done
    [ "$(screen)" = "$1" ] || {
        fail "$2: screen was:
$(screen)"
        return 1
    }
}

# wait_for_exit [SECONDS]: polls until the program in the pane has exited.
# wait_for_exit [SECONDS]: waits for the program to end, and fails unless it
# ended with status 0 (a sanitizer's report or a failed command ends it with
# another; the screen's last lines show why).
wait_for_exit() {
    wait_for_text "[exited " "${1:-10}"
    screen | grep -qF "[exited 0]" ||
        fail "the workstation ended with $(screen | grep -o '\[exited [0-9]*\]'): $(screen | grep -v '^$' | tail -5)"
}

# tui_resize COLS ROWS
tui_resize() { tmux -L "$TUI_SOCK" resize-window -x "$1" -y "$2"; }

# same WHAT EXPECTED ACTUAL: fails with a diff unless they are equal.
same() {
    [ "$2" = "$3" ] || fail "$1 differs (- expected, + on screen):
$(diff <(printf '%s\n' "$2") <(printf '%s\n' "$3"))"
}
# settle: waits until the screen has stayed the same for three captures in
# a row, 0.1 s apart (a loaded machine may still be drawing after the text
# a test waited for appeared).
settle() {
    local a b i=0 same=0
    a=$(screen)
    while [ $i -lt 60 ] && [ $same -lt 2 ]; do
        sleep 0.1
        b=$(screen)
        if [ "$a" = "$b" ]; then same=$((same + 1)); else same=0; fi
        a=$b
        i=$((i + 1))
    done
}

# start_llm_server [ARGS...]: starts tests/llmserver.py (a chat-completions
# endpoint; ARGS such as --script FILE) on 127.0.0.1, exiting with this
# shell, and sets LLM_PORT and LLM (its base URL).
start_llm_server() {
    local pf="$T/llmport.$RANDOM"
    mkfifo "$T/llm.in.$$" 2>/dev/null || true
    python3 "$BULLPEN_SRC/tests/llmserver.py" --port-file "$pf" --watch-stdin "$@" \
        <"$T/llm.in.$$" >"$T/llmserver.log" 2>&1 &
    LLM_PID=$!
    exec 8>"$T/llm.in.$$"
    local i
    for i in $(seq 1 100); do
        [ -s "$pf" ] && break
        sleep 0.05
    done
    LLM_PORT=$(cat "$pf" 2>/dev/null) || { echo "llm server did not start" >&2; exit 1; }
    LLM="http://127.0.0.1:$LLM_PORT"
}
llm_log() { curl -s "$LLM/__log"; }
llm_reset() { curl -s "$LLM/__reset" >/dev/null; }

# wait_runs N [SECONDS]: waits until $T/ran (one line per run of an alert's
# command) has N lines; fails when it has fewer after SECONDS (default 60).
wait_runs() {
    local end=$(($(date +%s) + ${2:-60})) have=0
    while :; do
        have=$(cat "$T/ran" 2>/dev/null | wc -l)
        [ "$have" -lt "$1" ] && [ "$(date +%s)" -lt "$end" ] || break
        sleep 0.05
    done
    [ "$have" -ge "$1" ] || fail "the alert command ran $have times, not $1"
}
