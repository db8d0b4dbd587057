/* trends: sentiment over time per symbol, and the per-symbol figures the
 * portfolio panel shows. Everything here reads the per-day aggregates
 * (sentiment_daily), prices and one index range of mentions; nothing scans
 * articles, so a year of one symbol costs the same at a million articles as
 * at a thousand. Days are days since 1970-01-01 UTC (core/clock.h). */
#ifndef BULLPEN_STORAGE_TRENDS_H
#define BULLPEN_STORAGE_TRENDS_H

#include <stddef.h>
#include <stdint.h>

#include "core/portfolio.h"
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

/* The positions as stored, in symbol order, with what the store knows of
 * each name. lines[i] and in[i] describe the same position: in[i] holds its
 * quantity, cost, last close, 7-day sentiment and change, ready for
 * portfolio_value_book (core/portfolio.h), and val[i] is zeroed room for
 * that call's answer. The store does not value the book itself, so the
 * panel and `portfolio list` apply one set of rules to the same inputs. */
struct portfolio_line {
    struct symbol_summary sum; /* symbol, sentiment, news, last close */
    char opened[11];           /* YYYY-MM-DD or "" */
};
struct portfolio_positions {
    struct portfolio_line *lines; /* these three malloc'd; free all with */
    struct valuation_in *in;      /* store_portfolio_free */
    struct valuation_line *val;
    size_t n;
};
/* Reads the positions as of now (unix seconds) into *out. Returns 0, or -1
 * with err set and *out empty. */
int store_portfolio_read(struct store *s, int64_t now, struct portfolio_positions *out);
void store_portfolio_free(struct portfolio_positions *p);

#endif
