#!/usr/bin/env bash
# Hostile content on screen: titles and bodies carrying terminal escape
# sequences (OSC 52 clipboard writes, window-title changes, cursor moves and
# screen clears, C1 controls), NUL, bidi overrides and a 1 MB line are
# stored, then shown by the workstation in tmux with the clipboard and title
# hooks armed. The screen must show them inert: no ESC in the visible text,
# the pane title unchanged, no tmux buffer set, the layout intact, while the
# list is browsed and each hostile article is opened.
. "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
command -v tmux >/dev/null || { echo "tmux missing" >&2; exit 77; }
if ! ls "$BULLPEN_SRC"/tui/*.c >/dev/null 2>&1; then
    echo "the workstation (tui/) is not in this build" >&2
    exit 77
fi

# A JSON Feed can carry every control character as \u escapes; an RSS file
# carries them as raw bytes.
python3 - "$T" <<'PY'
import json, sys
t = sys.argv[1]
E, BEL, ST = "\x1b", "\x07", "\x1b\\"
osc52 = E + "]52;c;SEFDS0VE" + BEL            # clipboard <- "HACKED"
title = E + "]0;PWNED" + BEL + E + "]2;PWNED2" + ST
moves = E + "[2J" + E + "[H" + E + "[10;10H" + E + "[31m" + E + "[?1049l" + E + "c"
c1 = "\u009b2J\u009d0;PWNC1\u009c\u0090qDCS\u009c"
bidi = "\u202egnp.exe\u202c \u2066iso\u2069"
items = [
    ("Zeta marker: Acme Corp raises guidance", "A calm article."),
    ("Clipboard " + osc52 + " Apple beats", "Body " + osc52 + " steals the clipboard."),
    ("Title " + title + " Nvidia slides", "Body " + title + " renames the window."),
    ("Cursor " + moves + " Tesla jumps", "Body " + moves + " clears the screen."),
    ("C1 " + c1 + " Intel falls", "Body " + c1),
    ("NUL \u0000 inside Microsoft", "Body with NUL \u0000 and DEL \u007f."),
    ("Bidi " + bidi + " Amazon", "Body " + bidi),
    ("Huge line Meta", "M" * 1048576 + osc52 + "end"),
]
now = 1735689600
feed = {"version": "https://jsonfeed.org/version/1.1", "title": "Hostile " + title,
        "items": [{"id": "h%d" % i, "title": tt, "content_text": body,
                   "date_published": "2024-12-31T%02d:00:00Z" % (23 - i)}
                  for i, (tt, body) in enumerate(items)]}
with open(t + "/hostile.json", "w") as f:
    json.dump(feed, f)
raw = ("<?xml version='1.0'?><rss version='2.0'><channel><title>Raw " + title + "</title>"
       "<item><title>Raw " + osc52 + moves + " bytes Oracle</title><guid>r1</guid>"
       "<pubDate>Mon, 30 Dec 2024 10:00:00 GMT</pubDate>"
       "<description>Raw " + title + " body \x00 NUL</description></item></channel></rss>")
with open(t + "/hostile.xml", "wb") as f:
    f.write(raw.encode("utf-8"))
PY
bp import "$T/hostile.json" --feed http://127.0.0.1/hostile.json >/dev/null || fail "import json"
bp import "$T/hostile.xml" --feed http://127.0.0.1/hostile.xml >/dev/null || fail "import xml"

SOCK="$T/tmux.sock"
tm() { tmux -S "$SOCK" "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$T"' EXIT
tm -f /dev/null new-session -d -s h -x 150 -y 45 "sleep 600"
# Arm the hooks an unfiltered sequence would trigger.
tm set -g set-clipboard on
tm set -g allow-rename on
tm set -g set-titles on
tm set -g history-limit 0
before_title=$(tm display -p -t h '#{pane_title}')
tm respawn-pane -k -t h "env HOME='$HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' XDG_DATA_HOME='$XDG_DATA_HOME' TERM=xterm-256color '$BULLPEN' --db '$DB'"

# wait_for TEXT: polls the screen until TEXT shows (10 s at most).
wait_for() {
    local i
    for i in $(seq 1 200); do
        tm capture-pane -p -t h | grep -qF -- "$1" && return 0
        sleep 0.05
    done
    return 1
}
# wait_change BEFORE: polls until the screen differs from BEFORE (2 s at most).
wait_change() {
    local i
    for i in $(seq 1 40); do
        [ "$(tm capture-pane -p -t h)" != "$1" ] && return 0
        sleep 0.05
    done
    return 1
}
# inert WHERE [list]: the checks that must hold at every step; with "list",
# the list must also still show the calm article.
inert() {
    local plain esc
    plain=$(tm capture-pane -p -t h)
    esc=$(tm capture-pane -p -e -t h)
    printf '%s' "$plain" | grep -q $'\x1b' && fail "$1: ESC in the visible text"
    printf '%s' "$plain" | grep -qE 'PWN|SEFDS0VE' && fail "$1: a sequence's payload is on screen"
    # -e output may hold SGR colour sequences (ESC [ ... m) and nothing else.
    printf '%s' "$esc" | sed 's/\x1b\[[0-9;:]*m//g' | grep -q $'\x1b' &&
        fail "$1: a non-colour escape sequence reached the pane"
    [ "$(tm display -p -t h '#{pane_title}')" = "$before_title" ] ||
        fail "$1: pane title changed to '$(tm display -p -t h '#{pane_title}')'"
    [ -z "$(tm list-buffers 2>/dev/null)" ] || fail "$1: a tmux buffer was set (clipboard write)"
    [ "$(tm display -p -t h '#{alternate_on}')" = 1 ] || fail "$1: left the alternate screen"
    [ "$(printf '%s\n' "$plain" | wc -l)" -le 45 ] || fail "$1: more lines than the pane"
    if [ "${2:-}" = list ]; then
        printf '%s' "$plain" | grep -qF "Zeta marker" || fail "$1: the calm article is gone from the list"
    fi
}

wait_for "Zeta marker" || { fail "the workstation did not show the list"; tm capture-pane -p -t h >&2; finish; }
inert "list" list
# Browse down through every hostile row, opening each.
for i in 1 2 3 4 5 6 7 8; do
    before=$(tm capture-pane -p -t h)
    tm send-keys -t h j
    wait_change "$before" || fail "row $i: j did not move the selection"
    before=$(tm capture-pane -p -t h)
    tm send-keys -t h Enter
    wait_change "$before" || fail "row $i: Enter did not open the article"
    inert "article $i opened"
    tm send-keys -t h Escape
    wait_for "Zeta marker" || fail "row $i: Escape did not return to the list"
    inert "back from article $i" list
done
tm send-keys -t h q
finish
