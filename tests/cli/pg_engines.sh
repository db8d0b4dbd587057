#!/usr/bin/env bash
# The commands that work on a PostgreSQL store so far (cli/main.c's
# pg_ready) give the same answers on a throwaway PostgreSQL server
# (tests/pg.sh) as on SQLite, from the same feeds on the test HTTP server and
# the same files; every other command refuses a PostgreSQL store with one
# line saying so; a database that is not there is one line.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
command -v curl >/dev/null || { echo "SKIP: curl missing"; exit 77; }
# The feeds and a price file, served on 127.0.0.1.
mkdir -p "$T/www"
cp "$BULLPEN_FIXTURES"/feeds/{rss2.xml,atom10.xml,jsonfeed11.json,portfolio_news.xml} "$T/www/"
cp "$BULLPEN_FIXTURES/prices/nvda_us_d.csv" "$T/www/nvda.csv"
start_server --root "$T/www"
# And a chat-completions server for research notes (a valid note each time).
start_llm_server
printf 'prices.url = %s/{symbol}.csv\nllm.url = %s/v1/chat/completions\nllm.model = m7\n' \
    "$SRV" "$LLM" >"$T/prices.cfg"
source "$BULLPEN_SRC/tests/pg.sh"
pg_start
PGDB=$(pg_newdb desk)
export BULLPEN_NOW=1718798400 # 2024-06-19T12:00:00Z

printf 'symbol,quantity,cost\nNVDA,10,100\nMSFT,5,300\n' >"$T/book.csv"

# keep FILE: $OUT into FILE, with the wall clock's stamps (today's, which
# import and watch add write) as NOW.
keep() {
    python3 -c 'import re,sys,time
today = time.strftime("%Y-%m-%d", time.gmtime())
sys.stdout.write(re.sub(today + r"[T ][0-9:]+Z?", "NOW", sys.stdin.read()))' <<<"$OUT" >"$1"
}

