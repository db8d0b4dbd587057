#!/usr/bin/env bash
# libcurl, libpq and libxml2 are loaded when a command first needs them,
# not at start: a command on an SQLite store binds none, nor what they pull
# in (TLS, Kerberos, LDAP, ICU); fetching loads libcurl, parsing a feed
# libxml2, a PostgreSQL target libpq.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1

# The libraries the dynamic loader opened for one run (LD_DEBUG=libs).
libs_of() { LD_DEBUG=libs "$@" 2>&1 >/dev/null | grep -o 'file=[^ ]*' | sort -u; }

bp feeds list >/dev/null
for cmd in "articles" "search guidance" "trend NVDA" "feeds list" "watch list"; do
    # shellcheck disable=SC2086
    got=$(libs_of bp $cmd)
    contains "$got" "libsqlite3" "$cmd opens the store"
    for lib in libcurl libpq libxml2 libicu libssl libgnutls libkrb5 libldap; do
        not_contains "$got" "$lib" "$cmd loads $lib"
    done
done
got=$(libs_of "$BULLPEN" --version)
not_contains "$got" "libcurl" "--version loads libcurl"
not_contains "$got" "libxml2" "--version loads libxml2"
got=$(libs_of bp parse "$BULLPEN_FIXTURES/feeds/rss2.xml")
contains "$got" "libxml2.so.2" "parse FILE loads libxml2"
not_contains "$got" "libcurl" "parse FILE loads libcurl"

start_server
got=$(libs_of bp parse "$SRV/ok")
contains "$got" "libcurl.so.4" "parse URL loads libcurl"
expect_rc 0 bp parse "$SRV/ok" --json
contains "$OUT" '"title"' "parse of a URL through the loaded libcurl"

# A conninfo target loads libpq, which then says why it cannot connect, in
# one line.
got=$(libs_of "$BULLPEN" --db "host=$T/nowhere dbname=desk" articles)
contains "$got" "libpq.so.5" "a PostgreSQL target loads libpq"
expect_rc 1 "$BULLPEN" --db "host=$T/nowhere dbname=desk" articles
is_error_line
contains "$ERR" "cannot connect" "the server's absence named"
finish
