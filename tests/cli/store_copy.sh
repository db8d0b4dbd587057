#!/usr/bin/env bash
# store copy: a personal store copied into another file, into a desk's
# PostgreSQL database (a throwaway server, tests/pg.sh) and from there back
# into a file, each copy answering as the source does (articles, analysis,
# claims in the brief, trends, notes, marks, watchlist, positions, prices,
# alert rules); a second run adds nothing; a desk that fetched some of the
# articles already keeps them and gains the reader's marks; errors name
# SRC or DST.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
export BULLPEN_NOW=1718798400 # 2024-06-19T12:00:00Z
start_llm_server
printf 'llm.url = %s/v1/chat/completions\nllm.model = m7\n' "$LLM" >"$T/llm.cfg"
b() { "$BULLPEN" --config "$T/llm.cfg" --db "$1" "${@:2}"; }

# The personal store: two feeds imported, a tag, an Alpha Vantage response
# (the provider's scores), marks, a note, a watchlist, positions, prices and
# alert rules, one of them off.
SRC="$T/mine.db"
F=$BULLPEN_FIXTURES
expect_rc 0 b "$SRC" import "$F/feeds/portfolio_news.xml" --feed https://news.example/portfolio.xml
expect_rc 0 b "$SRC" import "$F/feeds/rss2.xml" --feed https://news.example/rss2.xml
expect_rc 0 b "$SRC" import "$F/feeds/alphavantage.json" --feed https://av.example/news
expect_rc 0 b "$SRC" feeds set https://news.example/rss2.xml --full-text on
expect_rc 0 b "$SRC" mark 1 3 --star
expect_rc 0 b "$SRC" mark 2 3 4 --read
expect_rc 0 b "$SRC" note 1 --json
expect_rc 0 b "$SRC" watch add NVDA MSFT AAPL
expect_rc 0 b "$SRC" watch tag NVDA chips
expect_rc 0 b "$SRC" portfolio add NVDA 10 --cost 100
expect_rc 0 b "$SRC" portfolio add MSFT 5
expect_rc 0 b "$SRC" prices import "$F/prices/msft.us.csv"
expect_rc 0 b "$SRC" alerts add 'mention NVDA'
expect_rc 0 b "$SRC" alerts add 'sentiment MSFT < -0.3'
expect_rc 0 b "$SRC" alerts disable 2

# answers DB DIR: what the store answers, each kept in DIR without the ids
# a store gives its rows.
answers() {
    local db=$1 d=$2
    mkdir -p "$d"
    keep() { python3 -c 'import json,sys
def strip(v):
    if isinstance(v, dict): return {k: strip(x) for k, x in v.items() if k not in ("id", "article_id")}
    if isinstance(v, list): return [strip(x) for x in v]
    return v
print(json.dumps(strip(json.loads(sys.stdin.read())), indent=1, sort_keys=True))' <<<"$OUT" >"$d/$1"; }
    expect_rc 0 b "$db" articles --json --limit 500 && keep articles
    expect_rc 0 b "$db" articles --ticker NVDA --json && keep nvda
    expect_rc 0 b "$db" export && keep export
    expect_rc 0 b "$db" search nvidia --json && keep search
    expect_rc 0 b "$db" trend NVDA --days 30 --json && keep trend
    expect_rc 0 b "$db" brief NVDA MSFT --since 7d --format json && keep brief
    expect_rc 0 b "$db" feeds list --json && keep feeds
    expect_rc 0 b "$db" watch list --json && keep watch
    expect_rc 0 b "$db" portfolio list --json && keep portfolio
    expect_rc 0 b "$db" prices list MSFT --json && keep prices
    expect_rc 0 b "$db" alerts list --json && keep alerts
    expect_rc 0 b "$db" note 1 --json && keep note
}
answers "$SRC" "$T/src"
OUT=$(cat "$T/src/articles")
json 'len(j) > 10 and sum(a["starred"] for a in j) == 2 and sum(not a["unread"] for a in j) == 3'
OUT=$(cat "$T/src/brief")
contains "$OUT" '"claims"' "the brief shows claims"

# same DIR WHAT: DIR's answers are the source's.
same_answers() {
    local f
    for f in "$T"/src/*; do
        diff -u "$f" "$1/${f##*/}" >"$T/diff" ||
            fail "$2: ${f##*/} differs from the source's: $(head -c 1500 "$T/diff")"
    done
}
# copied OUT KIND N: the copy's line for KIND says N added.
added() { contains "$OUT" "$(printf '%-19s %s added' "$1" "$2")" "copy's count of $1"; }

