#include "storage/watch.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/str.h"
#include "storage/internal.h"

/* On PostgreSQL the watchlist and the positions are the user's rows
 * (schema_pg.c, m4), keyed by owner and symbol. */
static const char SQL_WATCH_ADD[] =
    "INSERT INTO watchlist(symbol, added) VALUES (?, ?) ON CONFLICT(symbol) DO NOTHING";
static const char SQL_WATCH_ADD_PG[] =
    "INSERT INTO watchlist(symbol, added) VALUES (?, ?) ON CONFLICT(owner, symbol) DO NOTHING";
static const char SQL_WATCH_RM[] = "DELETE FROM watchlist WHERE symbol = ?";
static const char SQL_WATCH_TAG[] =
    "INSERT INTO watch_tags(symbol, tag) VALUES (?, ?) ON CONFLICT DO NOTHING";
static const char SQL_WATCH_UNTAG[] = "DELETE FROM watch_tags WHERE symbol = ? AND tag = ?";
static const char SQL_WATCH_NOTE[] = "UPDATE watchlist SET note = ? WHERE symbol = ?";
static const char SQL_WATCH_HAS[] = "SELECT 1 FROM watchlist WHERE symbol = ?";
/* Whether the desk shares it: PostgreSQL's column; SQLite has one user. */
#define WATCH_LIST(shared)                                                                         \
    "SELECT w.symbol, w.note, w.added,"                                                            \
    " (SELECT group_concat(tag, ',') FROM (SELECT tag FROM watch_tags t"                           \
    "   WHERE t.symbol = w.symbol ORDER BY tag) AS tags), " shared                                 \
    " FROM watchlist w ORDER BY w.symbol"
static const char SQL_WATCH_LIST[] = WATCH_LIST("0");
static const char SQL_WATCH_LIST_PG[] = WATCH_LIST("w.shared");

/* Runs a one-symbol write and reports whether it changed a row. */
static int change(struct store *s, const char *sql, const char *a, const char *b, const char *what)
{
    struct db_stmt *st = store_prep(s, sql);
    if (!st) return -1;
    db_bind_text(st, 1, a);
    if (b) db_bind_text(st, 2, b);
    if (store_step_done(s, st, what)) return -1;
    return db_changes(s->db) > 0;
}

int store_watch_add(struct store *s, const char *symbol, int64_t now)
{
    struct db_stmt *st = store_prep(s, STORE_SQL(s, SQL_WATCH_ADD));
    if (!st) return -1;
    db_bind_text(st, 1, symbol);
    db_bind_int64(st, 2, now);
    if (store_step_done(s, st, "adding to the watchlist")) return -1;
    return db_changes(s->db) > 0;
}

/* A new entry shared at once, or else the user's own entry made the
 * desk's, unless the desk has the symbol shared already (one shared entry
 * per symbol). PostgreSQL's only (schema_pg.c, m4). */
static const char SQL_WATCH_SHARE_NEW[] =
    "INSERT INTO watchlist(symbol, added, shared) VALUES (?, ?, 1) ON CONFLICT DO NOTHING";
static const char SQL_WATCH_SHARE_OWN[] =
    "UPDATE watchlist_rows SET shared = 1 WHERE owner = bullpen_user() AND symbol = ?1"
    " AND shared = 0 AND NOT EXISTS (SELECT 1 FROM watchlist_rows o WHERE o.symbol = ?1"
    " AND o.shared <> 0)";

int store_watch_share(struct store *s, const char *symbol, int64_t now)
{
    if (!store_is_pg(s)) return store_one_user(s);
    struct db_stmt *st = store_prep(s, SQL_WATCH_SHARE_NEW);
    if (!st) return -1;
    db_bind_text(st, 1, symbol);
    db_bind_int64(st, 2, now);
    if (store_step_done(s, st, "sharing a watched symbol")) return -1;
    if (db_changes(s->db) > 0) return 1;
    return change(s, SQL_WATCH_SHARE_OWN, symbol, NULL, "sharing a watched symbol");
}

int store_watch_rm(struct store *s, const char *symbol)
{
    return change(s, SQL_WATCH_RM, symbol, NULL, "removing from the watchlist");
}

