/* Errors, the statement cache (storage/db.c) with err set, the shared row
 * reader, transactions and settings. */
#include "storage/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/str.h"

int store_fail(struct store *s, const char *what)
{
    /* One store-wide reason, whatever was being written. */
    if (db_error_readonly(s->db)) return err_set("%s: store is read-only", s->path);
    /* A server's error names the server: the one line says where; a
     * pipelined statement's names what that statement was for. */
    if (db_engine(s->db) == DB_POSTGRES) {
        if (db_error_what(s->db)) what = db_error_what(s->db);
        /* An analyst whose role the desk's owner has not given its
         * privileges: say who, and where the grants are written down. */
        const char *role = db_error_denied_role(s->db);
        if (role)
            return err_set("%s: %s: %s (the role %s is not given this store's tables: README, "
                           "\"Setting up a desk\")",
                           s->path, what, db_errmsg(s->db), role);
        return err_set("%s: %s: %s", s->path, what, db_errmsg(s->db));
    }
    return err_set("%s: %s", what, db_errmsg(s->db));
}

int store_one_user(struct store *s)
{
    return err_set("%s: only a PostgreSQL store is shared by a desk; this one has one user",
                   s->path);
}

int store_exec(struct store *s, const char *sql, const char *what)
{
    if (db_exec(s->db, sql) != DB_OK) return store_fail(s, what);
    return 0;
}

struct db_stmt *store_prep(struct store *s, const char *sql)
{
    struct db_stmt *st = db_prepare(s->db, sql);
    if (!st) store_fail(s, "preparing a query");
    return st;
}

struct db_stmt *store_prep_text(struct store *s, const char *sql)
{
    struct db_stmt *st = db_prepare_text(s->db, sql);
    if (!st) store_fail(s, "preparing a query");
    return st;
}

int store_step_done(struct store *s, struct db_stmt *st, const char *what)
{
    int rc = db_step(st);
    db_reset(st);
    if (rc != DB_DONE && rc != DB_ROW) return store_fail(s, what);
    return 0;
}

int store_step_later(struct store *s, struct db_stmt *st, const char *what)
{
    return db_step_later(st, what) == DB_DONE ? 0 : store_fail(s, what);
}

struct db_stmt *store_prep_insert(struct store *s, const char *sql)
{
    struct db_stmt *st = db_prepare_insert(s->db, sql);
    if (!st) store_fail(s, "preparing a query");
    return st;
}

int store_step_id(struct store *s, struct db_stmt *st, int64_t *id, const char *what)
{
    int rc = db_step_insert(st, id);
    db_reset(st);
    if (rc != DB_DONE) return store_fail(s, what);
    return 0;
}

int store_read_rows(struct store *s, struct db_stmt *st, size_t elem,
                    void (*fill)(struct db_stmt *st, void *row), void (*drop)(void *rows, size_t n),
                    void *out, size_t *n, const char *what)
{
    void **rows = out;
    size_t cap = 0;
    int rc, failed = 0;
    *rows = NULL;
    *n = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        if (array_room(rows, *n, &cap, elem)) {
            failed = 1;
            break;
        }
        void *row = (char *)*rows + *n * elem;
        memset(row, 0, elem);
        fill(st, row);
        (*n)++;
    }
    if (!failed && rc != DB_DONE) failed = store_fail(s, what);
    db_reset(st);
    if (!failed) return 0;
    drop(*rows, *n);
    *rows = NULL;
    *n = 0;
    return -1;
}

void store_set_interactive(struct store *s)
{
    db_set_reconnect_wait(s->db, 250);
}

int store_tune_writer(struct store *s, int cache_mb)
{
    /* The server keeps its own cache. */
    if (db_engine(s->db) == DB_POSTGRES) return 0;
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA cache_size=%d", -cache_mb * 1024);
    return store_exec(s, sql, "tuning the store");
}

char *store_col_dup(struct db_stmt *st, int i)
{
    const unsigned char *t = db_column_text(st, i);
    return t ? xstrdup((const char *)t) : NULL;
}

int store_begin(struct store *s)
{
    /* SQLite starts a write transaction on a read-only connection and
     * refuses only its first write; say so before any work is done. */
    if (s->readonly) return err_set("%s: store is read-only", s->path);
    if (db_begin(s->db) != DB_OK) return store_fail(s, "starting a transaction");
    s->txn++;
    return 0;
}

int store_commit(struct store *s)
{
    store_agg_tickers_forget(s);
    if (store_agg_flush(s)) {
        store_rollback(s);
        return -1;
    }
    if (db_commit(s->db) != DB_OK) return store_fail(s, "committing");
    return 0;
}

void store_rollback(struct store *s)
{
    store_agg_discard(s);
    store_agg_tickers_forget(s);
    db_rollback(s->db);
}

/* A part of a transaction has no savepoint: one journals the pages it
 * changes that were there before it began (the indexes' pages, most of a
 * feed's) so it can put them back, about 6 MB for a feed of 500 articles,
 * written to a temporary file and dropped at its release: at 200 x 500,
 * 1.35 GB of writes, and its release flushed the full-text index's pending
 * terms, a segment a feed. A part that fails takes its transaction with it
 * instead (store.h). */
int store_in_txn(struct store *s)
{
    return !db_autocommit(s->db);
}

static const char SQL_EMPTY[] =
    "SELECT NOT EXISTS (SELECT 1 FROM articles) AND NOT EXISTS (SELECT 1 FROM feeds)";

int store_is_empty(struct store *s)
{
    struct db_stmt *st = store_prep(s, SQL_EMPTY);
    if (!st) return 0;
    int empty = db_step(st) == DB_ROW && db_column_int(st, 0);
    db_reset(st);
    return empty;
}

static const char SQL_META_GET[] = "SELECT value FROM meta WHERE key = ?";
static const char SQL_META_SET[] = "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO "
                                   "UPDATE SET value = excluded.value";

char *store_meta_get(struct store *s, const char *key)
{
    struct db_stmt *st = store_prep(s, SQL_META_GET);
    if (!st) return NULL;
    db_bind_static(st, 1, key);
    char *v = db_step(st) == DB_ROW ? store_col_dup(st, 0) : NULL;
    db_reset(st);
    return v;
}

int store_meta_set(struct store *s, const char *key, const char *value)
{
    struct db_stmt *st = store_prep(s, SQL_META_SET);
    if (!st) return -1;
    db_bind_static(st, 1, key);
    db_bind_text(st, 2, value);
    return store_step_done(s, st, "saving a setting");
}
