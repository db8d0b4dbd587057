/* brief (storage side): fills a struct brief (core/brief.h) from the store.
 * Every query is an index range with a bound: per-day sums for the usual
 * pace and the base sentiment, the (symbol, published) mention index for
 * the window, alert events by time, prices by (symbol, day). Nothing scans
 * articles, so a brief costs the same at a million articles as at a
 * thousand.
 *
 * Threads: the thread that owns the store connection. */
#ifndef BULLPEN_STORAGE_BRIEF_H
#define BULLPEN_STORAGE_BRIEF_H

#include <stddef.h>
#include <stdint.h>

#include "core/brief.h"

struct store;

/* Which names: the symbols given (in that order), else the watchlist and/or
 * the positions (both when neither flag is set), most news first. */
struct brief_opts {
    const char *const *symbols; /* normalised; not copied */
    size_t n_symbols;
    int watchlist, portfolio;
    int64_t now, since; /* the window, unix seconds */
};

/* At most this many names in one brief. */
#define BRIEF_MAX_NAMES 100

/* Fills *out (free with brief_free). Returns 0 or -1 with err set. */
int store_brief_build(struct store *s, const struct brief_opts *o, struct brief *out);

#endif