int store_watch_tag(struct store *s, const char *symbol, const char *tag, int64_t now)
{
    if (store_watch_add(s, symbol, now) < 0) return -1;
    return change(s, SQL_WATCH_TAG, symbol, tag, "tagging") < 0 ? -1 : 0;
}

int store_watch_untag(struct store *s, const char *symbol, const char *tag)
{
    return change(s, SQL_WATCH_UNTAG, symbol, tag, "untagging");
}

int store_watch_set_note(struct store *s, const char *symbol, const char *note)
{
    return change(s, SQL_WATCH_NOTE, note, symbol, "setting a note") < 0 ? -1 : 0;
}

int store_watch_has(struct store *s, const char *symbol)
{
    struct db_stmt *st = store_prep(s, SQL_WATCH_HAS);
    if (!st) return -1;
    db_bind_text(st, 1, symbol);
    int rc = db_step(st);
    db_reset(st);
    if (rc != DB_ROW && rc != DB_DONE) return store_fail(s, "reading the watchlist");
    return rc == DB_ROW;
}

static void copy_symbol(char dst[16], struct db_stmt *st, int col)
{
    const unsigned char *t = db_column_text(st, col);
    snprintf(dst, 16, "%s", t ? (const char *)t : "");
}

static void fill_watch(struct db_stmt *st, void *row)
{
    struct watch_row *r = row;
    copy_symbol(r->symbol, st, 0);
    r->note = store_col_dup(st, 1);
    r->added = db_column_int64(st, 2);
    r->tags = store_col_dup(st, 3);
    if (!r->tags) r->tags = calloc(1, 1);
    r->shared = db_column_int(st, 4) != 0;
}

static void drop_watch(void *rows, size_t n)
{
    store_watch_rows_free(rows, n);
}

int store_watch_list(struct store *s, struct watch_row **rows, size_t *n)
{
    *rows = NULL;
    *n = 0;
    struct db_stmt *st = store_prep(s, STORE_SQL(s, SQL_WATCH_LIST));
    if (!st) return -1;
    return store_read_rows(s, st, sizeof **rows, fill_watch, drop_watch, rows, n,
                           "reading the watchlist");
}

void store_watch_rows_free(struct watch_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(rows[i].tags);
        free(rows[i].note);
    }
    free(rows);
}

static const char SQL_COMPLETE_TAGS[] =
    "SELECT tag FROM watch_tags WHERE tag LIKE ?1 ESCAPE '\\'"
    " UNION SELECT tag FROM feed_tags WHERE tag LIKE ?1 ESCAPE '\\'"
    " ORDER BY 1 LIMIT ?2";
/* Both a LIKE over the directory table, which holds one row per symbol
 * ever met (thousands at most), never the articles. A company whose symbol
 * matches too is its symbol only: "NV" is NVDA, "Nvi" NVIDIA CORP. */
static const char SQL_COMPLETE_SYMBOLS[] =
    "SELECT symbol FROM (SELECT symbol FROM tickers WHERE symbol LIKE ?1 ESCAPE '\\'"
    "  ORDER BY symbol LIMIT ?2) AS s"
    " UNION SELECT name FROM (SELECT name FROM tickers WHERE name LIKE ?1 ESCAPE '\\'"
    "  AND symbol NOT LIKE ?1 ESCAPE '\\'"
    "  ORDER BY name LIMIT ?2) AS n"
    " ORDER BY 1 LIMIT ?2";

static int complete(struct store *s, const char *sql, const char *prefix, int limit,
                    void (*add)(void *ctx, const char *name), void *ctx)
{
    char pat[256];
    size_t j = 0;
    for (const char *p = prefix; *p && j + 3 < sizeof pat; p++) {
        if (*p == '%' || *p == '_' || *p == '\\') pat[j++] = '\\';
        pat[j++] = *p;
    }
    pat[j++] = '%';
    pat[j] = '\0';
    struct db_stmt *st = store_prep(s, sql);
    if (!st) return -1;
    db_bind_text(st, 1, pat);
    db_bind_int(st, 2, limit);
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        const unsigned char *t = db_column_text(st, 0);
        if (t && *t) add(ctx, (const char *)t);
    }
    db_reset(st);
    return rc == DB_DONE ? 0 : store_fail(s, "reading names to complete");
}

