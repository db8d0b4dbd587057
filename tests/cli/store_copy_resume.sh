#!/usr/bin/env bash
# store copy, interrupted: a copy killed half way (SIGKILL once its first
# page of 2,000 articles is committed) is completed by running it again,
# the result the same as its source's: articles, marks and analysis.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
# added KIND N: the copy's line for KIND says N added.
added() { contains "$OUT" "$(printf '%-19s %s added' "$1" "$2")" "copy's count of $1"; }
b() { "$BULLPEN" --db "$1" "${@:2}"; }

expect_rc 0 "$BULLPEN" demo --db "$T/demo.db"
# The copy dies (SIGKILL, no clean-up) right after its first page of
# articles is committed: a named crash point (core/fault.h), since a kill
# timed from outside can miss a copy this small altogether.
BULLPEN_FAULT=copy-page-committed "$BULLPEN" store copy "$T/demo.db" "$T/cut.db" >/dev/null 2>&1
rc=$?
[ "$rc" -eq 137 ] || fail "the copy was not killed at its first page (exit $rc)"
left=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM articles").fetchone()[0])' "$T/cut.db")
expect_rc 0 b "$T/demo.db" export
total=$(python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' <<<"$OUT")
[ "$left" -ge 2000 ] && [ "$left" -lt "$total" ] || fail "the copy was not cut half way ($left of $total)"
expect_rc 0 "$BULLPEN" store copy "$T/demo.db" "$T/cut.db"
added articles $((total - left))
for db in demo cut; do
    expect_rc 0 b "$T/$db.db" export
    python3 -c 'import json,sys
a = json.loads(sys.stdin.read())
print(json.dumps([{k: v for k, v in x.items() if k not in ("id", "feed_id")} for x in a]))' \
        <<<"$OUT" >"$T/$db.export"
done
cmp -s "$T/demo.export" "$T/cut.export" || fail "the completed copy differs from its source"

finish
