#!/usr/bin/env bash
# bullpen mark: stars and read state from the command line; all or nothing.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1

expect_rc 0 bp mark --help
contains "$OUT" "usage" "mark --help"
expect_rc 0 bp import "$BULLPEN_FIXTURES/feeds/rss2.xml"
expect_rc 0 bp articles --json
ids=$(python3 -c 'import json,sys; print(" ".join(str(a["id"]) for a in json.load(sys.stdin)))' <<<"$OUT")
set -- $ids
[ $# -ge 2 ] || fail "the fixture gave fewer than two articles"
a=$1 b=$2

expect_rc 0 bp mark "$a" "$b" --star
expect_rc 0 bp articles --json
json "all(x['starred'] for x in j if x['id'] in ($a, $b))"
json "all(x['unread'] for x in j if x['id'] in ($a, $b))"
# Marking read keeps the star; unstarring keeps the read state.
expect_rc 0 bp mark "$a" --read
expect_rc 0 bp mark "$b" --unstar
expect_rc 0 bp articles --json
json "[(x['starred'], x['unread']) for x in j if x['id'] == $a] == [(True, False)]"
json "[(x['starred'], x['unread']) for x in j if x['id'] == $b] == [(False, True)]"
expect_rc 0 bp mark "$a" --unread --unstar
expect_rc 0 bp articles --json
json "[(x['starred'], x['unread']) for x in j if x['id'] == $a] == [(False, True)]"

# An unknown id changes nothing, not even the ids before it.
expect_rc 1 bp mark "$a" 999999 --star
is_error_line
contains "$ERR" "no article 999999" "unknown id named"
expect_rc 0 bp articles --json
json "not any(x['starred'] for x in j)"

# Usage errors.
expect_rc 2 bp mark "$a"
is_error_line
expect_rc 2 bp mark --star
is_error_line
expect_rc 2 bp mark x1 --star
is_error_line
expect_rc 2 bp mark "$a" --star --unstar
is_error_line
expect_rc 2 bp mark "$a" --frob
is_error_line
finish