int store_complete_tags(struct store *s, const char *prefix, int limit,
                        void (*add)(void *ctx, const char *name), void *ctx)
{
    return complete(s, SQL_COMPLETE_TAGS, prefix, limit, add, ctx);
}

int store_complete_symbols(struct store *s, const char *prefix, int limit,
                           void (*add)(void *ctx, const char *name), void *ctx)
{
    return complete(s, SQL_COMPLETE_SYMBOLS, prefix, limit, add, ctx);
}

static const char SQL_POS_GET[] = "SELECT quantity, cost FROM positions WHERE symbol = ?";
static const char SQL_POS_PUT[] =
    "INSERT INTO positions(symbol, quantity, cost, opened, updated) VALUES (?, ?, ?, ?, ?)"
    " ON CONFLICT(symbol) DO UPDATE SET quantity = excluded.quantity, cost = excluded.cost,"
    " opened = coalesce(positions.opened, excluded.opened), updated = excluded.updated";
static const char SQL_POS_PUT_PG[] =
    "INSERT INTO positions(symbol, quantity, cost, opened, updated) VALUES (?, ?, ?, ?, ?)"
    " ON CONFLICT(owner, symbol) DO UPDATE SET quantity = excluded.quantity,"
    " cost = excluded.cost, opened = coalesce(positions.opened, excluded.opened),"
    " updated = excluded.updated";
static const char SQL_POS_RM[] = "DELETE FROM positions WHERE symbol = ?";
static const char SQL_POS_LIST[] =
    "SELECT symbol, quantity, cost, opened FROM positions ORDER BY symbol";

int store_position_add(struct store *s, const char *symbol, double quantity, const double *cost,
                       const char *opened, int64_t now)
{
    struct db_stmt *st = store_prep(s, SQL_POS_GET);
    if (!st) return -1;
    db_bind_text(st, 1, symbol);
    double old_q = 0, old_c = 0;
    int have = 0, have_cost = 0;
    int rc = db_step(st);
    if (rc == DB_ROW) {
        have = 1;
        old_q = db_column_double(st, 0);
        have_cost = db_column_type(st, 1) != DB_NULL;
        old_c = db_column_double(st, 1);
    }
    db_reset(st);
    if (rc != DB_ROW && rc != DB_DONE) return store_fail(s, "reading the portfolio");
    double q = old_q + quantity;
    if (fabs(q) < 1e-9) return store_position_rm(s, symbol) < 0 ? -1 : 0;
    /* Buying more at a known price moves the average cost; selling keeps it. */
    double c = old_c;
    int c_known = have_cost;
    if (cost && (!have || !have_cost)) {
        c = *cost;
        c_known = 1;
    } else if (cost && quantity > 0 && old_q > 0) {
        c = (old_q * old_c + quantity * *cost) / q;
    }
    st = store_prep(s, STORE_SQL(s, SQL_POS_PUT));
    if (!st) return -1;
    db_bind_text(st, 1, symbol);
    db_bind_double(st, 2, q);
    if (c_known)
        db_bind_double(st, 3, c);
    else
        db_bind_null(st, 3);
    db_bind_text(st, 4, opened);
    db_bind_int64(st, 5, now);
    return store_step_done(s, st, "saving the position");
}

int store_position_rm(struct store *s, const char *symbol)
{
    return change(s, SQL_POS_RM, symbol, NULL, "removing the position");
}

static void fill_position(struct db_stmt *st, void *row)
{
    struct position_row *r = row;
    copy_symbol(r->symbol, st, 0);
    r->quantity = db_column_double(st, 1);
    r->has_cost = db_column_type(st, 2) != DB_NULL;
    r->cost = db_column_double(st, 2);
    const unsigned char *o = db_column_text(st, 3);
    snprintf(r->opened, sizeof r->opened, "%s", o ? (const char *)o : "");
}

static void drop_positions(void *rows, size_t n)
{
    (void)n;
    free(rows);
}

int store_position_list(struct store *s, struct position_row **rows, size_t *n)
{
    *rows = NULL;
    *n = 0;
    struct db_stmt *st = store_prep(s, SQL_POS_LIST);
    if (!st) return -1;
    return store_read_rows(s, st, sizeof **rows, fill_position, drop_positions, rows, n,
                           "reading the portfolio");
}