# run_engine DB DIR: the same commands, each answer kept in DIR.
run_engine() {
    local db=$1 d=$2 f
    mkdir -p "$d"
    b() { "$BULLPEN" --db "$db" --config "$T/prices.cfg" "$@"; }
    expect_rc 0 b alerts add 'mention NVDA'
    expect_rc 0 b alerts add 'keyword cloud'
    for f in rss2.xml atom10.xml jsonfeed11.json portfolio_news.xml; do
        expect_rc 0 b feeds add --no-check "$SRV/$f"
    done
    # One transfer at a time: the articles get their ids in one order on
    # both engines (parallel transfers finish in the order a loaded
    # machine lets them).
    expect_rc 0 b fetch --jobs 1
    echo "$OUT" >"$d/fetch"
    expect_rc 0 b fetch --all # conditional GETs: nothing new
    echo "$OUT" >"$d/refetch"
    expect_rc 0 b feeds list --json
    echo "$OUT" >"$d/feeds"
    expect_rc 0 b articles --json --limit 100
    echo "$OUT" >"$d/articles"
    expect_rc 0 b articles --limit 3
    echo "$OUT" >"$d/articles.txt"
    expect_rc 0 b articles --ticker NVDA --json
    echo "$OUT" >"$d/nvda"
    expect_rc 0 b articles --feed 4 --since 2024-06-18 --json
    echo "$OUT" >"$d/feed4"
    expect_rc 0 b search nvidia --json
    echo "$OUT" >"$d/search"
    expect_rc 0 b search '"cloud contract"' --json
    echo "$OUT" >"$d/phrase"
    expect_rc 0 b search 'nvidia OR amazon' --limit 2 --json
    echo "$OUT" >"$d/search_or"
    expect_rc 0 b search nvidia --order relevance --json
    python3 -c 'import json,sys; print(sorted(a["id"] for a in json.load(sys.stdin)))' \
        <<<"$OUT" >"$d/relevance"
    expect_rc 0 b note 12 --json
    keep "$d/note"
    expect_rc 0 b note 12 # stored: shown again without a request
    keep "$d/note_again"
    expect_rc 0 b alerts list --json
    keep "$d/alerts"
    expect_rc 0 b alerts log --json
    python3 -c 'import json,sys; print([dict(e, at=None) for e in json.load(sys.stdin)])' \
        <<<"$OUT" >"$d/alerts_log"
    expect_rc 0 b alerts log --seen
    expect_rc 0 b alerts log --json
    keep "$d/alerts_seen"
    expect_rc 0 b alerts disable 2
    expect_rc 0 b alerts rm 1
    expect_rc 0 b alerts list --json
    keep "$d/alerts_after"
    expect_rc 0 b mark 1 12 --star --read
    expect_rc 0 b export --format csv
    keep "$d/export_csv"
    expect_rc 0 b export --format json
    keep "$d/export_json"
    expect_rc 0 b watch add NVDA MSFT
    expect_rc 0 b watch tag NVDA chips
    expect_rc 0 b watch rm MSFT
    expect_rc 0 b watch list --json
    keep "$d/watch"
    expect_rc 0 b trend NVDA --days 7 --json
    keep "$d/trend"
    expect_rc 0 b brief --watchlist --format json
    keep "$d/brief"
    expect_rc 0 b feeds set 1 --full-text on
    expect_rc 0 b feeds export
    keep "$d/opml"
    expect_rc 0 b feeds import "$BULLPEN_FIXTURES/opml/nested.opml"
    keep "$d/feeds_import"
    expect_rc 0 b import "$BULLPEN_FIXTURES/feeds/rss2.xml" --feed https://example.com/x.xml
    keep "$d/import"
    expect_rc 0 b prices import "$BULLPEN_FIXTURES/prices/closes.csv"
    keep "$d/prices_import"
    expect_rc 0 b prices import "$BULLPEN_FIXTURES/prices/msft.us.csv"
    expect_rc 0 b prices list MSFT --json
    keep "$d/prices"
    expect_rc 0 b prices fetch NVDA
    keep "$d/prices_fetch"
    expect_rc 0 b prices list NVDA --since 2024-06-01 --json
    keep "$d/prices_nvda"
    expect_rc 0 b portfolio import "$T/book.csv"
    expect_rc 0 b portfolio add AAPL 3 --cost 150
    expect_rc 0 b portfolio rm NVDA
    expect_rc 0 b portfolio list --json
    keep "$d/portfolio"
    expect_rc 0 b reanalyze
    keep "$d/reanalyze"
    expect_rc 0 b feeds rm 4
    echo "$OUT" >"$d/rm"
    expect_rc 0 b articles --no-group --json --limit 100
    keep "$d/after_rm"
    # rss2.xml's articles again under another feed: copies of one story,
    # listed once with the other feed counted, newest first and best match.
    expect_rc 0 b articles --json --limit 100
    keep "$d/grouped"
    expect_rc 0 b search nvidia --order relevance --json
    python3 -c 'import json,sys; print([(a["id"], a["other_feeds"]) for a in json.load(sys.stdin)])' \
        <<<"$OUT" >"$d/grouped_best"
}

run_engine "$DB" "$T/sqlite"
run_engine "$PGDB" "$T/pg"

# Same answers, file by file.
for f in "$T"/sqlite/*; do
    n=${f##*/}
    diff -u "$f" "$T/pg/$n" >"$T/diff" || fail "$n differs on PostgreSQL: $(head -c 1500 "$T/diff")"
done
# And they are real answers, not two empty ones: pg_json NAME EXPR checks the
# JSON PostgreSQL answered, kept in $T/pg/NAME.
pg_json() {
    OUT=$(cat "$T/pg/$1")
    json "$2"
}
pg_json articles 'len(j) == 21 and len({a["feed_id"] for a in j}) == 4'
pg_json nvda 'len(j) == 4 and all("NVDA" in a["tickers"] for a in j)'
pg_json search 'len(j) == 4 and all("nvidia" in (a["title"] + (a["summary"] or "")).lower() for a in j)'
pg_json phrase '[a["title"] for a in j] == ["Microsoft wins a major cloud contract"]'
pg_json search_or 'len(j) == 2'
pg_json feeds '[f["articles"] for f in j] == [6, 3, 2, 10] and all(f["status"] == "unchanged" for f in j)'
pg_json after_rm 'len(j) == 17 and 4 not in {a["feed_id"] for a in j}'
pg_json after_rm '[a["starred"] for a in j if a["id"] == 1] == [True]'
pg_json grouped 'len(j) == 11 and sum(a["other_feeds"] for a in j) == 6'
contains "$(cat "$T/pg/grouped_best")" ", 1)" "best match on PostgreSQL counts a story's other feed"
contains "$(cat "$T/pg/alerts_log")" "'rule': 'mention NVDA'" "alerts fired on PostgreSQL"
contains "$(cat "$T/pg/alerts_log")" "'rule': 'keyword cloud'" "keyword alert fired on PostgreSQL"
pg_json portfolio 'sorted(p["symbol"] for p in j["positions"]) == ["AAPL", "MSFT"]'
pg_json portfolio '[p["last"] for p in j["positions"] if p["symbol"] == "MSFT"] == [442.57]'
pg_json note 'j["article_id"] == 12 and j["model"] == "m7"'
OUT=$(llm_log)
json 'len(j) == 2' # one request per engine; the second showing was stored
pg_json prices_nvda 'j["prices"][-1] == {"day": "2024-06-14", "close": 131.88}'
pg_json trend 'sum(p["articles"] for p in j["points"]) > 0'
contains "$(cat "$T/pg/import")" "6 new articles of 6" "import on PostgreSQL"
contains "$(cat "$T/pg/refetch")" "0 new articles" "refetch on PostgreSQL"

