#!/usr/bin/env bash
# feeds add / list / rm.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1

expect_rc 0 bp feeds add --no-check https://example.com/rss.xml --name "Example wire" --tag wires --tag us
[ "$OUT" = 1 ] || fail "feeds add prints the new id, got '$OUT'"
expect_rc 0 bp feeds add --no-check http://127.0.0.1:9/atom
# A second add is an error and changes nothing (its tag is not added).
expect_rc 1 bp feeds add --no-check https://example.com/rss.xml --tag extra
contains "$ERR" "already feed 1" "duplicate feed"
is_error_line
for bad in ftp://example.com/x 'not a url' 'http://' 'http://exa mple.com/'; do
    expect_rc 2 bp feeds add "$bad"
    is_error_line
done
expect_rc 2 bp feeds add https://example.com/a --tag 'two words'
expect_rc 0 bp feeds list --json
json 'len(j) == 2 and j[0]["name"] == "Example wire" and j[0]["tags"] == ["us", "wires"]'
json 'all(set(f) >= {"id", "url", "last_fetch", "status", "last_error", "articles"} for f in j)'
json 'j[1]["status"] is None and j[1]["articles"] == 0'
expect_rc 0 bp feeds list
contains "$OUT" "Example wire" "plain list"
expect_rc 0 bp feeds rm https://example.com/rss.xml
# feeds rm confirms in one line on stdout: id, name (else title, else URL)
# and the articles that went with it.
[ "$OUT" = "removed feed 1 (Example wire) and its 0 articles" ] || fail "feeds rm line: '$OUT'"
[ -z "$ERR" ] || fail "feeds rm printed on stderr: $ERR"
expect_rc 1 bp feeds rm 1
contains "$ERR" "no feed '1'" "rm absent"
[ -z "$OUT" ] || fail "a failed feeds rm confirms nothing: '$OUT'"
expect_rc 0 bp feeds rm 2
[ "$OUT" = "removed feed 2 (http://127.0.0.1:9/atom) and its 0 articles" ] || fail "unnamed feed rm: '$OUT'"
expect_rc 0 bp import "$BULLPEN_FIXTURES/feeds/rss2.xml" --feed https://example.com/wire
expect_rc 0 bp feeds rm https://example.com/wire
[[ "$OUT" =~ ^"removed feed "[0-9]+" (Ledger Daily — Top Stories) and its 6 articles"$ ]] ||
    fail "titled feed rm: '$OUT'"
expect_rc 0 bp articles --json
json 'j == []'
expect_rc 0 bp feeds list --json
json 'j == []'

