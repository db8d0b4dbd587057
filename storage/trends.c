#include "storage/trends.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/err.h"
#include "storage/internal.h"
#include "storage/prices.h"
#include "storage/watch.h"

/* The primary key (symbol, day) makes both of these one index range. */
static const char SQL_DAILY[] = "SELECT day, articles, weight_sum, score_sum FROM sentiment_daily"
                                " WHERE symbol = ? AND day >= ? AND day <= ? ORDER BY day";
static const char SQL_WINDOW[] =
    "SELECT total(articles), total(weight_sum), total(score_sum) FROM sentiment_daily"
    " WHERE symbol = ? AND day >= ? AND day <= ?";
/* mentions_symbol_time: a range count over (symbol, published). */
static const char SQL_NEWS[] = "SELECT count(*) FROM mentions WHERE symbol = ? AND published >= ?";

/* Weights are sums of relevances kept by triggers; after deletions they can
 * be a rounding error away from zero, which must read as "no data". */
#define WEIGHT_EPS 1e-9

int store_trend(struct store *s, const char *symbol, int64_t from_day, int64_t to_day,
                enum trend_bucket bucket, struct trend_point **pts, size_t *n)
{
    *pts = NULL;
    *n = 0;
    if (to_day < from_day) return err_set("the range ends before it starts");
    int64_t step = bucket == TREND_WEEK ? 7 : 1;
    int64_t start = bucket == TREND_WEEK ? clock_week_start(from_day) : from_day;
    int64_t last = bucket == TREND_WEEK ? clock_week_start(to_day) : to_day;
    size_t count = (size_t)((last - start) / step + 1);
    if (count > 200000) return err_set("too many buckets (%zu)", count);
    struct trend_point *p = calloc(count, sizeof *p);
    double *wsum = calloc(count, sizeof *wsum), *ssum = calloc(count, sizeof *ssum);
    if (!p || !wsum || !ssum) {
        free(p);
        free(wsum);
        free(ssum);
        return err_set("out of memory");
    }
    for (size_t i = 0; i < count; i++)
        p[i].start = start + (int64_t)i * step;

    int rc = -1;
    struct db_stmt *st = store_prep(s, SQL_DAILY);
    if (!st) goto done;
    db_bind_text(st, 1, symbol);
    db_bind_int64(st, 2, start);
    db_bind_int64(st, 3, to_day);
    int r;
    while ((r = db_step(st)) == DB_ROW) {
        int64_t day = db_column_int64(st, 0);
        size_t i = (size_t)((day - start) / step);
        p[i].articles += db_column_int64(st, 1);
        wsum[i] += db_column_double(st, 2);
        ssum[i] += db_column_double(st, 3);
    }
    db_reset(st);
    if (r != DB_DONE) {
        store_fail(s, "reading sentiment");
        goto done;
    }
    for (size_t i = 0; i < count; i++) {
        if (wsum[i] > WEIGHT_EPS) {
            p[i].has_sentiment = 1;
            p[i].sentiment = ssum[i] / wsum[i];
        }
    }
    struct price_row *pr;
    size_t npr;
    if (store_prices_range(s, symbol, start, to_day, &pr, &npr)) goto done;
    for (size_t k = 0; k < npr; k++) { /* oldest first: the last one wins */
        size_t i = (size_t)((pr[k].day - start) / step);
        p[i].has_close = 1;
        p[i].close = pr[k].close;
        p[i].close_day = pr[k].day;
    }
    free(pr);
    rc = 0;
done:
    free(wsum);
    free(ssum);
    if (rc) {
        free(p);
        return -1;
    }
    *pts = p;
    *n = count;
    return 0;
}

