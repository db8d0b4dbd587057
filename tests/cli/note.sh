#!/usr/bin/env bash
# bullpen note against a local chat-completions server (tests/llmserver.py):
# the request (model, article text, key header), streaming, the stored note
# shown again without a request, --refresh, and every failure as one clear
# line with nothing stored.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1

expect_rc 0 bp demo --db "$DB"
expect_rc 0 bp articles --ticker NVDA --limit 1 --json
ID=$(python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])' <<<"$OUT")
TITLE=$(python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["title"])' <<<"$OUT")

# No endpoint configured: the error says what to set.
expect_rc 1 bp note "$ID"
is_error_line
contains "$ERR" "llm.url" "how to configure"

SCRIPT="$T/script.json"
echo '["note"]' >"$SCRIPT"
start_llm_server --script "$SCRIPT"
mkdir -p "$XDG_CONFIG_HOME/bullpen"
cat >"$XDG_CONFIG_HOME/bullpen/config" <<CFG
llm.url = $LLM/v1/chat/completions
llm.model = test-model-7b
llm.key_env = BULLPEN_TEST_LLM_KEY
llm.timeout = 5
llm.max_tokens = 700
CFG

# The key variable named but unset: said so, no request made.
expect_rc 1 bp note "$ID"
is_error_line
contains "$ERR" "BULLPEN_TEST_LLM_KEY" "names the key variable"
[ "$(llm_log)" = "[]" ] || fail "a request went out without the key"

export BULLPEN_TEST_LLM_KEY=sk-test-123
expect_rc 0 bp note "$ID"
contains "$OUT" "Research note on article $ID by test-model-7b" "heading"
contains "$OUT" "the model's reading, not bullpen's" "labelled as the model's"
contains "$OUT" "Summary     The company says" "summary"
contains "$OUT" "Contrarian  " "contrarian view"
contains "$OUT" "model +0.40 moderately positive   bullpen " "both sentiments"
contains "$OUT" "NVDA   model +0.30   bullpen " "per-ticker, both"

# What the server got: one streamed request with the model, the article's
# text, bullpen's analysis, the JSON response format and the key.
OUT=$(llm_log)
json 'len(j) == 1 and j[0]["path"] == "/v1/chat/completions"'
json 'j[0]["headers"]["authorization"] == "Bearer sk-test-123"'
json 'j[0]["body"]["model"] == "test-model-7b" and j[0]["body"]["max_tokens"] == 700'
json 'j[0]["body"]["stream"] is True and j[0]["body"]["response_format"] == {"type": "json_object"}'
json '[m["role"] for m in j[0]["body"]["messages"]] == ["system", "user"]'
json '"NVDA" in j[0]["body"]["messages"][1]["content"] and "\"tickers\"" in j[0]["body"]["messages"][1]["content"]'
printf '%s' "$OUT" >"$T/log.json"
python3 - "$DB" "$ID" "$T/log.json" <<'PY' || fail "article text in the request"
import json, os, sys
sys.path.insert(0, os.environ["BULLPEN_SRC"] + "/tests")
from storedb import connect, unpack
log = json.load(open(sys.argv[3]))
db = connect(sys.argv[1])
title, content = db.execute("SELECT title, bp_unpack(content) FROM articles WHERE id = ?", (int(sys.argv[2]),)).fetchone()
user = log[0]["body"]["messages"][1]["content"]
assert title in user and content in user, user[:300]
PY
# The key is never stored.
grep -q "sk-test-123" "$DB" "$XDG_CONFIG_HOME/bullpen/config" && fail "the key was written down"

# Stored per article and model: shown again without a request.
python3 - "$DB" "$ID" <<'PY' || fail "stored note"
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute("SELECT model, sentiment, body FROM notes WHERE article_id = ?", (int(sys.argv[2]),)).fetchall()
assert len(rows) == 1 and rows[0][0] == "test-model-7b" and abs(rows[0][1] - 0.4) < 1e-9, rows
n = json.loads(rows[0][2])
assert set(n) == {"summary", "analysis", "risk", "contrarian", "sentiment", "tickers"}, n
PY
llm_reset
expect_rc 0 bp note "$ID" --json
json 'j["article_id"] == '"$ID"' and j["model"] == "test-model-7b"'
json 'j["note"]["sentiment"]["score"] == 0.4 and j["note"]["summary"].startswith("The company")'
json 'j["bullpen"]["tickers"] and "sentiment" in j["bullpen"]'
[ "$(llm_log)" = "[]" ] || fail "a stored note was asked for again"

