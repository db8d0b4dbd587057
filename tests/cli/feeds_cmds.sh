#!/usr/bin/env bash
# feeds add / list / rm.
source "$BULLPEN_TESTLIB"

expect_rc 0 bp feeds add https://example.com/rss.xml --name "Example wire" --tag wires --tag us
[ "$OUT" = 1 ] || fail "feeds add prints the new id, got '$OUT'"
expect_rc 0 bp feeds add http://127.0.0.1:9/atom
expect_rc 0 bp feeds add https://example.com/rss.xml
contains "$ERR" "already feed 1" "duplicate feed"
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
expect_rc 1 bp feeds rm 1
contains "$ERR" "no feed '1'" "rm absent"
expect_rc 0 bp feeds rm 2
expect_rc 0 bp feeds list --json
json 'j == []'
finish
