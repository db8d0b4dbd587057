#!/usr/bin/env bash
# Shared and private state on a PostgreSQL desk (a throwaway server,
# tests/pg.sh): two analysts' roles, alice and bob, on one database. The
# articles are the desk's; read and starred marks, positions and private
# watched symbols and rules are each analyst's, and going round bullpen with
# psql, row-level security refuses bob alice's; shared watched symbols and
# rules are everyone's, and the alerts of a shared rule reach both inboxes,
# seen apart. Without a role of one's own, store.user names the user.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
command -v curl >/dev/null || { echo "SKIP: curl missing"; exit 77; }
mkdir -p "$T/www"
cp "$BULLPEN_FIXTURES"/feeds/{rss2.xml,portfolio_news.xml} "$T/www/"
start_server --root "$T/www"
source "$BULLPEN_SRC/tests/pg.sh"
pg_start
PGDB=$(pg_newdb desk)
export BULLPEN_NOW=1718798400 # 2024-06-19T12:00:00Z

# The desk's admin (the superuser here) makes the store and adds the feeds;
# then the analysts get their GRANTs.
expect_rc 0 "$BULLPEN" --db "$PGDB" feeds add --no-check "$SRV/rss2.xml"
ALICE=$(pg_analyst "$PGDB" alice)
BOB=$(pg_analyst "$PGDB" bob)
alice() { "$BULLPEN" --db "$ALICE" "$@"; }
bob() { "$BULLPEN" --db "$BOB" "$@"; }

# A role the admin has not given the desk's GRANTs yet is told so, by name,
# and where the grants are written down.
pg_sql "$BULLPEN_PG" "CREATE ROLE carol LOGIN"
expect_rc 1 "$BULLPEN" --db "host=$PG_DIR user=carol dbname=desk" articles
contains "$ERR" "permission denied for table" "the server's refusal"
contains "$ERR" '(the role carol is not given this store'"'"'s tables: README, "Setting up a desk")' \
    "the role named, and the README's steps"
is_error_line

# Rules before the fetch: alice's shared one and a private one of hers.
expect_rc 0 alice alerts add --shared mention NVDA
shared_rule=$OUT
expect_rc 0 alice alerts add keyword cloud
private_rule=$OUT
expect_rc 0 bob alerts list --json
json "[r['id'] for r in j] == [$shared_rule]"
expect_rc 0 alice alerts list --json
json "sorted(r['id'] for r in j) == sorted([$shared_rule, $private_rule])"
# The text lists say what the desk shares.
expect_rc 0 alice alerts list
contains "$OUT" "mention NVDA  (shared)" "a shared rule in the text list"
not_contains "$OUT" "keyword cloud  (shared)" "a private rule in the text list"

# One fetch, run by bob: the articles are everybody's.
expect_rc 0 bob fetch
expect_rc 0 alice articles --json --limit 100
alice_ids=$(python3 -c 'import json,sys; print(" ".join(str(a["id"]) for a in json.load(sys.stdin)))' <<<"$OUT")
expect_rc 0 bob articles --json --limit 100
json "' '.join(str(a['id']) for a in j) == '$alice_ids'"
json "len(j) >= 3 and all(a['unread'] and not a['starred'] for a in j)"
set -- $alice_ids
a1=$1 a2=$2

