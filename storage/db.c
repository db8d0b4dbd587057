/* The statement interface of storage/db.h: its cache, and each call handed
 * to the connection's engine (SQLite's is SQLite's own C interface). */
#include "storage/db_int.h"

#include <stdlib.h>
#include <string.h>

#include "core/str.h"

struct db *db_from_sqlite(struct sqlite3 *lite)
{
    struct db *db = calloc(1, sizeof *db);
    if (!db) {
        sqlite3_close(lite);
        return NULL;
    }
    db->engine = DB_SQLITE;
    db->lite = lite;
    return db;
}

int db_is_postgres(const char *target)
{
    return db_pg_is_target(target);
}

struct db *db_open_postgres(const char *target, int readonly, const char *user, char **name)
{
    return db_pg_open(target, readonly, user, name);
}

struct sqlite3 *db_sqlite(struct db *db)
{
    return db->lite;
}

enum db_engine db_engine(const struct db *db)
{
    return db->engine;
}

void db_finalize(struct db_stmt *st)
{
    if (!st) return;
    if (st->lite)
        sqlite3_finalize(st->lite);
    else
        db_pg_finalize(st);
    free(st);
}

void db_close(struct db *db)
{
    if (!db) return;
    /* PostgreSQL's prepared statements end with the connection. */
    if (!db->lite) db_pg_close(db);
    for (int i = 0; i < db->n_cache; i++) {
        db_finalize(db->cache[i].st);
        if (db->cache[i].owned) free((char *)db->cache[i].sql);
    }
    sqlite3_close(db->lite);
    free(db);
}

/* A new statement; with returning_id, PostgreSQL's says RETURNING id. */
static struct db_stmt *prepare_new(struct db *db, const char *sql, int returning_id)
{
    struct db_stmt *st = calloc(1, sizeof *st);
    if (!st) return NULL;
    st->db = db;
    int rc;
    if (db->lite) {
        rc = sqlite3_prepare_v3(db->lite, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->lite, NULL);
    } else if (returning_id) {
        struct sbuf q = {0};
        rc = sbuf_printf(&q, "%s RETURNING id", sql) ? DB_ERROR : db_pg_prepare(st, q.p);
        sbuf_free(&q);
    } else {
        rc = db_pg_prepare(st, sql);
    }
    if (rc != DB_OK) {
        db_finalize(st);
        return NULL;
    }
    return st;
}

struct db_stmt *db_prepare_once(struct db *db, const char *sql)
{
    return prepare_new(db, sql, 0);
}

static struct db_stmt *prep(struct db *db, const char *sql, int owned, int returning_id)
{
    for (int i = 0; i < db->n_cache; i++) {
        if (db->cache[i].sql == sql ||
            (owned && db->cache[i].owned && !strcmp(db->cache[i].sql, sql))) {
            struct db_stmt *st = db->cache[i].st;
            if (st->lite) {
                sqlite3_reset(st->lite);
                sqlite3_clear_bindings(st->lite);
            } else {
                db_pg_reset(st);
                db_pg_clear_bindings(st);
            }
            return st;
        }
    }
    struct db_stmt *st = prepare_new(db, sql, returning_id);
    if (!st) return NULL;
    if (db->n_cache == DB_STMT_CACHE) {
        /* Full: evict the oldest. Rare; the cache is sized for every query. */
        db_finalize(db->cache[0].st);
        if (db->cache[0].owned) free((char *)db->cache[0].sql);
        memmove(&db->cache[0], &db->cache[1], sizeof db->cache[0] * (DB_STMT_CACHE - 1));
        db->n_cache--;
    }
    if (owned && !(sql = xstrdup(sql))) {
        db_finalize(st);
        return NULL;
    }
    db->cache[db->n_cache].sql = sql;
    db->cache[db->n_cache].st = st;
    db->cache[db->n_cache].owned = owned;
    db->n_cache++;
    return st;
}

struct db_stmt *db_prepare(struct db *db, const char *sql)
{
    return prep(db, sql, 0, 0);
}

struct db_stmt *db_prepare_text(struct db *db, const char *sql)
{
    return prep(db, sql, 1, 0);
}

struct db_stmt *db_prepare_insert(struct db *db, const char *sql)
{
    return prep(db, sql, 0, 1);
}

int db_step_insert(struct db_stmt *st, int64_t *id)
{
    *id = 0;
    if (st->lite) {
        int rc = sqlite3_step(st->lite);
        if (rc == SQLITE_DONE && sqlite3_changes(st->db->lite) > 0)
            *id = sqlite3_last_insert_rowid(st->db->lite);
        return rc;
    }
    int rc = db_pg_step(st);
    if (rc == DB_ROW) {
        *id = db_pg_column_int64(st, 0);
        rc = db_pg_step(st);
    }
    if (rc != DB_DONE) *id = 0;
    return rc;
}

int db_step_later(struct db_stmt *st, const char *what)
{
    if (!st->lite) return db_pg_step_later(st, what);
    int rc = sqlite3_step(st->lite);
    sqlite3_reset(st->lite);
    return rc == SQLITE_ROW ? DB_DONE : rc;
}

int db_bind_int64(struct db_stmt *st, int i, int64_t v)
{
    if (!st->lite) return db_pg_bind_int64(st, i, v);
    return sqlite3_bind_int64(st->lite, i, v);
}

int db_bind_int(struct db_stmt *st, int i, int v)
{
    if (!st->lite) return db_pg_bind_int64(st, i, v);
    return sqlite3_bind_int(st->lite, i, v);
}

