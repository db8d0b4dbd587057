/* trends: sentiment over time per symbol, and the per-symbol figures the
 * portfolio panel shows. Everything here reads the per-day aggregates
 * (sentiment_daily), prices and one index range of mentions; nothing scans
 * articles, so a year of one symbol costs the same at a million articles as
 * at a thousand. Days are days since 1970-01-01 UTC (core/clock.h). */
#ifndef BULLPEN_STORAGE_TRENDS_H
#define BULLPEN_STORAGE_TRENDS_H

#include <stddef.h>
#include <stdint.h>

#include "core/symbol.h"

struct store;

enum trend_bucket { TREND_DAY, TREND_WEEK };

/* One bucket: a day, or a week starting on Monday. */
struct trend_point {
    int64_t start;     /* first day of the bucket */
    int64_t articles;  /* mentions of the symbol published in the bucket */
    int has_sentiment; /* 0 when no article had weight */
    double sentiment;  /* relevance-weighted mean, [-1, 1] */
    int has_close;     /* 0 when no close is stored in the bucket */
    double close;      /* the last close in the bucket */
    int64_t close_day;
};

/* Every bucket from the one holding from_day to the one holding to_day
 * (inclusive), oldest first, for symbol; week buckets start on the Monday
 * on or before from_day. *pts is malloc'd (caller frees with free()).
 * Returns 0, or -1 with err set. */
int store_trend(struct store *s, const char *symbol, int64_t from_day, int64_t to_day,
                enum trend_bucket bucket, struct trend_point **pts, size_t *n);

/* Relevance-weighted mean sentiment of symbol over days [from_day, to_day]
 * and the number of mentions; *has is 0 when there is no weighted data. */
int store_sentiment_window(struct store *s, const char *symbol, int64_t from_day, int64_t to_day,
                           int *has, double *mean, int64_t *articles);

/* What the portfolio panel and `portfolio list` show for one symbol, as of
 * now (unix seconds): sentiment over the 7 days ending today (UTC) and over
 * the 7 days before, their change, mentions published in the last 24
 * hours, and the last stored close. */
struct symbol_summary {
    char symbol[SYMBOL_MAX + 1];
    int has_sentiment_7d, has_sentiment_prev, has_change;
    double sentiment_7d, sentiment_prev, change; /* change = 7d - prev */
    int64_t articles_7d;
    int64_t news_24h;
    int has_last;
    double last;
    int64_t last_day;
};
int store_symbol_summary(struct store *s, const char *symbol, int64_t now,
                         struct symbol_summary *out);

/* One position with its analytics. Unknown figures have their has_ flag 0:
 * value needs a close, pnl a close and a cost, weight a value and a
 * positive total. */
struct portfolio_line {
    struct symbol_summary sum; /* symbol, sentiment, news, last close */
    double quantity;
    int has_cost;
    double cost;     /* average cost per unit */
    char opened[11]; /* YYYY-MM-DD or "" */
    int has_value, has_pnl, has_weight;
    double value;  /* quantity x last close */
    double pnl;    /* value - quantity x cost */
    double weight; /* value / total value */
};

/* The whole portfolio: lines in symbol order and its totals. value and pnl
 * sum the lines where they are known; sentiment is the 7-day sentiment of
 * the positions weighted by the absolute value of each (positions without
 * a price or without sentiment are left out). */
struct portfolio_summary {
    struct portfolio_line *lines; /* malloc'd; free with store_portfolio_free */
    size_t n;
    int has_value, has_pnl, has_sentiment;
    double value, pnl, sentiment;
};
int store_portfolio_summary(struct store *s, int64_t now, struct portfolio_summary *out);
void store_portfolio_free(struct portfolio_summary *p);

#endif