# A file into a new file.
expect_rc 0 "$BULLPEN" store copy "$SRC" "$T/copy.db"
n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$T/src/export")
added articles "$n"
added "read/starred marks" 4
added notes 1
added positions 2
added "alert rules" 2
added "watch tags" 1
answers "$T/copy.db" "$T/copy"
same_answers "$T/copy" "file to file"
# Again: nothing added.
expect_rc 0 "$BULLPEN" store copy "$SRC" "$T/copy.db"
[ "$(grep -c ' 0 added' <<<"$OUT")" = 11 ] || fail "a second copy added rows: $OUT"
contains "$OUT" "$(printf '%-19s 0 added, %s already there' articles "$n")" "second copy skips"

# Into a desk's PostgreSQL database, and back into a file.
source "$BULLPEN_SRC/tests/pg.sh"
pg_start
DESK=$(pg_newdb desk)
expect_rc 0 "$BULLPEN" store copy "$SRC" "$DESK"
added articles "$n"
answers "$DESK" "$T/desk"
same_answers "$T/desk" "file to PostgreSQL"
expect_rc 0 "$BULLPEN" store copy "$SRC" "$DESK"
[ "$(grep -c ' 0 added' <<<"$OUT")" = 11 ] || fail "a second copy to PostgreSQL added rows: $OUT"
[ "$(pg_sql "$DESK" "SELECT count(*) FROM articles WHERE starred = 1")" = 2 ] ||
    fail "the stars are not in the desk's table"
expect_rc 0 "$BULLPEN" store copy "$DESK" "$T/back.db"
added articles "$n"
answers "$T/back.db" "$T/back"
same_answers "$T/back" "PostgreSQL to file"
OUT=$(llm_log)
json 'len(j) == 1' # the note was asked for once; every copy has it stored

# A desk that has fetched one of the feeds already: its articles stay as
# they are (one read there stays read), the others are added, and the
# reader's marks land on the articles the desk had.
DESK2=$(pg_newdb desk2)
expect_rc 0 b "$DESK2" import "$F/feeds/portfolio_news.xml" --feed https://news.example/portfolio.xml
had=$(grep -o '[0-9]* new articles' <<<"$OUT" | grep -o '^[0-9]*')
expect_rc 0 b "$DESK2" mark 5 --read
expect_rc 0 "$BULLPEN" store copy "$SRC" "$DESK2"
added articles $((n - had))
contains "$OUT" "$(printf '%-19s %s added, %s already there' articles $((n - had)) "$had")" "desk's own"
expect_rc 0 b "$DESK2" articles --json --limit 500
json 'sum(a["starred"] for a in j) == 2 and sum(not a["unread"] for a in j) == 4'

# Errors name the store: a missing source, a destination made by a newer
# bullpen (left as it was), a store into itself.
expect_rc 1 "$BULLPEN" store copy "$T/none.db" "$T/x.db"
is_error_line
contains "$ERR" "bullpen: store copy: $T/none.db: no such store" "missing SRC named"
[ -e "$T/x.db" ] && fail "a failed copy created DST"
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("PRAGMA user_version=999"); c.commit()' \
    "$T/copy.db"
expect_rc 1 "$BULLPEN" store copy "$SRC" "$T/copy.db"
is_error_line
contains "$ERR" "$T/copy.db" "newer DST named"
contains "$ERR" "newer" "newer DST refused"
expect_rc 1 "$BULLPEN" store copy "$SRC" "$SRC"
is_error_line
contains "$ERR" "into itself" "copy into itself"
expect_rc 2 "$BULLPEN" store copy "$SRC"
finish
