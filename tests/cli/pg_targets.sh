#!/usr/bin/env bash
# --db with a PostgreSQL target libpq cannot read: a mistyped conninfo key,
# a service not in the service file, a malformed URL. Each stops with one
# line naming the target as given (never its password) and what is wrong,
# and none becomes a file store of that name; ./NAME still is a file.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
command -v psql >/dev/null || { echo "SKIP: libpq's tools are not installed"; exit 77; }
mkdir -p "$T/cwd"
cd "$T/cwd"
export PGSERVICEFILE="$T/pg_service.conf"
: >"$PGSERVICEFILE"

expect_rc 1 "$BULLPEN" --db "dbnmae=desk" feeds add --no-check http://127.0.0.1:9/feed.xml
contains "$ERR" 'bullpen: store: dbnmae=desk: cannot connect: invalid connection option "dbnmae"' \
    "a mistyped key is named"
expect_rc 1 "$BULLPEN" --db "host=/tmp bogus=1 dbname=desk" articles
contains "$ERR" 'invalid connection option "bogus"' "a reading command names it too"
[ -z "$(ls -A)" ] || fail "a conninfo became a file: $(ls -A)"

expect_rc 1 "$BULLPEN" --db service=nosuch articles
contains "$ERR" 'bullpen: store: service=nosuch: cannot connect: definition of service "nosuch" not found' \
    "a missing service is named as given"
expect_rc 1 "$BULLPEN" --db "postgresql://alice:s3cret@[db/desk" articles
contains "$ERR" 'bullpen: store: postgresql://alice:...@[db/desk: cannot connect:' \
    "a malformed URL is named as given, without its password"
[ "$(grep -c . <<<"$ERR")" = 1 ] || fail "more than one line: $ERR"
# libpq quotes a URL it cannot parse: that quote hides the password too.
! grep -q s3cret <<<"$ERR" || fail "the password shown: $ERR"
expect_rc 1 "$BULLPEN" --db "postgresql://alice@db/desk?password=s3cret&bogus=1" articles
contains "$ERR" 'invalid URI query parameter: "bogus"' "a wrong query parameter is named"
! grep -q s3cret <<<"$ERR" || fail "the password shown: $ERR"

expect_rc 0 "$BULLPEN" --db "./dbnmae=desk" feeds add --no-check http://127.0.0.1:9/feed.xml
[ -f "dbnmae=desk" ] || fail "./dbnmae=desk is not a file store"
finish
