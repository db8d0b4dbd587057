#!/usr/bin/env bash
# o opens the article's link through $BROWSER: the program gets the link as
# its own argument (no shell), runs detached (its own session, standard
# streams on /dev/null), and the first installed one of a "a:b" list is
# used. A browser that is not installed is a one-line message in the status
# line, and the workstation goes on.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require

"$BULLPEN" demo --db "$DB" >/dev/null || fail "demo store"
# The list's first row is the newest article, the one the article pane shows.
OUT=$("$BULLPEN" --db "$DB" articles --limit 1 --json)
link=$(python3 -c 'import json,sys; print(json.loads(sys.stdin.read())[0]["link"])' <<<"$OUT")
contains "$link" "https://" "the newest article's link"

# The browser writes down its arguments, where its standard streams lead,
# and whether it leads a session of its own.
cat >"$T/browser.sh" <<'SH'
#!/bin/sh
fds=$(readlink /proc/$$/fd/0 /proc/$$/fd/1 /proc/$$/fd/2)
sid=$(cut -d' ' -f6 /proc/$$/stat)
out=$BROWSER_OUT.tmp
printf '%s\n' "$#" "$@" "$fds" >"$out"
[ "$sid" = $$ ] && echo "session leader" >>"$out"
mv "$out" "$BROWSER_OUT"
SH
chmod +x "$T/browser.sh"

# wait_for_file FILE: polls until FILE exists (5 s).
wait_for_file() {
    local i
    for i in $(seq 1 100); do
        [ -s "$1" ] && return 0
        sleep 0.05
    done
    fail "$1 never appeared; screen was:
$(screen)"
    return 1
}

# The article pane (Enter on the list), then o.
open_from_article() {
    wait_for_text "[1 List]"
    send Enter
    wait_for_text "[2 Article]"
    wait_for_text "$(cut -c1-30 <<<"$link")"
    send o
}

tui_start 80 24 env BROWSER="$T/browser.sh" BROWSER_OUT="$T/opened" "$BULLPEN" --db "$DB"
open_from_article
wait_for_text "opening the link"
if wait_for_file "$T/opened"; then
    mapfile -t got <"$T/opened"
    [ "${got[0]}" = 1 ] || fail "the browser got ${got[0]} arguments: ${got[*]}"
    [ "${got[1]}" = "$link" ] || fail "argv[1] is '${got[1]}', wanted '$link'"
    for i in 2 3 4; do
        [ "${got[$i]}" = /dev/null ] || fail "the browser's fd $((i - 2)) is ${got[$i]}"
    done
    [ "${got[5]:-}" = "session leader" ] || fail "the browser shares our session"
fi

# A browser that is not installed: one line saying so; keys still work.
tui_respawn env BROWSER="no-such-browser-$$ --new-window" "$BULLPEN" --db "$DB"
open_from_article
wait_for_text "cannot open the link: no-such-browser-$$: command not found"
send j
send '?'
wait_for_text "move-down"
send q
wait_for_gone "move-down"
not_contains "$(screen)" "[exited" "the workstation after a missing browser"

# A list: the first one that is installed is used.
rm -f "$T/opened"
tui_respawn env BROWSER="no-such-browser-$$:$T/browser.sh" BROWSER_OUT="$T/opened" \
    "$BULLPEN" --db "$DB"
open_from_article
wait_for_text "opening the link"
if wait_for_file "$T/opened"; then
    [ "$(sed -n 2p "$T/opened")" = "$link" ] || fail "the second browser of the list did not get the link"
fi

send q
wait_for_exit
contains "$(screen)" "[exited 0]" "quit"
finish
