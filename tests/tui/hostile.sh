#!/usr/bin/env bash
# Hostile text from a feed is drawn inert: escape sequences (CSI, OSC 52,
# OSC title), C1 controls, NUL and bidi overrides never reach the terminal.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require
command -v python3 >/dev/null || { echo "python3 not found: skipped"; exit 77; }

"$BULLPEN" demo --db "$DB" >/dev/null || fail "demo store"
# Stored the way any feed's text would be, newest of all so it is on top.
python3 - "$DB" <<'PY'
import os, sys, time
sys.path.insert(0, os.environ["BULLPEN_SRC"] + "/tests")
from storedb import connect
db = connect(sys.argv[1])
title = ("HOSTILE \x1b[5mblink\x1b[0m \x1b]52;c;cHduZWQ=\x07osc52 \x1b]0;PWNED\x07title "
         "\u202egnp.exe\u202c \u009b31m c1 del\x7f wide\u5e02\u5834 cafe\u0301 END")
content = "Body \x1b[2J\x1b[H cleared? \x00 after nul"
# guid_slot: the first, as no other guid of the feed has its key (schema 15).
db.execute("INSERT INTO articles(feed_id, guid, guid_slot, title, link, published, fetched,"
           " content) VALUES (1, 'hostile-1', 0, ?, 'https://example.com/\x1b[31m', ?, ?, ?)",
           (title, int(time.time()) + 86400, int(time.time()), content))
db.commit()
PY

# 100 columns: the whole title fits beside the source column.
tui_start 100 24 "$BULLPEN" --db "$DB"
wait_for_text "HOSTILE"
wait_for_text "END"
line=$(screen | grep HOSTILE | head -1)
contains "$line" "blink" "text around a CSI survives"
contains "$line" "osc52" "text after an OSC survives"
contains "$line" "市場" "wide characters drawn"
not_contains "$line" "52;c" "OSC 52 payload is dropped"
not_contains "$line" "PWNED" "OSC title payload is dropped"
not_contains "$line" $'\u202e' "bidi override is dropped"
not_contains "$line" "[5m" "CSI is not shown as text"
# Nothing reached the terminal: no blink attribute, no title, no clipboard.
not_contains "$(screen -e)" $'\e[5m' "no blink from the feed"
title=$(tmux -L "$TUI_SOCK" display-message -p '#{pane_title}')
not_contains "$title" "PWNED" "the pane title"
buffers=$(tmux -L "$TUI_SOCK" list-buffers 2>/dev/null || true)
[ -z "$buffers" ] || fail "OSC 52 set a paste buffer: $buffers"
# Columns stay aligned: the score column ends every row at the right edge.
# Columns stay aligned: the score column still ends at the right edge.
python3 -c '
import sys, unicodedata
line = sys.argv[1].rstrip()
w = sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in line)
sys.exit(0 if line.endswith("-") and w == 100 else 1)' "$line" || fail "row not 100 columns: $line"

send Enter
wait_for_text "cleared?"
not_contains "$(screen)" "after nul" "text after NUL"
not_contains "$(screen)" "[2J" "CSI in the body is dropped"
send q
send q
wait_for_exit
finish
