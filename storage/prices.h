/* prices: daily closes per symbol (one row per symbol and trading day; a
 * newer import of the same day replaces the close). */
#ifndef BULLPEN_STORAGE_PRICES_H
#define BULLPEN_STORAGE_PRICES_H

#include <stddef.h>
#include <stdint.h>

#include "core/prices.h"

struct store;

/* Stores n rows inside the caller's transaction (or alone). Returns the
 * number of days that were new or changed, or -1 with err set. */
int store_prices_put(struct store *s, const struct price_row *rows, size_t n);

/* The last close of symbol at or before day (INT64_MAX: the latest). Returns
 * 1 and fills *close and *close_day, 0 when there is none, -1 on failure. */
int store_price_last(struct store *s, const char *symbol, int64_t day, double *close,
                     int64_t *close_day);

/* Closes of symbol with day in [from_day, to_day], oldest first. *rows is
 * malloc'd (caller frees with free()). */
int store_prices_range(struct store *s, const char *symbol, int64_t from_day, int64_t to_day,
                       struct price_row **rows, size_t *n);

#endif
