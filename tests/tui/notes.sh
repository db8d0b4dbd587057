#!/usr/bin/env bash
# Research notes in the workstation: the summary at the top of the article,
# B (the brief, Enter opens an article), A (a note streaming in from a local
# chat-completions server, stored, shown again without a request, the
# model's sentiment beside bullpen's), Esc cancelling with nothing stored,
# and failures on the status line.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
tui_require

bp demo --db "$DB" >/dev/null || fail "demo store"
SCRIPT="$T/script.json"
# A note in 12 pieces, 0.4 s apart: slow enough to watch it arrive.
echo '[{"note": {"summary": "Chip costs fall.", "analysis": "Margins widen at the cloud arm.", "risk": "Adoption is unproven.", "contrarian": "Incumbents keep the software moat.", "sentiment": {"score": 0.4}, "tickers": []}, "pieces": 12, "delay": 0.4}]' >"$SCRIPT"
start_llm_server --script "$SCRIPT"
mkdir -p "$XDG_CONFIG_HOME/bullpen"
cat >"$XDG_CONFIG_HOME/bullpen/config" <<CFG
llm.url = $LLM/v1/chat/completions
llm.model = tui-model
llm.timeout = 30
CFG
notes() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM notes").fetchone()[0])' "$DB"; }

tui_start 160 45 "$BULLPEN" --db "$DB"
wait_for_text "Articles: all articles" 30

# The brief: B opens it, Enter on a claim opens its article.
send B
wait_for_text "Brief: the last 24 hours"
contains "$(screen)" "usual pace" "brief facts"
# Which line holds the first claim depends on the day's news (no price line
# on a weekend), so step down until Enter opens an article; Enter on any
# other line only says what it does.
opened=0
for i in $(seq 1 40); do
    send j
    send Enter
    for k in $(seq 1 30); do
        case "$(screen)" in *"Brief: the last 24 hours"*) sleep 0.05 ;; *) opened=1 && break ;; esac
    done
    [ "$opened" = 1 ] && break
done
[ "$opened" = 1 ] || fail "no line of the brief opened an article"
wait_for_text "Article  (] claims"
wait_for_text "Summary  "

# The first article: its summary, then A asks for a note that streams in.
send 1
send g
send Enter
wait_for_text "Summary  "
send A
wait_for_text "Research note: asking tui-model (Esc cancels)"
wait_for_text "Chip costs fall."
# Keys stay live while it streams: help opens and closes over it.
case "$(screen)" in *"Research note by tui-model"*) fail "the note arrived before the stream could be seen" ;; esac
send '?'
wait_for_text "Show the keys"
send '?'
wait_for_gone "Show the keys"
wait_for_text "Research note by tui-model" 20
wait_for_text "the model's reading"
wait_for_text "Contrarian view"
wait_for_text "Model's sentiment  +0.40 moderately positive"
contains "$(screen)" "model +0.40" "model's score beside bullpen's in the header"
contains "$(screen)" "Overall " "bullpen's own label still there"
[ "$(notes)" = 1 ] || fail "the note was not stored"

# A goes back to the article; A again shows the stored note, no new request.
send A
wait_for_gone "Research note by tui-model"
llm_reset
send A
wait_for_text "Research note by tui-model"
[ "$(llm_log)" = "[]" ] || fail "a stored note was asked for again"

# The next article: Esc cancels a slow request; nothing is stored.
send A
send 1
send j
send Enter
wait_for_gone "Research note by"
echo '[{"content": "{\"summary\": \"never finished\"", "pieces": 40, "delay": 0.5}]' >"$SCRIPT"
llm_reset
send A
wait_for_text "Research note: asking tui-model"
send Escape
wait_for_text "cancelled; nothing stored" 5
[ "$(notes)" = 1 ] || fail "a cancelled note was stored"

# A failure is one clear line, and nothing is stored.
echo '[{"status": 429, "headers": {"Retry-After": "17"}}]' >"$SCRIPT"
llm_reset
send A
send A
wait_for_text "rate limiting requests (HTTP 429): retry after 17 s"
[ "$(notes)" = 1 ] || fail "a failed note was stored"

send q
wait_for_text "[exited 0]"

# No endpoint configured: A says how to set one.
tmux -L "$TUI_SOCK" kill-server
: >"$XDG_CONFIG_HOME/bullpen/config"
TUI_SOCK="$TUI_SOCK-2"
tui_start 160 45 "$BULLPEN" --db "$DB"
wait_for_text "Articles: all articles" 30
send Enter
wait_for_text "Summary  "
send A
wait_for_text "no language model configured: set llm.url"
send q
wait_for_text "[exited 0]"
finish
