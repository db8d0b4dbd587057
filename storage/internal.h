/* Storage internals shared by the storage files; never included outside
 * storage/. */
#ifndef BULLPEN_STORAGE_INTERNAL_H
#define BULLPEN_STORAGE_INTERNAL_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "storage/store.h"

#define STORE_STMT_CACHE 64

struct store {
    sqlite3 *db;
    char *path;
    int readonly; /* opened to read, or the file cannot be written */
    /* Prepared statements cached by the address of their static SQL text:
     * every query is a string literal in one storage file, so its address is
     * a stable key and statements are prepared once per connection. */
    struct {
        const char *sql;
        sqlite3_stmt *st;
        int owned; /* sql is a malloc'd copy (store_prep_text) */
    } cache[STORE_STMT_CACHE];
    int n_cache;
    /* Enabled alert rules and the watchlist, loaded once for
     * store_alerts_check and dropped when they may have changed
     * (storage/alerts.c). */
    struct alert_cache *alerts;
    /* This connection's mark on the alert events it claims (0 until the
     * first delivery run; storage/alert_outbox.c). */
    int64_t claim;
    /* Sums written at commit (storage/aggregate.c); NULL until first use. */
    struct store_agg *agg;
};

/* Adds an article of feed_id / a mention to the sums of the current
 * transaction. Return 0 or -1 with err set. */
int store_agg_article(struct store *s, int64_t feed_id);
int store_agg_mention(struct store *s, const char *symbol, int64_t published, double relevance,
                      double sentiment);
/* Writes the sums (store_commit calls it before COMMIT); 0 or -1. */
int store_agg_flush(struct store *s);
/* Forgets the sums (on rollback). */
void store_agg_discard(struct store *s);
void store_agg_free(struct store *s);

/* Frees s->alerts (store_close calls it). */
void store_alerts_cache_drop(struct store *s);

/* Returns the cached, reset statement for the static string sql (preparing
 * it on first use), or NULL with err set. The statement stays owned by the
 * store. */
sqlite3_stmt *store_prep(struct store *s, const char *sql);

/* Like store_prep for SQL built at run time: cached by content, so each
 * distinct shape of a dynamic query is prepared once. */
sqlite3_stmt *store_prep_text(struct store *s, const char *sql);

/* Steps st to its end, appending one elem-byte element to the array at
 * *(void **)out per row, filled by fill(st, element). On failure the rows read
 * so far are released with drop(array, count) (which frees the array too),
 * *out is NULL and *n 0, and err names what was being read. st is reset
 * either way. Returns 0 or -1. */
int store_read_rows(struct store *s, sqlite3_stmt *st, size_t elem,
                    void (*fill)(sqlite3_stmt *st, void *row), void (*drop)(void *rows, size_t n),
                    void *out, size_t *n, const char *what);

/* Sets err from the connection's last error, prefixed by what, or to
 * "PATH: store is read-only" when a write was refused for that; returns -1. */
int store_fail(struct store *s, const char *what);

/* Runs SQL that returns no rows (several statements allowed); 0 or -1 with
 * err set as by store_fail. */
int store_exec(struct store *s, const char *sql, const char *what);

/* Runs a statement that returns no rows to completion; resets it. Returns 0
 * or -1 with err set. */
int store_step_done(struct store *s, sqlite3_stmt *st, const char *what);

/* Binds text or NULL. */
int store_bind_text(sqlite3_stmt *st, int i, const char *v);

/* Binds text or NULL without a copy: v must stay valid until the statement
 * is reset. */
int store_bind_static(sqlite3_stmt *st, int i, const char *v);

/* Copies column i as a malloc'd string, NULL for SQL NULL. */
char *store_col_dup(sqlite3_stmt *st, int i);

/* Registers bp_pack(X) and bp_unpack(X) (storage/textfn.c), which the
 * schema and the article statements use, on db. Every connection to a store
 * needs them before its first statement. Returns an SQLite result code. */
int store_functions_register(sqlite3 *db);

/* Registers best_match(articles_fts), the rank of best-match order
 * (storage/rank.c), on db. Returns 0 or -1 with err set. */
int store_rank_functions(sqlite3 *db);

/* The migrations, applied in order; index + 1 is the version each yields. */
extern const char *const store_migrations[];
extern const int store_n_migrations;

#endif
