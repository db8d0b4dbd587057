#!/usr/bin/env bash
# Global options, exit codes, error form, XDG paths and store safety.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1

expect_rc 0 "$BULLPEN" --version
contains "$OUT" "bullpen " "--version"
expect_rc 0 "$BULLPEN" --help
contains "$OUT" "watch" "--help lists commands"
for cmd in articles search export watch portfolio open; do
    expect_rc 0 "$BULLPEN" "$cmd" --help
    contains "$OUT" "usage" "$cmd --help"
done
for sub in add rm tag list; do
    expect_rc 0 "$BULLPEN" watch "$sub" --help
done
for sub in add rm list import; do
    expect_rc 0 "$BULLPEN" portfolio "$sub" --help
done

# Usage errors: exit 2, one line, named.
expect_rc 2 "$BULLPEN" --frobnicate
is_error_line
expect_rc 2 "$BULLPEN" nosuchcommand
is_error_line
expect_rc 2 "$BULLPEN" --db
is_error_line
expect_rc 2 bp watch
expect_rc 2 bp watch frob
is_error_line
expect_rc 2 bp articles --limit zero
is_error_line
expect_rc 2 bp articles --since 2024-02-30
contains "$ERR" "no such day" "impossible date"
expect_rc 2 bp articles --bogus
is_error_line
expect_rc 2 bp export --format xml
is_error_line
expect_rc 2 bp search
is_error_line

# XDG: with no --db the store lands under XDG_DATA_HOME.
expect_rc 0 "$BULLPEN" watch add AAPL
[ -f "$XDG_DATA_HOME/bullpen/bullpen.db" ] || fail "store not created under XDG_DATA_HOME"
# Fallback to HOME when XDG_DATA_HOME is unset.
(unset XDG_DATA_HOME; "$BULLPEN" watch add MSFT) || fail "HOME fallback"
[ -f "$HOME/.local/share/bullpen/bullpen.db" ] || fail "store not created under ~/.local/share"

# Config errors name file and line.
mkdir -p "$XDG_CONFIG_HOME/bullpen"
printf '# comment\nfetch.parallel = 4\nfetch.parallel = lots\n' >"$XDG_CONFIG_HOME/bullpen/config"
expect_rc 1 bp watch list
contains "$ERR" "config:3:" "config error names the line"
contains "$ERR" "not a whole number" "config error says the problem"
printf 'no.such = 1\n' >"$XDG_CONFIG_HOME/bullpen/config"
expect_rc 1 bp watch list
contains "$ERR" "unknown option 'no.such'" "unknown config option"
printf 'fetch.parallel = 999\n' >"$XDG_CONFIG_HOME/bullpen/config"
expect_rc 1 bp watch list
contains "$ERR" "out of range" "config range"
rm "$XDG_CONFIG_HOME/bullpen/config"
expect_rc 1 "$BULLPEN" --config "$T/nope" watch list
contains "$ERR" "$T/nope" "missing explicit config is named"
printf 'ui.theme = light # trailing comment\nbind.j = move-down\n' >"$T/cfg"
expect_rc 0 "$BULLPEN" --config "$T/cfg" --db "$DB" watch list

# Store safety: a foreign file is refused and left untouched.
printf 'just some text\n' >"$T/text.db"
sum=$(md5sum <"$T/text.db")
expect_rc 1 "$BULLPEN" --db "$T/text.db" watch list
contains "$ERR" "not a bullpen store" "text file refused"
is_error_line
[ "$(md5sum <"$T/text.db")" = "$sum" ] || fail "text file was modified"

python3 - "$T/other.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("create table t(x)"); c.execute("insert into t values (1)"); c.commit()
PY
sum=$(md5sum <"$T/other.db")
expect_rc 1 "$BULLPEN" --db "$T/other.db" watch add AAPL
contains "$ERR" "another program" "foreign SQLite refused"
[ "$(md5sum <"$T/other.db")" = "$sum" ] || fail "foreign SQLite file was modified"
[ ! -e "$T/other.db-wal" ] || fail "foreign SQLite file got a WAL"

# A store from a newer version is refused untouched.
expect_rc 0 "$BULLPEN" --db "$T/newer.db" watch add AAPL
python3 - "$T/newer.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); v = c.execute("pragma user_version").fetchone()[0]
c.execute("pragma user_version=%d" % (v + 5)); c.commit(); c.execute("pragma wal_checkpoint(truncate)"); c.close()
PY
sum=$(md5sum <"$T/newer.db")
expect_rc 1 "$BULLPEN" --db "$T/newer.db" watch add NVDA
contains "$ERR" "newer bullpen" "newer store refused"
[ "$(md5sum <"$T/newer.db")" = "$sum" ] || fail "newer store was modified"

# A directory as the store, and an unwritable location.
expect_rc 1 "$BULLPEN" --db "$T" watch list
contains "$ERR" "is a directory" "directory as store"
expect_rc 1 "$BULLPEN" --db /proc/nonexistent/x.db watch add AAPL
is_error_line
contains "$ERR" "cannot create" "unwritable location"

# The store is a real SQLite file in WAL mode with the expected tables.
expect_rc 0 bp watch add AAPL
python3 - "$DB" <<'PY' || fail "schema check"
import os, sys
sys.path.insert(0, os.environ["BULLPEN_SRC"] + "/tests")
from storedb import connect
c = connect(sys.argv[1])
assert c.execute("pragma journal_mode").fetchone()[0] == "wal"
names = {r[0] for r in c.execute("select name from sqlite_master")}
for t in ["feeds", "articles", "articles_fts", "tickers", "mentions", "watchlist",
          "positions", "prices", "alert_rules", "alert_events", "sentiment_daily"]:
    assert t in names, t
# An article's claims are a column of its row (schema 10), not a table.
assert "claims" in [r[1] for r in c.execute("pragma table_info(articles)")]
assert c.execute("pragma integrity_check").fetchone()[0] == "ok"
PY

# Writing to a closed stdout is an error, not silent success.
expect_rc 0 bp watch list
finish