# alice stars one and reads another: bob's stay as they were.
expect_rc 0 alice mark "$a1" --star
expect_rc 0 alice mark "$a2" --read
expect_rc 0 alice articles --json --limit 100
json "[(a['starred'], a['unread']) for a in j if a['id'] in ($a1, $a2)] == [(True, True), (False, False)]"
expect_rc 0 bob articles --json --limit 100
json "all(a['unread'] and not a['starred'] for a in j)"
# The view's unread filter, as the workstation's list runs it, per user.
[ "$(pg_sql "$BOB" "SELECT count(*) FROM articles WHERE unread <> 0")" = $# ] ||
    fail "bob's unread articles"
[ "$(pg_sql "$ALICE" "SELECT string_agg(id::text, ' ') FROM articles WHERE unread = 0")" = "$a2" ] ||
    fail "alice's read articles"

# The shared rule fired for bob's fetch and is in both inboxes; alice's
# private rule was not bob's to fire.
expect_rc 0 bob alerts log --json
json "len(j) > 0 and all(e['rule_id'] == $shared_rule and not e['seen'] for e in j)"
fired=$(python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' <<<"$OUT")
expect_rc 0 alice alerts log --json
json "len(j) == $fired and all(e['rule_id'] == $shared_rule and not e['seen'] for e in j)"
# Seen apart: bob's --seen leaves alice's unseen.
expect_rc 0 bob alerts log --seen
expect_rc 0 bob alerts log --json
json "all(e['seen'] for e in j)"
expect_rc 0 alice alerts log --json
json "len(j) == $fired and not any(e['seen'] for e in j)"

# Positions are alice's alone.
expect_rc 0 alice portfolio add NVDA 10 --cost 100
expect_rc 0 bob portfolio list --json
json "j['positions'] == [] if isinstance(j, dict) else j == []"
expect_rc 1 bob portfolio rm NVDA
expect_rc 0 alice portfolio list --json
contains "$OUT" "NVDA" "alice's position"

# Watchlist: private unless shared.
expect_rc 0 alice watch add AAPL
expect_rc 0 alice watch add --shared MSFT
contains "$OUT" "the desk is watching MSFT" "watch add --shared"
expect_rc 0 bob watch list --json
json "[w['symbol'] for w in j] == ['MSFT']"
expect_rc 1 bob watch rm AAPL
expect_rc 0 alice watch list --json
json "[w['symbol'] for w in j] == ['AAPL', 'MSFT']"
expect_rc 0 alice watch list
[ "$(grep -c '(shared)' <<<"$OUT")" = 1 ] && contains "$(grep MSFT <<<"$OUT")" "(shared)" "MSFT shared" ||
    fail "the shared symbols in the text list: $OUT"
# Sharing a symbol the desk shares already is a note.
expect_rc 0 bob watch add --shared MSFT
contains "$ERR" "on the desk's shared watchlist already" "sharing twice"

# Round bullpen, as bob in psql: alice's private rows are not there to read
# or change, and a row in her name is refused.
sql_bob() { pg_sql "$BOB" "$1" 2>&1; }
[ "$(sql_bob "SELECT count(*) FROM article_marks")" = 0 ] || fail "bob reads alice's marks"
[ "$(sql_bob "SELECT count(*) FROM position_rows")" = 0 ] || fail "bob reads alice's positions"
[ "$(sql_bob "SELECT string_agg(symbol, ',' ORDER BY symbol) FROM watchlist_rows")" = MSFT ] ||
    fail "bob reads alice's private watchlist"
[ "$(sql_bob "SELECT count(*) FROM alert_rule_rows WHERE id = $private_rule")" = 0 ] ||
    fail "bob reads alice's private rule"
sql_bob "UPDATE article_marks SET starred = 0; UPDATE position_rows SET quantity = 0;
    DELETE FROM watchlist_rows WHERE symbol = 'AAPL'; DELETE FROM alert_rule_rows WHERE id = $private_rule;
    DELETE FROM alert_seen" >/dev/null
# refused SQL WHY WHAT: bob's SQL fails, saying WHY.
refused() { OUT=$(sql_bob "$1"); contains "$OUT" "$2" "$3"; }
rls="row-level security"
refused "INSERT INTO position_rows(owner, symbol, quantity, updated) VALUES ('alice', 'TSLA', 1, 0)" \
    "$rls" "bob writes a position in alice's name"
refused "INSERT INTO article_marks(usr, article_id, feed_id, unread) VALUES ('alice', $a1, 1, 0)" \
    "$rls" "bob writes a mark in alice's name"
refused "UPDATE watchlist_rows SET shared = 0 WHERE symbol = 'MSFT'" \
    "$rls" "bob takes the desk's symbol for alice"
# Through the views (the migrating superuser's, which row-level security
# does not hold) the views' own conditions refuse the same.
check="violates check option"
refused "INSERT INTO positions(owner, symbol, quantity, updated) VALUES ('alice', 'TSLA', 1, 0)" \
    "$check" "bob gives a position to alice through the view"
refused "UPDATE alert_events SET rule_id = $private_rule" \
    "$check" "bob moves an alert into alice's private rule"
refused "UPDATE alert_rules SET shared = 0 WHERE id = $shared_rule" \
    "$check" "bob makes the desk's rule alice's private one"
# And alice's state is as she left it.
expect_rc 0 alice articles --json --limit 100
json "[(a['starred'], a['unread']) for a in j if a['id'] in ($a1, $a2)] == [(True, True), (False, False)]"
expect_rc 0 alice portfolio list --json
contains "$OUT" "NVDA" "alice's position after bob's psql"
expect_rc 0 alice watch list --json
json "[w['symbol'] for w in j] == ['AAPL', 'MSFT']"
expect_rc 0 alice alerts list --json
json "sorted(r['id'] for r in j) == sorted([$shared_rule, $private_rule])"
expect_rc 0 alice alerts log --json
json "len(j) == $fired and not any(e['seen'] for e in j)"

# One role for two people: store.user tells them apart (the server only
# knows the role).
DESK=$(pg_analyst "$PGDB" desk)
printf 'store.user = carol\n' >"$T/carol.cfg"
printf 'store.user = dave\n' >"$T/dave.cfg"
expect_rc 0 "$BULLPEN" --db "$DESK" --config "$T/carol.cfg" mark "$a1" --star --read
expect_rc 0 "$BULLPEN" --db "$DESK" --config "$T/carol.cfg" articles --json --limit 100
json "[a['id'] for a in j if a['starred'] or not a['unread']] == [$a1]"
expect_rc 0 "$BULLPEN" --db "$DESK" --config "$T/dave.cfg" articles --json --limit 100
json "all(a['unread'] and not a['starred'] for a in j)"
[ "$(pg_sql "$PGDB" "SELECT usr FROM article_marks WHERE usr LIKE 'desk%'")" = desk/carol ] ||
    fail "carol's marks are not desk/carol's"
printf 'store.user = "carol smith"\n' >"$T/bad.cfg"
expect_rc 1 "$BULLPEN" --db "$DESK" --config "$T/bad.cfg" articles
contains "$ERR" "store.user" "a bad store.user is named"

# On SQLite there is one user and nothing to share.
expect_rc 1 "$BULLPEN" --db "$T/one.db" watch add --shared NVDA
is_error_line
contains "$ERR" "only a PostgreSQL store is shared by a desk" "--shared on SQLite"
expect_rc 0 "$BULLPEN" --db "$T/one.db" watch list --json
json "j == []"

finish
