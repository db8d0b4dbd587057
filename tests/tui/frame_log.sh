#!/usr/bin/env bash
# BULLPEN_FRAME_LOG: the moment the first frame has gone to the terminal is
# appended to the file, as nanoseconds of CLOCK_MONOTONIC on a line (what
# bench/bench.py reads for the program's own time to its first frame):
# after the start, before the frame is seen, once only. A file that cannot
# be written changes nothing.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require
export TZ=UTC BULLPEN_NOW=1764590400
"$BULLPEN" demo --db "$DB" >/dev/null || fail "demo store"
mono() { python3 -c 'import time; print(time.clock_gettime_ns(time.CLOCK_MONOTONIC))'; }
LOG=$T/frame.log
before=$(mono)
tui_start 120 40 env TZ=UTC BULLPEN_NOW=$BULLPEN_NOW BULLPEN_FRAME_LOG="$LOG" "$BULLPEN" --db "$DB"
wait_for_text "unread"
seen=$(mono)
[ -s "$LOG" ] || fail "no frame log after the first frame"
[ "$(wc -l < "$LOG")" -eq 1 ] || fail "the first frame noted more than once: $(cat "$LOG")"
at=$(cat "$LOG")
[[ $at =~ ^[0-9]+$ ]] || fail "not nanoseconds: $at"
[ "$at" -gt "$before" ] && [ "$at" -le "$seen" ] ||
    fail "first frame at $at, not between the start ($before) and the screen seen ($seen)"
# Later frames (a key, a resize) add nothing.
send j
settle
tmux -L "$TUI_SOCK" resize-window -t "$(tmux -L "$TUI_SOCK" list-sessions -F '#S' | head -1)" -x 100 -y 30 2>/dev/null
settle
[ "$(wc -l < "$LOG")" -eq 1 ] || fail "a later frame was noted: $(cat "$LOG")"
send q
wait_for_text "[exited 0]"

# A log that cannot be written: the desk opens all the same.
tui_respawn env TZ=UTC BULLPEN_NOW=$BULLPEN_NOW BULLPEN_FRAME_LOG="$T/no/such/dir/frame.log" \
    "$BULLPEN" --db "$DB"
wait_for_text "unread"
send q
wait_for_text "[exited 0]"
finish
