/* Read queries of the workstation's portfolio panel and trend view. Each
 * reads a primary-key range of sentiment_daily or prices, or a short range of
 * mentions(symbol, published), so the cost follows the days shown, not the
 * size of the store. */
#include "storage/desk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/err.h"
#include "storage/internal.h"

static const char SQL_DAYS_SUM[] =
    "SELECT coalesce(sum(articles), 0), coalesce(sum(weight_sum), 0), coalesce(sum(score_sum), 0)"
    " FROM sentiment_daily WHERE symbol = ? AND day BETWEEN ? AND ?";
static const char SQL_NEWS_SINCE[] =
    "SELECT count(*) FROM mentions WHERE symbol = ? AND published >= ? AND count > 0";
static const char SQL_LAST_PRICES[] =
    "SELECT day, close FROM prices WHERE symbol = ? ORDER BY day DESC LIMIT 2";
static const char SQL_DAYS[] = "SELECT day, articles, weight_sum, score_sum FROM sentiment_daily"
                               " WHERE symbol = ? AND day BETWEEN ? AND ? ORDER BY day";
static const char SQL_PRICES[] =
    "SELECT day, close FROM prices WHERE symbol = ? AND day BETWEEN ? AND ? ORDER BY day";
static const char SQL_PRICE_SET[] =
    "INSERT INTO prices(symbol, day, close) VALUES (?, ?, ?)"
    " ON CONFLICT(symbol, day) DO UPDATE SET close = excluded.close";

/* prices.day is text (YYYY-MM-DD); the aggregates count days since epoch. */
static void day_text(int64_t day, char out[11])
{
    time_t t = (time_t)(day * 86400);
    struct tm tm;
    if (!gmtime_r(&t, &tm)) {
        snprintf(out, 11, "1970-01-01");
        return;
    }
    strftime(out, 11, "%Y-%m-%d", &tm);
}

static int64_t text_day(const char *s)
{
    int y, m, d;
    if (!s || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3) return 0;
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d};
    return (int64_t)timegm(&tm) / 86400;
}

static int sum_days(struct store *s, const char *symbol, int64_t from, int64_t to, int64_t *arts,
                    double *mean, int *has)
{
    sqlite3_stmt *st = store_prep(s, SQL_DAYS_SUM);
    if (!st) return -1;
    store_bind_text(st, 1, symbol);
    sqlite3_bind_int64(st, 2, from);
    sqlite3_bind_int64(st, 3, to);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        double w = sqlite3_column_double(st, 1);
        if (arts) *arts = sqlite3_column_int64(st, 0);
        *has = w > 1e-9;
        *mean = *has ? sqlite3_column_double(st, 2) / w : 0;
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : store_fail(s, "reading sentiment");
}

int store_symbol_stats(struct store *s, const char *symbol, int64_t now, struct symbol_stats *out)
{
    memset(out, 0, sizeof *out);
    int64_t today = now / 86400;
    if (sum_days(s, symbol, today - 6, today, &out->articles7, &out->sent7, &out->has_sent7) ||
        sum_days(s, symbol, today - 13, today - 7, NULL, &out->prev7, &out->has_prev7))
        return -1;
    sqlite3_stmt *st = store_prep(s, SQL_NEWS_SINCE);
    if (!st) return -1;
    store_bind_text(st, 1, symbol);
    sqlite3_bind_int64(st, 2, now - 86400);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        return store_fail(s, "counting news");
    }
    out->news24h = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (!(st = store_prep(s, SQL_LAST_PRICES))) return -1;
    store_bind_text(st, 1, symbol);
    int rc, k = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && k < 2) {
        const unsigned char *d = sqlite3_column_text(st, 0);
        if (k == 0) {
            out->has_price = 1;
            out->price = sqlite3_column_double(st, 1);
            snprintf(out->price_day, sizeof out->price_day, "%s", d ? (const char *)d : "");
        } else {
            out->has_prev_price = 1;
            out->prev_price = sqlite3_column_double(st, 1);
        }
        k++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return store_fail(s, "reading prices");
    return 0;
}

int store_symbol_days(struct store *s, const char *symbol, int64_t from_day, int64_t to_day,
                      struct day_point **pts, size_t *n)
{
    *pts = NULL;
    *n = 0;
    sqlite3_stmt *st = store_prep(s, SQL_DAYS);
    if (!st) return -1;
    size_t cap = to_day >= from_day ? (size_t)(to_day - from_day + 1) : 0;
    if (cap > 20000) cap = 20000;
    struct day_point *out = calloc(cap ? cap : 1, sizeof *out);
    if (!out) return err_set("out of memory");
    store_bind_text(st, 1, symbol);
    sqlite3_bind_int64(st, 2, from_day);
    sqlite3_bind_int64(st, 3, to_day);
    int rc;
    size_t k = 0;
    while (k < cap && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        out[k].day = sqlite3_column_int64(st, 0);
        out[k].articles = sqlite3_column_int64(st, 1);
        out[k].weight = sqlite3_column_double(st, 2);
        out[k].score_sum = sqlite3_column_double(st, 3);
        k++;
    }
    if (k < cap && rc != SQLITE_DONE) {
        sqlite3_reset(st);
        free(out);
        return store_fail(s, "reading sentiment");
    }
    sqlite3_reset(st);
    *pts = out;
    *n = k;
    return 0;
}

int store_symbol_prices(struct store *s, const char *symbol, int64_t from_day, int64_t to_day,
                        int64_t **days, double **closes, size_t *n)
{
    *days = NULL;
    *closes = NULL;
    *n = 0;
    sqlite3_stmt *st = store_prep(s, SQL_PRICES);
    if (!st) return -1;
    size_t cap = to_day >= from_day ? (size_t)(to_day - from_day + 1) : 0;
    if (cap > 20000) cap = 20000;
    int64_t *d = calloc(cap ? cap : 1, sizeof *d);
    double *c = calloc(cap ? cap : 1, sizeof *c);
    if (!d || !c) {
        free(d);
        free(c);
        return err_set("out of memory");
    }
    char from[11], to[11];
    day_text(from_day, from);
    day_text(to_day, to);
    store_bind_text(st, 1, symbol);
    store_bind_text(st, 2, from);
    store_bind_text(st, 3, to);
    int rc;
    size_t k = 0;
    while (k < cap && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        d[k] = text_day((const char *)sqlite3_column_text(st, 0));
        c[k] = sqlite3_column_double(st, 1);
        k++;
    }
    if (k < cap && rc != SQLITE_DONE) {
        sqlite3_reset(st);
        free(d);
        free(c);
        return store_fail(s, "reading prices");
    }
    sqlite3_reset(st);
    *days = d;
    *closes = c;
    *n = k;
    return 0;
}

int store_price_set(struct store *s, const char *symbol, int64_t day, double close)
{
    sqlite3_stmt *st = store_prep(s, SQL_PRICE_SET);
    if (!st) return -1;
    char d[11];
    day_text(day, d);
    store_bind_text(st, 1, symbol);
    store_bind_text(st, 2, d);
    sqlite3_bind_double(st, 3, close);
    return store_step_done(s, st, "storing a price");
}
