/* Opening a store in a PostgreSQL database: telling a bullpen database
 * from any other before anything is written, and the migrations.
 *
 * A bullpen database holds `bullpen_meta`, one row: the application
 * marker ("bullpen") and the schema version (PostgreSQL's own count,
 * storage/schema_pg.c). A database with neither that table nor any other
 * is new and gets the schema; one with other tables and no marker, or
 * another application's marker, is refused untouched; one of a newer
 * version is refused. Migrating takes a transaction-level advisory lock,
 * so two bullpens opening a new database at once migrate it once. */
#include "storage/internal.h"
#include "storage/stories.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"

#define APPLICATION "bullpen"
/* "BPN1", as SQLite's application_id: the advisory lock's key. */
#define MIGRATION_LOCK 0x42504E31

/* What a database says about itself. */
struct identity {
    int marked;      /* bullpen_meta exists */
    int ours;        /* ... and names this application */
    int64_t version; /* its schema version */
    int64_t tables;  /* tables and views outside the system schemas */
};

/* One round trip for a store's every open, and no error on a database
 * without the marker (a new one, or another program's), which the server
 * would log: query_to_xml runs the marker's row's query when its table
 * exists, else the count of the other tables. Either is parsed and planned
 * only when it runs, inside query_to_xml, so an open plans no catalog join
 * it does not run: 1.0 to 1.5 ms of the server's time on a new connection,
 * where the row read that way beside a planned (not run) count took 2.7 to
 * 2.9 ms. query_to_xml is volatile, so its subquery runs once, not once
 * per column read from it. */
static const char SQL_PROBE[] =
    "SELECT m.marked, substring(m.x from '<tables>([0-9]+)</tables>'),"
    " substring(m.x from '<application>([^<]*)</application>'),"
    " substring(m.x from '<schema_version>([0-9]+)</schema_version>')"
    " FROM (SELECT r.marked, query_to_xml(CASE WHEN r.marked"
    "  THEN 'SELECT application, schema_version FROM bullpen_meta LIMIT 1'"
    "  ELSE 'SELECT count(*) AS tables FROM pg_catalog.pg_class c"
    "   JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
    "   WHERE c.relkind IN (''r'', ''p'', ''v'', ''m'', ''f'')"
    "   AND n.nspname <> ''information_schema'' AND n.nspname NOT LIKE ''pg\\_%''' END,"
    "  false, false, '')::text AS x"
    " FROM (SELECT to_regclass('bullpen_meta') IS NOT NULL AS marked) r) m";
static const char SQL_META_TABLE[] =
    "CREATE TABLE bullpen_meta (application text NOT NULL, schema_version bigint NOT NULL)";
static const char SQL_MARK_NEW[] =
    "INSERT INTO bullpen_meta(application, schema_version) VALUES (?, 0)";
static const char SQL_MARK_VERSION[] = "UPDATE bullpen_meta SET schema_version = ?";
static const char SQL_LOCK[] = "SELECT pg_advisory_xact_lock(?)";

/* store.user, for every connection this process opens (store.h). */
static char desk_user[64];

int store_set_desk_user(const char *name)
{
    if (!name) name = "";
    if (strlen(name) >= sizeof desk_user) return err_set("store.user: '%s' is too long", name);
    snprintf(desk_user, sizeof desk_user, "%s", name);
    return 0;
}

static int read_identity(struct store *s, struct identity *id)
{
    memset(id, 0, sizeof *id);
    struct db_stmt *st = store_prep(s, SQL_PROBE);
    if (!st) return -1;
    if (db_step(st) != DB_ROW) return store_fail(s, "reading the database");
    id->marked = db_column_int(st, 0);
    id->tables = db_column_int64(st, 1);
    const unsigned char *app = db_column_text(st, 2);
    id->ours = app && !strcmp((const char *)app, APPLICATION);
    id->version = db_column_int64(st, 3);
    db_reset(st);
    return 0;
}

/* Errors name the database, as store_fail's do. */
static int judge_identity(struct store *s, const struct identity *id)
{
    if (!id->marked && !id->tables) return 0; /* new */
    if (!id->marked || !id->ours)
        return err_set("%s: not a bullpen store (a PostgreSQL database of another program)",
                       s->path);
    if (id->version > store_pg_n_migrations)
        return err_set("%s: written by a newer bullpen (schema %lld; this build knows up to %d)",
                       s->path, (long long)id->version, store_pg_n_migrations);
    return 0;
}

static int run(struct store *s, const char *sql, const char *bind, int64_t num)
{
    struct db_stmt *st = store_prep(s, sql);
    if (!st) return -1;
    if (bind)
        db_bind_static(st, 1, bind);
    else if (num >= 0)
        db_bind_int64(st, 1, num);
    return store_step_done(s, st, "migrating the store");
}

static int migrate_locked(struct store *s)
{
    struct identity id;
    if (run(s, SQL_LOCK, NULL, MIGRATION_LOCK) || read_identity(s, &id) || judge_identity(s, &id))
        return -1;
    if (!id.marked && (store_exec(s, SQL_META_TABLE, "migrating the store") ||
                       run(s, SQL_MARK_NEW, APPLICATION, -1)))
        return -1;
    for (int64_t v = id.version; v < store_pg_n_migrations; v++) {
        if (store_exec(s, store_pg_migrations[v], "migrating the store")) return -1;
        /* Migration 2 adds the story keys, which only C computes. */
        if (v == 1 && id.version > 0 && store_story_key_all(s)) return -1;
    }
    if (id.version < store_pg_n_migrations && run(s, SQL_MARK_VERSION, NULL, store_pg_n_migrations))
        return -1;
    return 0;
}

static int migrate(struct store *s)
{
    struct identity id;
    if (read_identity(s, &id) || judge_identity(s, &id)) return -1;
    if (id.marked && id.version == store_pg_n_migrations) return 0;
    /* A reader's connection is read-only by default. */
    if (db_exec(s->db, "BEGIN READ WRITE") != DB_OK) return store_fail(s, "migrating the store");
    if (migrate_locked(s)) {
        db_rollback(s->db);
        return -1;
    }
    if (db_commit(s->db) != DB_OK) {
        store_fail(s, "migrating the store");
        db_rollback(s->db);
        return -1;
    }
    return 0;
}

struct store *store_open_pg(const char *target, int flags)
{
    struct store *s = calloc(1, sizeof *s);
    if (!s) {
        err_set("out of memory");
        return NULL;
    }
    /* The connection names its user (bullpen_user() in schema_pg.c's m4)
     * as it starts, so what a new store is given is theirs. */
    if (!(s->db = db_open_postgres(target, flags & STORE_READONLY, desk_user[0] ? desk_user : NULL,
                                   &s->path))) {
        free(s);
        return NULL;
    }
    if (!(s->target = strdup(target))) {
        err_set("out of memory");
        store_close(s);
        return NULL;
    }
    /* A reader of an older schema gets it brought up to date too: the
     * queries of this build need it, and a server database can always be
     * written by someone. */
    if (migrate(s)) {
        store_close(s);
        return NULL;
    }
    s->readonly = (flags & STORE_READONLY) != 0;
    return s;
}