int store_sentiment_window(struct store *s, const char *symbol, int64_t from_day, int64_t to_day,
                           int *has, double *mean, int64_t *articles)
{
    struct db_stmt *st = store_prep(s, SQL_WINDOW);
    if (!st) return -1;
    db_bind_text(st, 1, symbol);
    db_bind_int64(st, 2, from_day);
    db_bind_int64(st, 3, to_day);
    int r = db_step(st);
    *has = 0;
    *mean = 0;
    *articles = 0;
    if (r == DB_ROW) {
        double w = db_column_double(st, 1);
        *articles = (int64_t)db_column_double(st, 0);
        if (w > WEIGHT_EPS) {
            *has = 1;
            *mean = db_column_double(st, 2) / w;
        }
    }
    db_reset(st);
    if (r != DB_ROW) return store_fail(s, "reading sentiment");
    return 0;
}

int store_symbol_summary(struct store *s, const char *symbol, int64_t now,
                         struct symbol_summary *out)
{
    memset(out, 0, sizeof *out);
    snprintf(out->symbol, sizeof out->symbol, "%s", symbol);
    int64_t today = clock_day_of(now), prev_n;
    if (store_sentiment_window(s, symbol, today - 6, today, &out->has_sentiment_7d,
                               &out->sentiment_7d, &out->articles_7d) ||
        store_sentiment_window(s, symbol, today - 13, today - 7, &out->has_sentiment_prev,
                               &out->sentiment_prev, &prev_n))
        return -1;
    /* Shown to four places, as scores are kept: the text tables and the
     * JSON (which prints a number to 15 digits) then round the same value
     * the same way. */
    out->sentiment_7d = round(out->sentiment_7d * 10000) / 10000;
    out->sentiment_prev = round(out->sentiment_prev * 10000) / 10000;
    if (out->has_sentiment_7d && out->has_sentiment_prev) {
        out->has_change = 1;
        out->change = round((out->sentiment_7d - out->sentiment_prev) * 10000) / 10000;
    }
    struct db_stmt *st = store_prep(s, SQL_NEWS);
    if (!st) return -1;
    db_bind_text(st, 1, symbol);
    db_bind_int64(st, 2, now - 86400);
    int r = db_step(st);
    if (r == DB_ROW) out->news_24h = db_column_int64(st, 0);
    db_reset(st);
    if (r != DB_ROW) return store_fail(s, "counting news");
    int found = store_price_last(s, symbol, INT64_MAX, &out->last, &out->last_day);
    if (found < 0) return -1;
    out->has_last = found;
    return 0;
}

int store_portfolio_read(struct store *s, int64_t now, struct portfolio_positions *out)
{
    memset(out, 0, sizeof *out);
    struct position_row *rows;
    size_t n;
    if (store_position_list(s, &rows, &n)) return -1;
    /* One more than n so that an empty book still has non-NULL arrays. */
    out->lines = calloc(n + 1, sizeof *out->lines);
    out->in = calloc(n + 1, sizeof *out->in);
    out->val = calloc(n + 1, sizeof *out->val);
    if (!out->lines || !out->in || !out->val) {
        free(rows);
        store_portfolio_free(out);
        return err_set("out of memory");
    }
    out->n = n;
    for (size_t i = 0; i < n; i++) {
        struct portfolio_line *l = &out->lines[i];
        const struct symbol_summary *sum = &l->sum;
        if (store_symbol_summary(s, rows[i].symbol, now, &l->sum)) {
            free(rows);
            store_portfolio_free(out);
            return -1;
        }
        memcpy(l->opened, rows[i].opened, sizeof l->opened);
        out->in[i] = (struct valuation_in){
            .quantity = rows[i].quantity,
            .has_cost = rows[i].has_cost,
            .cost = rows[i].cost,
            .has_last = sum->has_last,
            .last = sum->last,
            .has_sentiment = sum->has_sentiment_7d,
            .sentiment = sum->sentiment_7d,
            .has_change = sum->has_change,
            .change = sum->change,
        };
    }
    free(rows);
    return 0;
}

void store_portfolio_free(struct portfolio_positions *p)
{
    free(p->lines);
    free(p->in);
    free(p->val);
    memset(p, 0, sizeof *p);
}