# --refresh asks again (a plain JSON answer to a streamed request is fine).
cat >"$SCRIPT" <<'JS'
[{"plain": true, "note": {"summary": "Second look.", "analysis": "a", "risk": "r",
  "contrarian": "c", "sentiment": {"score": -0.2}, "tickers": [{"symbol": "nvda", "score": -0.5}]}}]
JS
llm_reset
expect_rc 0 bp note "$ID" --refresh
contains "$OUT" "Summary     Second look." "refreshed note"
contains "$OUT" "NVDA   model -0.50" "symbol normalised"
OUT=$(llm_log)
json 'len(j) == 1'

# Failures: one line each, exit 1, the stored note untouched.
before=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT body FROM notes").fetchall())' "$DB")
check_fail() { # SCRIPT-JSON EXPECTED-TEXT WHAT
    echo "$1" >"$SCRIPT"
    llm_reset
    expect_rc 1 bp note "$ID" --refresh
    is_error_line
    contains "$ERR" "$2" "$3"
    local now
    now=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT body FROM notes").fetchall())' "$DB")
    [ "$now" = "$before" ] || fail "$3: the stored note changed"
}
check_fail '[{"status": 401, "body": {"error": {"message": "bad key"}}}]' "refused the key (HTTP 401): check the key in \$BULLPEN_TEST_LLM_KEY" "401"
check_fail '[{"status": 429, "headers": {"Retry-After": "17"}}]' "rate limiting requests (HTTP 429): retry after 17 s" "429"
check_fail '[{"status": 503, "body": {"error": {"message": "model is loading"}}}]' "failed (HTTP 503: model is loading)" "5xx"
check_fail '[{"sleep": 7, "content": "{}"}]' "within 5 s (llm.timeout)" "timeout"
check_fail '[{"plain": true, "raw": "<html>oops"}]' "reply is not JSON" "malformed reply"
check_fail '[{"cut": true, "note": {"summary": "s", "analysis": "a", "risk": "r", "contrarian": "c", "sentiment": 0.1}}]' "stopped mid-stream" "stream cut"
check_fail '[{"nodone": true, "content": "{}"}]' "stopped mid-stream (no [DONE])" "no [DONE]"
check_fail '[{"content": "Sure! Here is my analysis of the article."}]' "not JSON" "prose instead of JSON"
check_fail '[{"note": {"summary": "s", "analysis": "a", "risk": "r", "sentiment": 0.1}}]' "no \"contrarian\" text" "missing field"
check_fail '[{"note": {"summary": "s", "analysis": "a", "risk": "r", "contrarian": "c", "sentiment": 3}}]' "no sentiment score from -1 to 1" "score out of range"
# Nothing from the server reaches the terminal raw.
check_fail '[{"status": 500, "body": {"error": {"message": "boom\u001b[31m red"}}}]' "HTTP 500: boom" "error text"
not_contains "$ERR" $'\e' "escape in error"

# Missing article, bad id.
expect_rc 1 bp note 999999
is_error_line
expect_rc 2 bp note abc
is_error_line

# brief --llm: the model writes the brief from the facts, without the book's value.
echo '[{"content": "NVDA: more news than usual; sentiment down."}]' >"$SCRIPT"
llm_reset
expect_rc 0 bp brief --llm
contains "$OUT" "NVDA: more news than usual" "model's brief"
OUT=$(llm_log)
json 'len(j) == 1 and "response_format" not in j[0]["body"]'
json '"\"names\"" in j[0]["body"]["messages"][1]["content"] and "\"value\"" not in j[0]["body"]["messages"][1]["content"]'
json '"moved_by" in j[0]["body"]["messages"][1]["content"]'

# A slow model's brief is printed as it streams in, a line at a time: the
# first line is out while the last piece is still two seconds away.
# The first piece ends inside the second line, which waits for the rest.
echo '[{"content": "Line one.\nThe second line of the brief, longer.", "pieces": 2, "delay": 2}]' >"$SCRIPT"
bp brief --llm >"$T/stream.out" 2>"$T/stream.err" &
BRIEF_PID=$!
for _ in $(seq 1 15); do
    grep -q "Line one." "$T/stream.out" && break
    sleep 0.1
done
kill -0 "$BRIEF_PID" 2>/dev/null || fail "brief ended before its last piece was sent"
grep -q "Line one." "$T/stream.out" || fail "first line not printed while streaming: $(cat "$T/stream.out")"
grep -q "second" "$T/stream.out" && fail "a line printed before its end was sent"
wait "$BRIEF_PID" || fail "streamed brief failed: $(cat "$T/stream.err")"
[ "$(cat "$T/stream.out")" = $'Line one.\nThe second line of the brief, longer.' ] || fail "streamed brief: $(cat "$T/stream.out")"

finish
