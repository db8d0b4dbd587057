#!/usr/bin/env bash
# Every key of the key map, as the binary lists it (bullpen open --keys), is
# pressed in every view (list, article, portfolio, trend, overview, feeds,
# help) and typed into every prompt, at 80x24 and at 200x60 on the demo
# store; every action is also run by name from the command line in every
# view; and every key once more in every view on a store whose feeds the
# background fetcher is fetching from a local server. After each key the
# workstation must still run with its screen drawn; a key that quits is
# noted and the workstation reopened. A new key or action is covered without
# touching this file. Under the sanitizer build this is the test that
# catches a view used after it was closed.
#
# Keys are not followed by sleeps: after each one the test types a marker
# into the command line (":bpmarkN") and waits until the marker is on the
# bottom line, which proves that every key before it has been handled and the
# screen drawn since. What the bottom line then says also tells whether the
# key left a prompt open (the marker went into that prompt instead).
#
# Thousands of keys are sent and screens read, so the test talks to tmux
# through one control-mode client (tmux -C) rather than a tmux process per
# command, and tmux writes each screen to a file rather than down a pipe.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require

started=$SECONDS
"$BULLPEN" demo --db "$T/demo.db" >/dev/null || fail "demo store"
# A store of our own has the fetcher thread running (the demo's has none):
# one feed that works and one that fails, fetched once already.
start_server --root "$BULLPEN_FIXTURES/feeds"
printf 'fetch.timeout = 3\n' >"$T/cfg"
for f in "$SRV/rss2.xml" "$SRV/status/404"; do
    "$BULLPEN" --config "$T/cfg" --db "$T/feeds.db" feeds add "$f" >/dev/null || fail "feeds add $f"
done
"$BULLPEN" --config "$T/cfg" --db "$T/feeds.db" watch add NVDA AAPL >/dev/null || fail "watch add"
"$BULLPEN" --config "$T/cfg" --db "$T/feeds.db" fetch --quiet >/dev/null 2>&1
[ "$FAILS" -eq 0 ] || finish

# The key map: KEY<TAB>ACTION<TAB>HELP lines.
KEYS=() KEY_ACT=() ACTIONS=()
declare -A KEY_OF=() # action -> its first key
last=""
while IFS=$'\t' read -r key act _; do
    [ "$last" = "$act" ] || ACTIONS+=("$act")
    last=$act
    [ "$key" = "(unbound)" ] && continue
    KEYS+=("$key")
    KEY_ACT+=("$act")
    [ -n "${KEY_OF[$act]:-}" ] || KEY_OF[$act]=$key
done < <("$BULLPEN" open --keys)
[ "${#KEYS[@]}" -ge 40 ] || fail "open --keys listed only ${#KEYS[@]} keys"
for a in back filter-clear command overview feeds help pane-list pane-article pane-portfolio quit; do
    [ -n "${KEY_OF[$a]:-}" ] || fail "no key for $a: the test needs one to reach its views"
done
# C-g cancels the command line; outside it, it must do nothing.
for k in "${KEYS[@]}"; do [ "$k" = C-g ] && fail "C-g is bound: the test cancels prompts with it"; done
[ "$FAILS" -eq 0 ] || finish

# --- tmux in control mode ---
# tc N LINE: sends a line of N tmux commands (joined by " ; ") and waits
# until tmux has finished all N. Returns 1 when the client has gone, or
# has said nothing for TC_WAIT seconds (60 unless set; a stalled client
# fails the test, not its time limit).
tc() {
    local n=$1 l
    [ -z "$2" ] || printf '%s\n' "$2" >&"$TC_IN" || return 1
    while [ "$n" -gt 0 ]; do
        IFS= read -r -t "${TC_WAIT:-60}" -u "$TC_OUT" l || {
            echo "tmux control client: no reply to '${2:0:200}'" >&2
            return 1
        }
        case $l in
        "%end "* | "%error "*) n=$((n - 1)) ;;
        "%exit"*) return 1 ;;
        esac
    done
}