int db_bind_double(struct db_stmt *st, int i, double v)
{
    if (!st->lite) return db_pg_bind_double(st, i, v);
    return sqlite3_bind_double(st->lite, i, v);
}

int db_bind_null(struct db_stmt *st, int i)
{
    if (!st->lite) return db_pg_bind_text(st, i, NULL, 0);
    return sqlite3_bind_null(st->lite, i);
}

int db_bind_text(struct db_stmt *st, int i, const char *v)
{
    if (!st->lite) return db_pg_bind_text(st, i, v, 1);
    if (!v) return sqlite3_bind_null(st->lite, i);
    return sqlite3_bind_text(st->lite, i, v, -1, SQLITE_TRANSIENT);
}

int db_bind_static(struct db_stmt *st, int i, const char *v)
{
    if (!st->lite) return db_pg_bind_text(st, i, v, 0);
    if (!v) return sqlite3_bind_null(st->lite, i);
    return sqlite3_bind_text(st->lite, i, v, -1, SQLITE_STATIC);
}

int db_bind_blob(struct db_stmt *st, int i, const void *v, int n)
{
    if (!st->lite) return db_pg_bind_blob(st, i, v, n);
    if (!v) return sqlite3_bind_null(st->lite, i);
    return sqlite3_bind_blob(st->lite, i, v, n, SQLITE_STATIC);
}

int db_bind_parameter_index(struct db_stmt *st, const char *name)
{
    if (!st->lite) return db_pg_bind_parameter_index(st, name);
    return sqlite3_bind_parameter_index(st->lite, name);
}

int db_step(struct db_stmt *st)
{
    if (!st->lite) return db_pg_step(st);
    return sqlite3_step(st->lite);
}

int db_reset(struct db_stmt *st)
{
    if (!st->lite) return db_pg_reset(st);
    return sqlite3_reset(st->lite);
}

int64_t db_column_int64(struct db_stmt *st, int i)
{
    if (!st->lite) return db_pg_column_int64(st, i);
    return sqlite3_column_int64(st->lite, i);
}

int db_column_int(struct db_stmt *st, int i)
{
    if (!st->lite) return (int)db_pg_column_int64(st, i);
    return sqlite3_column_int(st->lite, i);
}

double db_column_double(struct db_stmt *st, int i)
{
    if (!st->lite) return db_pg_column_double(st, i);
    return sqlite3_column_double(st->lite, i);
}

const unsigned char *db_column_text(struct db_stmt *st, int i)
{
    if (!st->lite) return db_pg_column_text(st, i);
    return sqlite3_column_text(st->lite, i);
}

int db_column_type(struct db_stmt *st, int i)
{
    if (!st->lite) return db_pg_column_type(st, i);
    return sqlite3_column_type(st->lite, i);
}

const void *db_column_blob(struct db_stmt *st, int i)
{
    if (!st->lite) return db_pg_column_blob(st, i);
    return sqlite3_column_blob(st->lite, i);
}

int db_column_count(struct db_stmt *st)
{
    if (!st->lite) return db_pg_column_count(st);
    return sqlite3_column_count(st->lite);
}

int db_column_bytes(struct db_stmt *st, int i)
{
    if (!st->lite) return db_pg_column_bytes(st, i);
    return sqlite3_column_bytes(st->lite, i);
}

int db_exec(struct db *db, const char *sql)
{
    if (!db->lite) return db_pg_exec(db, sql);
    return sqlite3_exec(db->lite, sql, NULL, NULL, NULL);
}

int db_begin(struct db *db)
{
    /* PostgreSQL's writers lock rows, not the database: a plain BEGIN. */
    return db_exec(db, db->lite ? "BEGIN IMMEDIATE" : "BEGIN");
}

int db_commit(struct db *db)
{
    return db_exec(db, "COMMIT");
}

void db_rollback(struct db *db)
{
    if (!db_autocommit(db)) db_exec(db, "ROLLBACK");
}

int db_autocommit(struct db *db)
{
    if (!db->lite) return db_pg_autocommit(db);
    return sqlite3_get_autocommit(db->lite);
}

int64_t db_changes(struct db *db)
{
    if (!db->lite) return db->changes;
    return sqlite3_changes(db->lite);
}

int db_listen(struct db *db, const char *channel)
{
    return db->lite ? DB_ERROR : db_pg_listen(db, channel);
}

int db_notices(struct db *db, const char *user)
{
    return db->lite ? 0 : db_pg_notices(db, user);
}

int db_socket(struct db *db)
{
    return db->lite ? -1 : db_pg_socket(db);
}

void db_set_reconnect_wait(struct db *db, int ms)
{
    if (!db->lite) db->revive_wait_ms = ms;
}

const char *db_errmsg(struct db *db)
{
    if (!db->lite) return db_pg_errmsg(db);
    return sqlite3_errmsg(db->lite);
}

const char *db_error_what(struct db *db)
{
    return db->lite ? NULL : db->err_what;
}

const char *db_error_denied_role(struct db *db)
{
    return !db->lite && db->err_denied ? db_pg_user(db) : NULL;
}

int db_error_readonly(struct db *db)
{
    /* A write refused because the connection is read-only (the store is on
     * a read-only medium or directory, or was opened to read), as opposed
     * to a file that was moved or replaced under the connection. */
    if (!db->lite) return db->err_readonly;
    int code = sqlite3_extended_errcode(db->lite);
    return (code & 0xff) == SQLITE_READONLY && code != SQLITE_READONLY_DBMOVED;
}