# OPML round trip: import the shared default list when present, or our fixture.
OPML="$BULLPEN_FIXTURES/opml/$(ls "$BULLPEN_FIXTURES/opml" | head -1)"
expect_rc 0 bp feeds import "$OPML"
contains "$OUT" "added" "import summary"
expect_rc 0 bp feeds list --json
N=$(python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' <<<"$OUT")
[ "$N" -gt 0 ] || fail "OPML import added nothing"
expect_rc 0 bp feeds import "$OPML"
contains "$OUT" "0 feeds added" "re-import adds nothing"
expect_rc 0 bp feeds export
EXPORTED=$OUT
python3 -c 'import sys, xml.dom.minidom as m; d = m.parseString(sys.stdin.read()); assert d.documentElement.getAttribute("version") == "2.0"' <<<"$EXPORTED" ||
    fail "export is not OPML 2.0"
printf '%s' "$EXPORTED" >"$T/out.opml"
expect_rc 0 "$BULLPEN" --db "$T/second.db" feeds import "$T/out.opml"
expect_rc 0 "$BULLPEN" --db "$T/second.db" feeds list --json
N2=$(python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' <<<"$OUT")
[ "$N2" = "$N" ] || fail "export/import round trip: $N2 feeds, wanted $N"
printf 'not xml at all' >"$T/bad.opml"
expect_rc 1 bp feeds import "$T/bad.opml"
contains "$ERR" "bad.opml" "bad OPML named"
is_error_line
# A truncated list, or one with an element left open, is an error naming
# FILE:LINE, and nothing of it is imported.
printf '<?xml version="1.0"?>\n<opml version="2.0">\n<body>\n<outline text="Cut" xmlUrl="https://cut.example/a.rss"/>\n<outline text="Cut B" xmlUrl="https://cut.example/b.rss"/>\n' >"$T/cut.opml"
expect_rc 1 "$BULLPEN" --db "$T/cut.db" feeds import "$T/cut.opml"
is_error_line
contains "$ERR" "bullpen: $T/cut.opml:5: malformed OPML: Premature end of data in tag body" "truncated OPML"
printf '<opml version="2.0"><body>\n<outline text="Open" xmlUrl="https://open.example/a.rss">\n<outline text="B" xmlUrl="https://open.example/b.rss"/>\n</body></opml>\n' >"$T/open.opml"
expect_rc 1 "$BULLPEN" --db "$T/cut.db" feeds import "$T/open.opml"
is_error_line
contains "$ERR" "bullpen: $T/open.opml:4: malformed OPML: Opening and ending tag mismatch" "unclosed outline"
expect_rc 0 "$BULLPEN" --db "$T/cut.db" feeds list --json
json 'j == []'
if [ -f "$BULLPEN_SHARED/data/default_feeds.opml" ]; then
    expect_rc 0 "$BULLPEN" --db "$T/third.db" feeds import "$BULLPEN_SHARED/data/default_feeds.opml"
    contains "$OUT" "26 feeds added" "the shared default list"
fi

# import: a saved feed, analysed; a second import stores nothing twice.
expect_rc 0 bp import "$BULLPEN_FIXTURES/feeds/rss2.xml"
contains "$OUT" "6 new articles of 6 (rss)" "import summary"
expect_rc 0 bp import "$BULLPEN_FIXTURES/feeds/rss2.xml"
contains "$OUT" "0 new articles of 6" "re-import"
expect_rc 0 bp import - --feed https://example.com/av <"$BULLPEN_FIXTURES/feeds/alphavantage.json"
contains "$OUT" "(alphavantage)" "import from stdin"
expect_rc 0 bp articles --json --limit 100
json 'len(j) == 9'
json 'any(a["tickers"] for a in j)'
expect_rc 1 bp import "$BULLPEN_FIXTURES/feeds/not_a_feed.html"
contains "$ERR" "not_a_feed.html" "non-feed import named"
is_error_line
expect_rc 1 bp import "$T/nope.xml"
expect_rc 2 bp import
expect_rc 2 bp import x --feed ftp://x

# export: every article, as one JSON array or as CSV with a header.
expect_rc 0 bp export
json 'len(j) == 9 and all(set(a) >= {"id", "published", "title", "content", "mentions", "tickers"} for a in j)'
json 'any(m["symbol"] for a in j for m in a["mentions"])'
json '[a["published"] for a in j] == sorted(a["published"] for a in j)'
expect_rc 0 bp export --format csv
[ "$(printf '%s\n' "$OUT" | head -1)" = "id,published,feed,title,link,tickers,sentiment,label" ] || fail "csv header"
python3 -c 'import csv,sys; rows=list(csv.reader(sys.stdin)); assert len(rows) == 10, len(rows); assert all(len(r) == 8 for r in rows)' <<<"$OUT" ||
    fail "csv rows"
expect_rc 0 bp export --since 2100-01-01
json 'j == []'

# reanalyze: nothing stale after fresh analysis; stale rows are redone.
expect_rc 0 bp reanalyze
contains "$OUT" "0 articles reanalysed" "nothing stale"
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("update articles set analyzer_version=0"); c.execute("delete from mention_rows"); c.commit()' "$DB"
expect_rc 0 bp reanalyze
contains "$OUT" "9 articles reanalysed" "stale rows redone"
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); assert c.execute("select count(*) from mentions").fetchone()[0] > 0; assert c.execute("select count(*) from articles where analyzer_version=0").fetchone()[0] == 0' "$DB" ||
    fail "reanalyze did not restore mentions"
finish