declare -A HEX=() # character -> its bytes in hex
# CMD collects send-keys commands so that one line sends a whole sequence.
CMD=()
# key NAME: queues one key, named as the key map names it; "cmd:ACTION"
# queues the action by name on the command line.
key() {
    local k=$1 h
    case $k in
    cmd:*) key "${KEY_OF[command]}" && text "${k#cmd:}" && key Enter ;;
    Space | Enter | Tab | Up | Down | Left | Right | Home | End | F[1-9] | F1[0-2]) CMD+=("send-keys $k") ;;
    BackTab) CMD+=("send-keys BTab") ;;
    Esc) CMD+=("send-keys Escape") ;;
    Backspace) CMD+=("send-keys BSpace") ;;
    PgUp | PageUp) CMD+=("send-keys PPage") ;;
    PgDn | PageDown) CMD+=("send-keys NPage") ;;
    Delete) CMD+=("send-keys DC") ;;
    Insert) CMD+=("send-keys IC") ;;
    C-[a-z]) CMD+=("send-keys $k") ;;
    *)
        if [ "${#k}" -ne 1 ]; then
            fail "the test does not know how to press '$k': teach key() in $0"
        else
            # As bytes in hex: no character is tmux syntax then.
            h=${HEX[$k]:-}
            [ -n "$h" ] || h=$(printf '%s' "$k" | od -An -tx1) && HEX[$k]=$h
            CMD+=("send-keys -H $h")
        fi
        ;;
    esac
}
# text WORDS: queues letters, digits and spaces as typed.
text() { CMD+=("send-keys -l '$1'"); }
flush() {
    [ "${#CMD[@]}" -gt 0 ] || return 0
    local line
    printf -v line ' ; %s' "${CMD[@]}"
    tc "${#CMD[@]}" "${line:3}"
    CMD=()
}

N=0        # markers typed
PRESSES=0  # keys under test pressed
RESTARTS=0 # workstations started
H=0 W=0    # the terminal's size
ROWS=()    # the screen, one row each
ABOVE=""   # all of it but the bottom line
VIEW=""    # the view under test
FRESH=0    # 1: VIEW is on screen, with a marker in the command line
HISTORY="" # what was pressed since the view was last opened

grab() {
    tc 2 "capture-pane -b bpcap ; save-buffer -b bpcap '$D/screen'" || return 1
    mapfile -t ROWS <"$D/screen"
    printf -v ABOVE '%s\n' "${ROWS[@]:0:H-1}"
}
# A sleep without starting a process: the poll loops run thousands of times.
mkfifo "$T/tick"
exec {TICK}<>"$T/tick"
nap() { read -r -t 0.005 -u "$TICK" || true; }

# mark: queues ":bpmarkN" and sends everything queued; waits until the
# marker shows on the bottom line. Returns 0, 2 when the workstation exited,
# 1 on a timeout.
mark() {
    N=$((N + 1))
    key "${KEY_OF[command]}"
    text "bpmark$N"
    flush || return 1
    local i
    for ((i = 0; i < 3000; i++)); do
        grab || return 1
        case "${ROWS[*]}" in *"[exited "*) return 2 ;; esac
        case "${ROWS[H - 1]}" in *"bpmark$N"*) return 0 ;; esac
        nap
    done
    return 1
}

# start: the workstation on a fresh copy of the demo store: the first time
# in a new tmux server with the control client attached, then in place of
# the pane's last program. As in tui_start, the pane says "[exited N]" when
# the program ends.
start() {
    CMD=()
    rm -f "$D/db" "$D/db-wal" "$D/db-shm"
    cp "$STORE" "$D/db"
    if [ "$RESTARTS" = 0 ]; then
        # Opening a link starts $BROWSER; here it must start nothing.
        cat >"$D/run.sh" <<SH
#!/bin/sh
LANG=C.UTF-8 LC_ALL=C.UTF-8 BROWSER=true "$BULLPEN" --config "$T/cfg" --db "$D/db" 2>>"$D/stderr"
printf '\n[exited %d]\n' \$?
exec sleep 3600
SH
        chmod +x "$D/run.sh"
        # A second try when the control client does not answer, as once seen
        # on a loaded machine.
        local try
        for try in 1 2; do
            tmux -L "$TUI_SOCK" -f /dev/null new-session -d -x "$W" -y "$H" "$D/run.sh"
            coproc TMUXC { exec tmux -L "$TUI_SOCK" -C attach 2>&1; }
            exec {TC_IN}>&"${TMUXC[1]}" {TC_OUT}<&"${TMUXC[0]}"
            TC_PID=$TMUXC_PID
            # A client that answers at all answers its attach at once.
            TC_WAIT=15 tc 1 "" && tc 1 "refresh-client -f ignore-size,no-output" && break
            if [ "$try" = 1 ]; then
                stop
                rm -f "$D/db" "$D/db-wal" "$D/db-shm"
                cp "$STORE" "$D/db"
                continue
            fi
            fail "no tmux control client"
            return 1
        done
    else
        tc 1 "respawn-pane -k '$D/run.sh'" || return 1
    fi
    RESTARTS=$((RESTARTS + 1))
    FRESH=0
    local i
    for ((i = 0; i < 3000; i++)); do
        grab || break
        case "$ABOVE" in *"Articles:"*) return 0 ;; esac
        nap
    done
    fail "the workstation did not start at $W x $H:
$(cat "$D/screen" "$D/stderr" 2>/dev/null)"
    return 1
}

stop() {
    tmux -L "$TUI_SOCK" kill-server >/dev/null 2>&1
    exec {TC_IN}>&- {TC_OUT}<&-
    # The control client leaves with its server; one that has not after 5 s
    # is ended, so that the next pass's client starts clean.
    local i
    for ((i = 0; i < 1000; i++)); do
        kill -0 "$TC_PID" 2>/dev/null || break
        nap
    done
    kill "$TC_PID" 2>/dev/null
    wait "$TC_PID" 2>/dev/null
    RESTARTS=0
}

report() { # WHY
    fail "$1 [$W x $H, view $VIEW, after: $HISTORY]
$(printf '%s\n' "${ROWS[@]}")
$(tail -n 40 "$D/stderr" 2>/dev/null)"
    : >"$D/stderr"
}

# After mark returned 2: a quit key may end the workstation; nothing else.
exited() { # ACTION
    local code
    code=$(printf '%s\n' "${ROWS[@]}" | sed -n 's/.*\[exited \([0-9]*\)\].*/\1/p' | tail -n 1)
    if [ "$code" != 0 ] || [ "$1" != quit ]; then
        report "the workstation exited ($code)"
    fi
    start
}

drawn() {
    [ -n "${ROWS[0]// /}" ] && [ -n "${ROWS[H - 2]// /}" ] || report "the screen is not drawn"
}

narrow() { [ "$W" -lt 110 ]; }
has() { case "$ABOVE" in *"$1"*) return 0 ;; esac; return 1; }
signature() {
    case $VIEW in
    list) has "Articles: all articles" && { ! narrow || has "[1 List]"; } ;;
    article) if narrow; then has "[2 Article]"; else has "Overall"; fi ;;
    portfolio) if narrow; then has "[3 Portfolio]"; else has "Portfolio & watchlist"; fi ;;
    trend) has "Trend NVDA" ;;
    overview) has "Watchlist overview" ;;
    feeds) has "Feeds: " ;;
    help) has "Keys  (rebind" ;;
    esac && { narrow || ! has "[1 List]"; } # wide stays wide
}

# focus: queues the key that focuses VIEW when it is a pane. At 200x60 the
# panes are all on screen whichever has the keys, so every key under test
# comes after this one.
focus() {
    case $VIEW in
    list) key "${KEY_OF[pane-list]}" ;;
    article) key "${KEY_OF[pane-article]}" ;;
    portfolio) key "${KEY_OF[pane-portfolio]}" ;;
    esac
}

# Opens VIEW from whatever state the last key left: cancel a prompt, close
# every overlay, clear the filters, then the view's own keys. When that does
# not give the view (a layout switched, say), a fresh workstation does.
open_view() {
    local try
    for try in 1 2; do
        key C-g
        for _ in 1 2 3 4; do key "${KEY_OF[back]}"; done
        key "${KEY_OF[filter-clear]}"
        case $VIEW in
        list | article | portfolio) focus ;;
        trend) key "${KEY_OF[command]}" && text "trend NVDA" && key Enter ;;
        overview) key "${KEY_OF[overview]}" ;;
        feeds) key "${KEY_OF[feeds]}" ;;
        help) key "${KEY_OF[help]}" ;;
        esac
        HISTORY="(open $VIEW)"
        if mark && signature; then
            drawn
            FRESH=1
            return 0
        fi
        [ "$try" = 1 ] && start
    done
    report "cannot open the $VIEW view"
    return 1
}

