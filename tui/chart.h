/* chart: terminal charts from block glyphs (an ASCII fallback when the
 * locale is not UTF-8), shared by the trend view and the overview. */
#ifndef BULLPEN_TUI_CHART_H
#define BULLPEN_TUI_CHART_H

#include <stdint.h>

#include "tui/term.h"

/* Buckets of a series: mean sentiment (has = 0 when no articles), article
 * count, and the last close in the bucket (has_price = 0 when none). */
struct bucket {
    int64_t day; /* first day of the bucket */
    int has;
    double mean;
    int64_t count;
    int has_price;
    double price;
};

/* Sentiment bars around a zero line: rows above for positive, below for
 * negative, one column per bucket repeated colw times. */
void chart_sentiment(WINDOW *w, int y, int x, int rows, const struct bucket *b, int n, int colw);
/* Bars of count scaled to the largest, one row of eighths. */
void chart_counts(WINDOW *w, int y, int x, int rows, const struct bucket *b, int n, int colw);
/* Price as bars from the range's low to its high. */
void chart_prices(WINDOW *w, int y, int x, int rows, const struct bucket *b, int n, int colw);
/* One-row sparkline of means in [-1, 1]. */
void chart_spark(WINDOW *w, int y, int x, const struct bucket *b, int n);

struct store;
/* Reads symbol's days in the `days` days ending with end_day into buckets
 * of bdays days each (trend.c). *out malloc'd, caller frees. Returns 0 or
 * -1 with err set. */
int trend_load(struct store *s, const char *symbol, int64_t end_day, int days, int bdays,
               struct bucket **out, int *n);

#endif