# The database holds them, in PostgreSQL's tables (three of the four Nvidia
# articles went with feed 4; importing rss2.xml under another feed stored the
# fourth a second time).
[ "$(pg_sql "$PGDB" "SELECT count(*) FROM articles WHERE search @@ 'nvidia'::tsquery")" = 2 ] ||
    fail "tsvector column does not find the stored articles"
[ "$(pg_sql "$PGDB" "SELECT schema_version > 0 FROM bullpen_meta WHERE application = 'bullpen'")" = t ] ||
    fail "bullpen_meta not written"

# store compact is the server's job there: one line saying so, nothing done.
expect_rc 1 "$BULLPEN" --db "$PGDB" store compact
is_error_line
contains "$ERR" "a PostgreSQL store is compacted by its server" "store compact on PostgreSQL"

# A URL works as well as a conninfo.
expect_rc 0 "$BULLPEN" --db "postgresql:///desk?host=$PG_DIR&user=bullpen" articles --limit 1 --json
json 'len(j) == 1'

# store.url in the config, when --db is not given; never with a password.
echo "store.url = $PGDB" >"$T/cfg"
expect_rc 0 "$BULLPEN" --config "$T/cfg" search nvidia --no-group --json
json 'len(j) == 2'
echo "store.url = postgresql://bullpen:secret@localhost/desk" >"$T/cfg"
expect_rc 1 "$BULLPEN" --config "$T/cfg" articles
is_error_line
contains "$ERR" "store.url: holds a password" "password in the config refused"
not_contains "$ERR" "secret" "the password is not echoed"

# The demo: built into an empty database as into a file, the same
# articles; a database that holds a desk's own is refused, untouched.
expect_rc 0 "$BULLPEN" --db "$T/demo.db" demo
DEMODB=$(pg_newdb demo)
expect_rc 0 "$BULLPEN" --db "$DEMODB" demo
contains "$OUT" "demo store written to" "the demo on PostgreSQL"
"$BULLPEN" --db "$T/demo.db" articles --limit 500 --no-group --json |
    python3 -c 'import json,sys; print("\n".join(sorted(a["title"] + " " + str(a["sentiment"]) for a in json.load(sys.stdin))))' >"$T/demo.sqlite"
"$BULLPEN" --db "$DEMODB" articles --limit 500 --no-group --json |
    python3 -c 'import json,sys; print("\n".join(sorted(a["title"] + " " + str(a["sentiment"]) for a in json.load(sys.stdin))))' >"$T/demo.pg"
[ "$(wc -l <"$T/demo.pg")" -gt 20 ] || fail "the demo on PostgreSQL has articles"
diff -u "$T/demo.sqlite" "$T/demo.pg" >"$T/demo.diff" || fail "the demo differs on PostgreSQL: $(head -20 "$T/demo.diff")"
before=$(pg_sql "$PGDB" 'SELECT count(*) FROM articles')
expect_rc 1 "$BULLPEN" --db "$PGDB" demo
is_error_line
contains "$ERR" "bullpen: demo:" "demo names itself"
contains "$ERR" "the demo goes into an empty database" "demo refused on a desk with articles"
[ "$(pg_sql "$PGDB" 'SELECT count(*) FROM articles')" = "$before" ] || fail "the refused demo changed the desk"
# A database that is not there.
expect_rc 1 "$BULLPEN" --db "host=$PG_DIR user=bullpen dbname=nothere" articles
is_error_line
contains "$ERR" "postgresql:///nothere?host=$PG_DIR: cannot connect: " "missing database named"
finish