# press KEY ACTION [PREFIX]: presses KEY in VIEW (after PREFIX, a key that
# opens a prompt, when given) and checks the workstation.
declare -A PROMPTS=()
press() {
    local k=$1 act=$2 prefix=${3:-}
    [ "$FRESH" = 1 ] || open_view || return
    key C-g # the marker's command line
    focus
    [ -n "$prefix" ] && key "$prefix"
    key "$k"
    HISTORY="$HISTORY ${prefix:+$prefix }$k"
    PRESSES=$((PRESSES + 1))
    local rc=0
    mark || rc=$?
    if [ "$rc" = 2 ]; then
        exited "$act"
        return
    elif [ "$rc" = 1 ]; then
        report "no answer to the key"
        start
        return
    fi
    drawn
    if [ -z "$prefix" ] && [[ ${ROWS[H - 1]} != ":bpmark$N"* ]]; then
        # The key opened a prompt: what the marker typed goes to its action.
        [ "$VIEW" = list ] && [[ $k != cmd:* ]] && PROMPTS[$k]=1
        key Enter # sent with whatever comes next
        FRESH=0
    elif signature; then
        FRESH=1 # still the view: the next key can go straight in
    else
        FRESH=0
    fi
}

# pass NAME SIZE STORE FULL: every key in every view at SIZE on a copy of
# STORE; when FULL, every action by name (at 80x24) and every prompt too.
pass() {
    local name=$1 size=$2 full=$4 i a p reopened
    STORE=$3
    W=${size%x*} H=${size#*x}
    D=$T/$name-$size
    mkdir -p "$D"
    TUI_SOCK=$SOCK0-$name-$size
    PRESSES=0 N0=$N
    start || return 1
    for VIEW in list article portfolio trend overview feeds help; do
        FRESH=0
        for i in "${!KEYS[@]}"; do
            press "${KEYS[$i]}" "${KEY_ACT[$i]}"
        done
        # Every action by name too, bound or not: the command line hands
        # them to the view its own way (the same at any size).
        [ "$full" = 1 ] && [ "$size" = 80x24 ] || continue
        for a in "${ACTIONS[@]}"; do
            press "cmd:$a" "$a"
        done
    done
    if [ "$full" = 1 ]; then
        # Every key typed into every prompt the list's keys open.
        [ "${#PROMPTS[@]}" -ge 5 ] || fail "only ${#PROMPTS[@]} keys opened a prompt: ${!PROMPTS[*]}"
        VIEW=list
        for p in "${KEYS[@]}"; do
            [ -n "${PROMPTS[$p]:-}" ] || continue
            FRESH=0
            for i in "${!KEYS[@]}"; do
                press "${KEYS[$i]}" "${KEY_ACT[$i]}" "$p"
            done
        done
    fi
    # A clean quit from the desk (the sanitizer checks for leaks on the way
    # out), and nothing on stderr.
    VIEW=list
    FRESH=0
    reopened=$((RESTARTS - 1))
    if open_view && key C-g && key "${KEY_OF[quit]}" && flush; then
        for ((i = 0; i < 3000; i++)); do
            grab || break
            case "${ROWS[*]}" in *"[exited "*) break ;; esac
            nap
        done
        contains "${ROWS[*]}" "[exited 0]" "quit ($name store, $size)"
    fi
    [ -s "$D/stderr" ] && report "stderr: $(head -c 2000 "$D/stderr")"
    echo "$name store at $size: ${#KEYS[@]} keys x 7 views" \
        "$([ "$full" = 1 ] && echo "and x ${#PROMPTS[@]} prompts")" \
        "$([ "$full" = 1 ] && [ "$size" = 80x24 ] && echo "and ${#ACTIONS[@]} actions by name x 7 views")" \
        "= $PRESSES presses, $((N - N0)) marks, $reopened reopenings, $((SECONDS - started)) s"
    stop
}

SOCK0=$TUI_SOCK
trap 'tmux -L "$TUI_SOCK" kill-server >/dev/null 2>&1; exec 9>&-; kill $SERVER_PID 2>/dev/null; rm -rf "$T"' EXIT
pass demo 80x24 "$T/demo.db" 1
pass demo 200x60 "$T/demo.db" 1
pass feeds 80x24 "$T/feeds.db" 0
finish
