#!/usr/bin/env bash
# README's "Setting up a desk", command by command, on a throwaway
# PostgreSQL server (tests/pg.sh): the admin's roles and database, the
# fetcher's first run creating the schema owned by its role, its cron line
# and its systemd unit's command fetching, an analyst reaching the desk
# through a service file and store.url, and a personal store moved in and
# the desk taken home with store copy. Each command run here is checked to
# be the one README shows, so the two cannot drift apart.
source "${BULLPEN_TESTLIB:?run through ctest, which sets it}" || exit 1
command -v curl >/dev/null || { echo "SKIP: curl missing"; exit 77; }
README="$BULLPEN_SRC/README.md"
# The section alone.
SECTION=$(sed -n '/^### Setting up a desk/,/^## /p' "$README")
[ -n "$SECTION" ] || { fail "README has no 'Setting up a desk' section"; finish; }
documented() { grep -qF -- "$1" <<<"$SECTION" || fail "README does not show: $1"; }

mkdir -p "$T/www"
cp "$BULLPEN_FIXTURES"/feeds/{rss2.xml,atom10.xml,portfolio_news.xml} "$T/www/"
start_server --root "$T/www"
cat >"$T/desk.opml" <<EOF
<?xml version="1.0"?>
<opml version="2.0"><body>
<outline type="rss" text="Wire" xmlUrl="$SRV/rss2.xml"/>
<outline type="rss" text="Portfolio" xmlUrl="$SRV/portfolio_news.xml"/>
</body></opml>
EOF
source "$BULLPEN_SRC/tests/pg.sh"
pg_start
# README's commands run as written: `bullpen` is this build.
mkdir -p "$T/bin"
ln -s "$BULLPEN" "$T/bin/bullpen"
export PATH="$T/bin:$PATH"
cd "$T"

# The admin, as the server's superuser; a second analyst, bob, made the
# same way as alice.
admin=(
    'psql -d postgres -c "CREATE ROLE desk LOGIN"'
    'psql -d postgres -c "CREATE DATABASE desk OWNER desk"'
    'psql -d postgres -c "CREATE ROLE analysts"'
    'psql -d desk -c "ALTER DEFAULT PRIVILEGES FOR ROLE desk GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO analysts"'
    'psql -d desk -c "ALTER DEFAULT PRIVILEGES FOR ROLE desk GRANT USAGE ON SEQUENCES TO analysts"'
    'psql -d postgres -c "CREATE ROLE alice LOGIN IN ROLE analysts"')
for line in "${admin[@]}"; do
    documented "$line"
    expect_rc 0 env PGHOST="$PG_DIR" PGUSER=bullpen bash -c "$line"
done
expect_rc 0 env PGHOST="$PG_DIR" PGUSER=bullpen bash -c "${admin[5]//alice/bob}"

# The fetcher's service and password files (README's lines, this server).
mkdir -p "$T/etc"
printf '[desk]\nhost=%s\ndbname=desk\nuser=desk\n' "$PG_DIR" >"$T/etc/pg_service.conf"
printf '*:*:desk:desk:unused\n' >"$T/etc/pgpass"
chmod 600 "$T/etc/pgpass"
for line in '[desk]' 'dbname=desk' 'user=alice'; do documented "$line"; done
fetcher() { env PGSERVICEFILE="$T/etc/pg_service.conf" PGPASSFILE="$T/etc/pgpass" "$@"; }

