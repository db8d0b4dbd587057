/* watch: the watchlist and the positions of the portfolio. Symbols passed in
 * are already normalised (core/symbol.h). */
#ifndef BULLPEN_STORAGE_WATCH_H
#define BULLPEN_STORAGE_WATCH_H

#include <stddef.h>
#include <stdint.h>

struct store;

struct watch_row {
    char symbol[16];
    char *tags; /* comma-separated, sorted; malloc'd, "" when none */
    char *note; /* malloc'd or NULL */
    int64_t added;
    int shared; /* on a PostgreSQL desk: on the desk's shared watchlist */
};

/* Adds symbol; returns 1 when added, 0 when it was already watched, -1 with
 * err set on failure. */
int store_watch_add(struct store *s, const char *symbol, int64_t now);
/* On a PostgreSQL desk: puts symbol on the desk's shared watchlist, seen by
 * every user (the user's own entry becomes the desk's, or a new one is
 * made). 1 when shared now, 0 when the desk's list had it already, -1 with
 * err set on failure or on a SQLite store (one user: nothing to share). */
int store_watch_share(struct store *s, const char *symbol, int64_t now);
/* Returns 1 when removed, 0 when it was not watched, -1 on failure. */
int store_watch_rm(struct store *s, const char *symbol);
/* Tags a watched symbol (adding it to the watchlist when absent). */
int store_watch_tag(struct store *s, const char *symbol, const char *tag, int64_t now);
/* Removes one tag; returns 1 when removed, 0 when absent. */
int store_watch_untag(struct store *s, const char *symbol, const char *tag);
int store_watch_set_note(struct store *s, const char *symbol, const char *note);
/* 1 when watched, 0 when not, -1 on failure. */
int store_watch_has(struct store *s, const char *symbol);

/* All watched symbols in symbol order. *rows is malloc'd; free with
 * store_watch_rows_free. */
int store_watch_list(struct store *s, struct watch_row **rows, size_t *n);
void store_watch_rows_free(struct watch_row *rows, size_t n);

/* Names for completing what the user types, case-insensitively by prefix
 * (ASCII), each index or small table read at most limit rows: calls
 * add(ctx, name) once per name, in name order. Tags are the watchlist's and
 * the feeds'; symbols and company names those of the store's symbol
 * directory (the tickers met in articles; a name only when its symbol
 * does not match as well), never a scan of the articles.
 * Return 0 or -1 with err set. */
int store_complete_tags(struct store *s, const char *prefix, int limit,
                        void (*add)(void *ctx, const char *name), void *ctx);
int store_complete_symbols(struct store *s, const char *prefix, int limit,
                           void (*add)(void *ctx, const char *name), void *ctx);

struct position_row {
    char symbol[16];
    double quantity;
    double cost; /* average cost per unit */
    int has_cost;
    char opened[11]; /* YYYY-MM-DD or "" */
};

/* Adds quantity (may be negative to reduce) to the position, keeping a
 * quantity-weighted average cost when cost is given. A position that reaches
 * zero is removed. opened (YYYY-MM-DD) is kept from the first add; may be
 * NULL. Returns 0 or -1 with err set. */
int store_position_add(struct store *s, const char *symbol, double quantity, const double *cost,
                       const char *opened, int64_t now);
/* Returns 1 when removed, 0 when there was none, -1 on failure. */
int store_position_rm(struct store *s, const char *symbol);
/* All positions in symbol order; *rows malloc'd, caller frees with free(). */
int store_position_list(struct store *s, struct position_row **rows, size_t *n);

#endif
