#!/usr/bin/env bash
# The README's exit-status table, row by row: each row's situation is set up
# here and the status the table gives is checked against the real binary.
# A row without a case here, or a case without its row, fails the test, so
# the table and the program cannot drift apart.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
command -v curl >/dev/null || { echo "curl missing"; exit 77; }
mkdir -p "$T/www"
cp "$BULLPEN_FIXTURES/prices/nvda_us_d.csv" "$T/www/nvda.csv"
start_server --root "$T/www"
printf 'fetch.timeout = 3\nprices.url = %s/{symbol}.csv\n' "$SRV" >"$T/cfg"
# Each case gets a store of its own.
b() { "$BULLPEN" --config "$T/cfg" --db "$DB" "$@"; }
fresh() { DB="$T/$1.db"; }

# expect_bg_rc WANT READY SIGNAL CMD...: runs CMD (a program, not a shell
# function: the signal must reach it) in the background with stdout in
# $T/bg.out, waits (at most 30 s) until the shell code READY succeeds, sends
# SIGNAL, and checks the exit status.
expect_bg_rc() {
    local want=$1 ready=$2 sig=$3 rc=0 i
    shift 3
    "$@" >"$T/bg.out" 2>"$T/bg.err" &
    local pid=$!
    for i in $(seq 600); do
        eval "$ready" && break
        sleep 0.05
    done
    eval "$ready" || fail "$*: never ready ($ready): $(cat "$T/bg.out" "$T/bg.err"; b feeds list 2>&1)"
    kill "-$sig" "$pid"
    wait "$pid" || rc=$?
    ERR=$(cat "$T/bg.err")
    [ "$rc" -eq "$want" ] || fail "$* stopped by $sig exited $rc, wanted $want (stderr: $ERR)"
}

# READY codes: a pass has finished (its summary line is flushed at once),
# and the server has been asked for the feed that never finishes.
PASS_DONE='grep -q "fetched, " "$T/bg.out"'
DRIPPING='server_log | grep -q "/drip"'

case_any_ok() {
    fresh any_ok
    expect_rc "$1" b watch add AAPL
    expect_rc "$1" b feeds list
}

case_any_usage() {
    fresh any_usage
    expect_rc "$1" b nosuch
    is_error_line
    expect_rc "$1" b articles --bogus
    expect_rc "$1" b articles --limit many
    expect_rc "$1" b trend
    expect_rc "$1" b feeds add "$SRV/ok" --name $'Evil\e]0;retitled\a'
    is_error_line
    contains "$ERR" "bullpen: feeds add: --name: contains a control character" "control in a name"
    expect_rc "$1" b watch add $'\xffAPL'
    contains "$ERR" "SYMBOL: is not valid UTF-8" "invalid UTF-8 in a symbol"
}

case_any_error() {
    fresh any_error
    expect_rc "$1" b import "$T/missing.xml"
    is_error_line
    printf 'not a store' >"$T/foreign.db"
    expect_rc "$1" "$BULLPEN" --db "$T/foreign.db" feeds list
    is_error_line
}

case_fetch_ok() {
    fresh fetch_ok
    b feeds add "$SRV/ok" >/dev/null
    expect_rc "$1" b fetch
}

case_fetch_partial() {
    fresh fetch_partial
    b feeds add "$SRV/ok" >/dev/null
    b feeds add "$SRV/status/404" >/dev/null
    expect_rc "$1" b fetch
    contains "$ERR" "bullpen: fetch: $SRV/status/404: HTTP 404" "failed feed named"
    contains "$OUT" "2 feeds fetched, 1 new article, 1 error" "summary"
    # --quiet changes what is printed, not the status.
    expect_rc "$1" b fetch --all --quiet
    [ -z "$OUT" ] || fail "--quiet printed to stdout: $OUT"
}

case_fetch_interrupted() {
    fresh fetch_interrupted
    printf 'fetch.timeout = 600\n' >"$T/slow.cfg"
    b feeds add "$SRV/ok" >/dev/null
    b feeds add "$SRV/drip?every=0.5&bytes=1000" >/dev/null
    curl -s "$SRV/__reset" >/dev/null
    expect_bg_rc "$1" "$DRIPPING" INT "$BULLPEN" --config "$T/slow.cfg" --db "$DB" fetch
    contains "$ERR" "interrupted" "interruption said"
}

case_fetch_every() {
    # The status of the last whole pass: one with a failed feed, then (a
    # store of its own) one where every feed was fetched.
    [ "${1#that of its last whole pass}" != "$1" ] || fail "--every row: '$1'"
    fresh fetch_every
    b feeds add "$SRV/ok" >/dev/null
    b feeds add "$SRV/status/500" >/dev/null
    expect_bg_rc 3 "$PASS_DONE" TERM "$BULLPEN" --config "$T/cfg" --db "$DB" fetch --every 3600
    fresh fetch_every_ok
    b feeds add "$SRV/ok" >/dev/null
    expect_bg_rc 0 "$PASS_DONE" TERM "$BULLPEN" --config "$T/cfg" --db "$DB" fetch --every 3600
    not_contains "$ERR" "bullpen:" "a loop stopped as meant is no error"
}

case_prices_fetch_partial() {
    fresh prices_fetch_partial
    expect_rc "$1" b prices fetch nvda nosuch
    contains "$ERR" "bullpen: prices fetch: NOSUCH: HTTP 404" "failed symbol named"
    expect_rc 0 b prices list NVDA --json
    json 'len(j["prices"]) == 5'
}

case_prices_import_bad_file() {
    fresh prices_import_bad_file
    expect_rc "$1" b prices import "$BULLPEN_FIXTURES/prices/closes.csv" "$T/missing.csv"
    contains "$ERR" "missing.csv" "the bad file named"
    expect_rc 0 b prices list AAPL --json
    json 'len(j["prices"]) > 0'
}