# Its first run creates the schema, owned by its role: the command as
# README shows it, with this test's paths for /etc/bullpen and without
# sudo (this test is its user).
line='sudo -u bullpen env PGSERVICEFILE=/etc/bullpen/pg_service.conf PGPASSFILE=/etc/bullpen/pgpass bullpen --db service=desk feeds import desk.opml'
documented "$line"
line=${line#sudo -u bullpen env }
expect_rc 0 env -u PGSERVICEFILE -u PGPASSFILE bash -c "${line//\/etc\/bullpen/$T/etc}"
expect_rc 0 fetcher bullpen --db service=desk feeds list --json
json 'len(j) == 2'
owner=$(psql -X -q -A -t -d "host=$PG_DIR user=bullpen dbname=desk" \
    -c "SELECT tableowner FROM pg_tables WHERE tablename = 'feeds'")
[ "$owner" = desk ] || fail "the schema is owned by '$owner', not desk"

# The cron line's command, with this test's paths for /etc/bullpen.
cron=$(grep -F '*/5 * * * * ' <<<"$SECTION" | sed 's/^ *//')
[ -n "$cron" ] || fail "README shows no cron line"
cmd=${cron#\*/5 \* \* \* \* }
cmd=${cmd//\/etc\/bullpen/$T/etc}
# As cron runs it: its PATH, the program named by its full path.
[[ "$cmd" == *" /usr/local/bin/bullpen "* ]] ||
    fail "the cron line does not name the program by its path (cron's PATH is /usr/bin:/bin): $cron"
cmd=${cmd/\/usr\/local\/bin\/bullpen/$BULLPEN}
expect_rc 0 env PATH=/usr/bin:/bin bash -c "$cmd"

# The analyst: a service file in HOME, a password file, store.url.
printf '[desk]\nhost=%s\ndbname=desk\nuser=alice\n' "$PG_DIR" >"$HOME/.pg_service.conf"
printf '*:*:desk:alice:unused\n' >"$HOME/.pgpass"
chmod 600 "$HOME/.pgpass"
mkdir -p "$XDG_CONFIG_HOME/bullpen"
documented 'store.url = service=desk'
echo 'store.url = service=desk' >"$XDG_CONFIG_HOME/bullpen/config"
expect_rc 0 "$BULLPEN" articles --json
json 'len(j) > 0'
fetched=$(python3 -c 'import json,sys; print(len(json.loads(sys.argv[1])))' "$OUT")
expect_rc 0 "$BULLPEN" mark 1 --star # alice writes through her role
expect_rc 0 "$BULLPEN" portfolio add NVDA 10 --cost 100

# bob keeps his own state; and neither analyst reaches the other's
# private rows round bullpen, not even by turning row-level security off
# as the tables' owner may.
bob_db="host=$PG_DIR dbname=desk user=bob"
expect_rc 0 "$BULLPEN" --db "$bob_db" portfolio list --json
json 'j["positions"] == []'
expect_rc 0 "$BULLPEN" --db "$bob_db" articles --json --limit 500
json 'sum(a["starred"] for a in j) == 0'
rows=$(psql -X -q -A -t -d "$bob_db" -c "SELECT count(*) FROM position_rows" 2>&1)
[ "$rows" = 0 ] || fail "bob reads alice's positions in psql: $rows"
psql -X -q -A -t -d "$bob_db" -c "ALTER TABLE position_rows NO FORCE ROW LEVEL SECURITY" \
    >/dev/null 2>&1 && fail "bob may turn row-level security off on position_rows"

# The systemd unit's command, with its environment: a new feed of the desk
# is fetched by its first pass; SIGTERM stops it cleanly.
unit_env=$(grep '^    Environment=' <<<"$SECTION" | sed 's/^    Environment=//')
exec_start=$(grep '^    ExecStart=' <<<"$SECTION" | sed 's/^    ExecStart=//')
[ -n "$unit_env" ] && [ -n "$exec_start" ] || fail "README shows no unit"
expect_rc 0 fetcher "$BULLPEN" --db service=desk feeds add --no-check "$SRV/atom10.xml"
unit_env=${unit_env//\/etc\/bullpen/$T/etc}
exec_start=${exec_start/\/usr\/local\/bin\/bullpen/bullpen}
env $unit_env $exec_start >"$T/unit.out" 2>&1 &
unit=$!
for _ in $(seq 1 100); do
    n=$("$BULLPEN" articles --json --limit 500 | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
    [ "$n" -gt "$fetched" ] && break
    sleep 0.2
done
[ "$n" -gt "$fetched" ] || fail "the unit's command fetched nothing new ($n articles)"
kill -TERM "$unit"
rc=0
wait "$unit" || rc=$?
[ "$rc" = 0 ] || fail "the unit's command exited $rc on SIGTERM: $(cat "$T/unit.out")"

# A personal store moved in, and the desk taken home.
mine="$HOME/.local/share/bullpen/bullpen.db"
expect_rc 0 "$BULLPEN" --db "$mine" import "$BULLPEN_FIXTURES/feeds/jsonfeed11.json" \
    --feed https://mine.example/feed.json
expect_rc 0 "$BULLPEN" --db "$mine" mark 1 --star
line='bullpen store copy ~/.local/share/bullpen/bullpen.db service=desk'
documented "$line"
expect_rc 0 bash -c "$line"
contains "$OUT" "read/starred marks  1 added" "the star moved in"
expect_rc 0 "$BULLPEN" articles --json --limit 500
json 'sum(a["starred"] for a in j) == 2'
total=$(python3 -c 'import json,sys; print(len(json.loads(sys.argv[1])))' "$OUT")
line='bullpen store copy service=desk ~/desk.db'
documented "$line"
expect_rc 0 bash -c "$line"
expect_rc 0 "$BULLPEN" --db "$HOME/desk.db" articles --json --limit 500
json "len(j) == $total and sum(a['starred'] for a in j) == 2"
finish
