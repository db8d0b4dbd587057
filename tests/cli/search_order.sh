#!/usr/bin/env bash
# search --order: newest stored first (the default), or best match first by
# FTS5's bm25 rank, the --limit best only.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1

item() { # FILE GUID TITLE DESCRIPTION
    cat >"$1" <<RSS
<?xml version="1.0"?>
<rss version="2.0"><channel><title>Wire</title><link>https://news.example.com/</link>
<item><guid>$2</guid><title>$3</title><link>https://news.example.com/$2</link>
<pubDate>Wed, 14 Feb 2024 12:00:00 GMT</pubDate><description>$4</description></item>
</channel></rss>
RSS
}
# Stored in this order: the best match for "turbine" first, then a weak one
# (the word once in a long text), then one that does not match.
item "$T/a.xml" a "Turbine maker lifts turbine orders" "Turbine demand: turbine backlog at a record."
item "$T/b.xml" b "Utility plans grid upgrade" "The utility will spend on lines, substations, transformers, meters, software, crews, trucks, poles and, later, one turbine, over ten years."
item "$T/c.xml" c "Bank earnings beat" "Net interest income rose."
for f in a b c; do
    expect_rc 0 bp import "$T/$f.xml" --feed https://news.example.com/feed
done
title_of() { python3 -c 'import json,sys; print(" | ".join(r["title"] for r in json.load(sys.stdin)))' <<<"$OUT"; }

expect_rc 0 bp search turbine --json
[ "$(title_of)" = "Utility plans grid upgrade | Turbine maker lifts turbine orders" ] ||
    fail "default order is newest stored first: $(title_of)"
expect_rc 0 bp search turbine --order newest --json
[ "$(title_of)" = "Utility plans grid upgrade | Turbine maker lifts turbine orders" ] ||
    fail "--order newest: $(title_of)"
expect_rc 0 bp search turbine --order relevance --json
[ "$(title_of)" = "Turbine maker lifts turbine orders | Utility plans grid upgrade" ] ||
    fail "--order relevance is best match first: $(title_of)"
# The limit keeps the best, not the newest.
expect_rc 0 bp search turbine --order relevance --limit 1 --json
[ "$(title_of)" = "Turbine maker lifts turbine orders" ] || fail "--limit 1 by relevance: $(title_of)"
expect_rc 0 bp search turbine --order relevance
contains "$(head -1 <<<"$OUT")" "Turbine maker lifts turbine orders" "plain text by relevance"
# Query syntax and its errors are the same in either order.
expect_rc 0 bp search 'turbine NOT grid' --order relevance --json
[ "$(title_of)" = "Turbine maker lifts turbine orders" ] || fail "NOT by relevance: $(title_of)"
expect_rc 1 bp search '"unclosed' --order relevance
is_error_line
# "-word" is an FTS5 column filter, not an exclusion: the error says what
# to write instead, and that works.
expect_rc 1 bp search 'turbine -grid'
is_error_line
contains "$ERR" "to leave 'grid' out, write NOT grid" "the way to leave a word out"
# The remedy comes first, so it shows on an 80-column status line.
[ "$(sed 's/^bullpen: search: //' <<<"$ERR" | cut -c1-80 | grep -c 'write NOT grid')" = 1 ] ||
    fail "the remedy is past column 80: $ERR"
# A column name mistyped is told apart from "-word".
expect_rc 1 bp search 'titel:turbine'
is_error_line
contains "$ERR" "no column 'titel' to search in (title:, summary:, content:)" "a mistyped column"
! grep -q "NOT" <<<"$ERR" || fail "a mistyped column is not a word to leave out: $ERR"
expect_rc 0 bp search 'turbine NOT grid' --json
[ "$(title_of)" = "Turbine maker lifts turbine orders" ] || fail "NOT newest first: $(title_of)"
for bad in oldest '' RELEVANCE; do
    expect_rc 2 bp search turbine --order "$bad"
    is_error_line
    contains "$ERR" "--order" "bad --order named"
done
expect_rc 2 bp search turbine --order
is_error_line
finish