case_feeds_add_dup() {
    fresh feeds_add_dup
    expect_rc 0 b feeds add "$SRV/ok"
    expect_rc "$1" b feeds add "$SRV/ok" --name Other
    is_error_line
    expect_rc 0 b feeds list --json
    json 'j[0]["name"] is None'
}

case_rm_none() {
    fresh rm_none
    for args in "feeds rm 99" "portfolio rm AAPL" "alerts rm 42" "alerts enable 42" "alerts disable 42"; do
        # shellcheck disable=SC2086
        expect_rc "$1" b $args
        is_error_line
    done
}

case_feeds_import_skip() {
    fresh feeds_import_skip
    cat >"$T/mixed.opml" <<OPML
<?xml version="1.0"?>
<opml version="2.0"><head><title>x</title></head><body>
<outline text="good" xmlUrl="$SRV/ok"/>
<outline text="ftp" xmlUrl="ftp://example.com/feed.xml"/>
</body></opml>
OPML
    expect_rc "$1" b feeds import "$T/mixed.opml"
    contains "$ERR" "skipped" "skipped entry noted"
    not_contains "$ERR" "bullpen:" "a note is not in the error form"
    contains "$OUT" "1 feed added" "summary"
}

case_watch_add_dup() {
    fresh watch_add_dup
    b watch add AAPL
    expect_rc "$1" b watch add AAPL
    [ "$ERR" = "AAPL is already watched" ] || fail "already-watched note: '$ERR'"
}

case_watch_rm_missing() {
    fresh watch_rm_missing
    b watch add AAPL
    expect_rc "$1" b watch rm AAPL MSFT
    contains "$ERR" "bullpen: watch rm: MSFT is not watched" "absent symbol named"
    expect_rc 0 b watch list
    contains "$OUT" "AAPL" "nothing removed"
}

case_ticker_unknown() {
    fresh ticker_unknown
    expect_rc "$1" b articles --ticker NOPE
    is_error_line
    contains "$ERR" "NOPE" "the symbol named"
    expect_rc "$1" b articles --ticker NOPE --json
    [ -z "$OUT" ] || fail "an unknown ticker printed: $OUT"
}

case_ticker_empty() {
    fresh ticker_empty
    b watch add MSFT 2>/dev/null # a store to read: reading alone creates none
    expect_rc "$1" b articles --ticker AAPL
    [ -z "$OUT$ERR" ] || fail "a known ticker with no articles printed: $OUT$ERR"
    # Known to the store though not to this directory: met by an older
    # version's analyser (the symbol since delisted), its articles since gone.
    python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("insert into tickers(symbol) values (?)", ("ZQXJ",)); c.commit()' "$DB"
    expect_rc "$1" b articles --ticker ZQXJ
    [ -z "$OUT$ERR" ] || fail "a symbol the store has met printed: $OUT$ERR"
    expect_rc 1 b articles --ticker ZQXK
}

declare -A CASES=(
    ["any|it did what was asked"]=case_any_ok
    ["any|usage error: unknown command or option, missing or malformed argument, an argument with a control character or invalid UTF-8"]=case_any_usage
    ["any|error: a file that cannot be read or parsed, a store that cannot be opened"]=case_any_error
    ["fetch|every feed fetched"]=case_fetch_ok
    ["fetch|the pass ran but some feeds failed (each named on stderr)"]=case_fetch_partial
    ["fetch|a single pass interrupted (Ctrl-C, SIGTERM)"]=case_fetch_interrupted
    ["fetch --every|stopped by a signal"]=case_fetch_every
    ["prices fetch|some symbols failed (each named on stderr), the others stored"]=case_prices_fetch_partial
    ["prices import|one of the files cannot be read or parsed (the others are stored)"]=case_prices_import_bad_file
    ["feeds add|the URL is already subscribed (nothing changes)"]=case_feeds_add_dup
    ["feeds rm, portfolio rm, alerts rm, alerts enable, alerts disable|no such feed, position or rule"]=case_rm_none
    ["feeds import|entries that are not http(s) feeds (skipped, each with a note)"]=case_feeds_import_skip
    ["watch add|the symbol is already watched (a note on stderr)"]=case_watch_add_dup
    ["watch rm|a symbol is not watched (nothing is removed)"]=case_watch_rm_missing
    ["articles --ticker|a symbol in neither the symbol directory nor any stored article"]=case_ticker_unknown
    ["articles --ticker|a known symbol with no articles (nothing printed)"]=case_ticker_empty
)

# The table's rows as COMMAND<TAB>SITUATION<TAB>STATUS, backticks dropped.
ROWS=$(python3 - "$BULLPEN_SRC/README.md" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
section = text.split("### Exit status", 1)[1]
for line in section.splitlines()[1:]:
    if line.startswith("#"):
        break
    if not line.startswith("|") or line.startswith("|---") or line.startswith("| command"):
        continue
    cells = [c.strip().replace("`", "") for c in line.strip().strip("|").split(" | ")]
    print("\t".join(cells))
PY
)
[ -n "$ROWS" ] || fail "no exit-status table in the README"
declare -A SEEN=()
while IFS=$'\t' read -r cmd situation status; do
    key="$cmd|$situation"
    fn=${CASES[$key]:-}
    if [ -z "$fn" ]; then
        fail "README row without a case here: $key"
        continue
    fi
    SEEN[$key]=1
    before=$FAILS
    "$fn" "$status"
    [ "$FAILS" -eq "$before" ] || echo "  in the row: $key -> $status" >&2
done <<<"$ROWS"
for key in "${!CASES[@]}"; do
    [ -n "${SEEN[$key]:-}" ] || fail "case without a README row: $key"
done
finish
