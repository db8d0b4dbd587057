/* desk: the small read queries the workstation's portfolio panel and trend
 * view make, each an index range over the per-day aggregates (never a scan
 * of articles), plus writing daily closes (the demo store). */
#ifndef BULLPEN_STORAGE_DESK_H
#define BULLPEN_STORAGE_DESK_H

#include <stddef.h>
#include <stdint.h>

struct store;

/* What the portfolio panel shows for one symbol. */
struct symbol_stats {
    int has_sent7, has_prev7;
    double sent7;      /* relevance-weighted mean sentiment of the last 7 days */
    double prev7;      /* the same for the 7 days before */
    int64_t articles7; /* articles naming it in the last 7 days */
    int64_t news24h;   /* articles naming it in the last 24 hours */
    int has_price, has_prev_price;
    double price, prev_price; /* last close and the one before */
    char price_day[11];       /* YYYY-MM-DD of the last close */
};

/* Fills *out for symbol as of now (unix seconds). Returns 0 or -1 with err. */
int store_symbol_stats(struct store *s, const char *symbol, int64_t now, struct symbol_stats *out);

/* One day of a symbol's sentiment series. */
struct day_point {
    int64_t day; /* days since 1970-01-01 UTC */
    int64_t articles;
    double weight, score_sum; /* mean sentiment = score_sum / weight */
};

/* Days in [from_day, to_day] that have articles naming symbol, oldest
 * first. *pts malloc'd; caller frees. */
int store_symbol_days(struct store *s, const char *symbol, int64_t from_day, int64_t to_day,
                      struct day_point **pts, size_t *n);

/* Closes in [from_day, to_day] (days since epoch), oldest first. *days and
 * *closes malloc'd; caller frees both. */
int store_symbol_prices(struct store *s, const char *symbol, int64_t from_day, int64_t to_day,
                        int64_t **days, double **closes, size_t *n);

/* Records a daily close (replacing one already there for that day). */
int store_price_set(struct store *s, const char *symbol, int64_t day, double close);

#endif
