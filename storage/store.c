/* The statement cache, the shared row reader, transactions and settings. */
#include "storage/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/str.h"

/* A write refused because the connection is read-only (the store is on a
 * read-only medium or directory, or was opened to read), as opposed to a
 * file that was moved or replaced under the connection. */
static int is_readonly_error(struct store *s)
{
    int code = sqlite3_extended_errcode(s->db);
    return (code & 0xff) == SQLITE_READONLY && code != SQLITE_READONLY_DBMOVED;
}

int store_fail(struct store *s, const char *what)
{
    /* One store-wide reason, whatever was being written. */
    if (is_readonly_error(s)) return err_set("%s: store is read-only", s->path);
    return err_set("%s: %s", what, sqlite3_errmsg(s->db));
}

int store_exec(struct store *s, const char *sql, const char *what)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        if (is_readonly_error(s))
            store_fail(s, what);
        else
            err_set("%s: %s", what, msg ? msg : sqlite3_errmsg(s->db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static sqlite3_stmt *prep(struct store *s, const char *sql, int owned)
{
    for (int i = 0; i < s->n_cache; i++) {
        if (s->cache[i].sql == sql ||
            (owned && s->cache[i].owned && !strcmp(s->cache[i].sql, sql))) {
            sqlite3_reset(s->cache[i].st);
            sqlite3_clear_bindings(s->cache[i].st);
            return s->cache[i].st;
        }
    }
    sqlite3_stmt *st;
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        store_fail(s, "preparing a query");
        return NULL;
    }
    if (s->n_cache == STORE_STMT_CACHE) {
        /* Full: evict the oldest. Rare; the cache is sized for every query. */
        sqlite3_finalize(s->cache[0].st);
        if (s->cache[0].owned) free((char *)s->cache[0].sql);
        memmove(&s->cache[0], &s->cache[1], sizeof s->cache[0] * (STORE_STMT_CACHE - 1));
        s->n_cache--;
    }
    if (owned && !(sql = xstrdup(sql))) {
        sqlite3_finalize(st);
        err_set("out of memory");
        return NULL;
    }
    s->cache[s->n_cache].sql = sql;
    s->cache[s->n_cache].st = st;
    s->cache[s->n_cache].owned = owned;
    s->n_cache++;
    return st;
}

sqlite3_stmt *store_prep(struct store *s, const char *sql)
{
    return prep(s, sql, 0);
}

sqlite3_stmt *store_prep_text(struct store *s, const char *sql)
{
    return prep(s, sql, 1);
}

int store_step_done(struct store *s, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return store_fail(s, what);
    return 0;
}

int store_bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (!v) return sqlite3_bind_null(st, i);
    return sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

int store_read_rows(struct store *s, sqlite3_stmt *st, size_t elem,
                    void (*fill)(sqlite3_stmt *st, void *row), void (*drop)(void *rows, size_t n),
                    void *out, size_t *n, const char *what)
{
    void **rows = out;
    size_t cap = 0;
    int rc, failed = 0;
    *rows = NULL;
    *n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (array_room(rows, *n, &cap, elem)) {
            failed = 1;
            break;
        }
        void *row = (char *)*rows + *n * elem;
        memset(row, 0, elem);
        fill(st, row);
        (*n)++;
    }
    if (!failed && rc != SQLITE_DONE) failed = store_fail(s, what);
    sqlite3_reset(st);
    if (!failed) return 0;
    drop(*rows, *n);
    *rows = NULL;
    *n = 0;
    return -1;
}

int store_bind_static(sqlite3_stmt *st, int i, const char *v)
{
    if (!v) return sqlite3_bind_null(st, i);
    return sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

int store_tune_writer(struct store *s, int cache_mb)
{
    char sql[96];
    snprintf(sql, sizeof sql, "PRAGMA cache_size=%d; PRAGMA temp_store=MEMORY", -cache_mb * 1024);
    return store_exec(s, sql, "tuning the store");
}

char *store_col_dup(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? xstrdup((const char *)t) : NULL;
}

int store_begin(struct store *s)
{
    /* SQLite starts a write transaction on a read-only connection and
     * refuses only its first write; say so before any work is done. */
    if (s->readonly) return err_set("%s: store is read-only", s->path);
    return store_exec(s, "BEGIN IMMEDIATE", "starting a transaction");
}

int store_commit(struct store *s)
{
    if (store_agg_flush(s)) {
        store_rollback(s);
        return -1;
    }
    return store_exec(s, "COMMIT", "committing");
}

void store_rollback(struct store *s)
{
    store_agg_discard(s);
    if (!sqlite3_get_autocommit(s->db)) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

static const char SQL_EMPTY[] =
    "SELECT NOT EXISTS (SELECT 1 FROM articles) AND NOT EXISTS (SELECT 1 FROM feeds)";

int store_is_empty(struct store *s)
{
    sqlite3_stmt *st = store_prep(s, SQL_EMPTY);
    if (!st) return 0;
    int empty = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    return empty;
}

static const char SQL_META_GET[] = "SELECT value FROM meta WHERE key = ?";
static const char SQL_META_SET[] = "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO "
                                   "UPDATE SET value = excluded.value";

char *store_meta_get(struct store *s, const char *key)
{
    sqlite3_stmt *st = store_prep(s, SQL_META_GET);
    if (!st) return NULL;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    char *v = sqlite3_step(st) == SQLITE_ROW ? store_col_dup(st, 0) : NULL;
    sqlite3_reset(st);
    return v;
}

int store_meta_set(struct store *s, const char *key, const char *value)
{
    sqlite3_stmt *st = store_prep(s, SQL_META_SET);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    store_bind_text(st, 2, value);
    return store_step_done(s, st, "saving a setting");
}
