/* The trend view: one ticker's sentiment over 30 days, 90 days or a year,
 * by day or week, with article counts beneath and the price beside it
 * where prices exist. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/analyze.h"
#include "core/clock.h"
#include "core/err.h"
#include "storage/trends.h"
#include "tui/app.h"
#include "tui/chart.h"

static const int ranges[] = {30, 90, 365};

struct trend {
    char sym[16];
    int range; /* index into ranges */
    int week;  /* week buckets */
    struct bucket *b;
    int n;
    int has_prices;
};

int trend_load(struct store *s, const char *symbol, int64_t end_day, int days, int week,
               struct bucket **out, int *n)
{
    *out = NULL;
    *n = 0;
    struct trend_point *pts;
    size_t np;
    if (store_trend(s, symbol, end_day - days + 1, end_day, week ? TREND_WEEK : TREND_DAY, &pts,
                    &np))
        return -1;
    struct bucket *b = calloc(np ? np : 1, sizeof *b);
    if (!b) {
        free(pts);
        return err_set("out of memory");
    }
    for (size_t i = 0; i < np; i++) {
        b[i].day = pts[i].start;
        b[i].has = pts[i].has_sentiment;
        b[i].mean = pts[i].sentiment;
        b[i].count = pts[i].articles;
        b[i].has_price = pts[i].has_close;
        b[i].price = pts[i].close;
    }
    free(pts);
    *out = b;
    *n = (int)np;
    return 0;
}

static struct trend *T(struct view *v)
{
    return v->priv;
}

static void load(struct view *v)
{
    struct trend *t = T(v);
    free(t->b);
    t->b = NULL;
    t->n = 0;
    int64_t today = clock_day_of(clock_now());
    if (trend_load(v->app->s, t->sym, today, ranges[t->range], t->week, &t->b, &t->n))
        app_message(v->app, ROLE_STATUS_ERROR, "trend: %s", err_msg());
    t->has_prices = 0;
    for (int i = 0; i < t->n; i++)
        t->has_prices |= t->b[i].has_price;
    v->dirty = 1;
}

static void day_label(int64_t day, char *buf, size_t size)
{
    time_t tt = (time_t)(day * 86400);
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(buf, size, "%Y-%m-%d", &tm);
}

/* Draws the charts for buckets [from, from + n) into a box. */
static void draw_box(struct view *v, struct trend *t, int y, int x, int h, int w, int with_price)
{
    const int axis = 6;
    int n = t->n, colw = 1;
    const struct bucket *b = t->b;
    /* More buckets than columns: show the latest that fit. */
    if (n > w - axis) {
        b += n - (w - axis);
        n = w - axis;
    }
    if (n > 0) colw = (w - axis) / n;
    if (colw > 6) colw = 6;
    if (colw < 1) colw = 1;
    int count_rows = h >= 16 ? 3 : h >= 10 ? 2 : 1;
    int price_rows = with_price ? (h - count_rows - 4) / 3 : 0;
    int sent_rows = h - count_rows - price_rows - 3 - (price_rows ? 1 : 0);
    if (sent_rows > 21) sent_rows = 21;
    if (sent_rows < 3) sent_rows = 3;
    int half = sent_rows / 2;
    char buf[64];
    if (with_price == 2) {
        /* The price alone, beside the sentiment chart. */
        sent_rows = half = count_rows = 0;
        price_rows = h - 2 > 22 ? 22 : h - 2;
    }
    int cy = y;
    if (sent_rows) {
        term_put(v->win, y, x, axis, "+1", ROLE_CHART_AXIS);
        term_put(v->win, y + half, x, axis, " 0", ROLE_CHART_AXIS);
        term_put(v->win, y + 2 * half, x, axis, "-1", ROLE_CHART_AXIS);
        chart_sentiment(v->win, y, x + axis, 2 * half + 1, b, n, colw);
        cy = y + 2 * half + 1;
        int64_t max = 0;
        for (int i = 0; i < n; i++)
            if (b[i].count > max) max = b[i].count;
        snprintf(buf, sizeof buf, "n%lld", (long long)max);
        term_put(v->win, cy, x, axis, buf, ROLE_CHART_COUNT);
        chart_counts(v->win, cy, x + axis, count_rows, b, n, colw);
        cy += count_rows;
    }
    if (price_rows > 0) {
        double lo = 0, hi = 0;
        int any = 0;
        for (int i = 0; i < n; i++)
            if (b[i].has_price) {
                if (!any || b[i].price < lo) lo = b[i].price;
                if (!any || b[i].price > hi) hi = b[i].price;
                any = 1;
            }
        snprintf(buf, sizeof buf, "%.0f", hi);
        term_put(v->win, cy, x, axis, buf, ROLE_CHART_PRICE);
        snprintf(buf, sizeof buf, "%.0f", lo);
        term_put(v->win, cy + price_rows - 1, x, axis, buf, ROLE_CHART_PRICE);
        chart_prices(v->win, cy, x + axis, price_rows, b, n, colw);
        cy += price_rows;
    }
    if (n > 0) {
        char a[16], z[16];
        day_label(b[0].day, a, sizeof a);
        day_label(b[n - 1].day, z, sizeof z);
        term_put(v->win, cy, x + axis, w - axis, a, ROLE_DIM);
        int zx = x + axis + n * colw - 10;
        if (zx > x + axis + 11) term_put(v->win, cy, zx, 10, z, ROLE_DIM);
    }
}

static void trend_draw(struct view *v)
{
    struct trend *t = T(v);
    WINDOW *w = v->win;
    const char *name = v->app->an ? analyzer_symbol_name(v->app->an, t->sym) : NULL;
    double ssum = 0, wsum = 0;
    int64_t total = 0;
    double first_px = 0, last_px = 0;
    for (int i = 0; i < t->n; i++) {
        total += t->b[i].count;
        if (t->b[i].has)
            ssum += t->b[i].mean * (double)t->b[i].count, wsum += (double)t->b[i].count;
        if (t->b[i].has_price) {
            if (first_px == 0) first_px = t->b[i].price;
            last_px = t->b[i].price;
        }
    }
    char buf[256];
    int x = 1;
    x += term_put(w, 0, x, v->w - x, t->sym, ROLE_HEADER) + 1;
    if (name) x += term_put(w, 0, x, v->w - x, name, ROLE_DIM) + 2;
    snprintf(buf, sizeof buf, "%d days by %s  %lld articles  mean ", ranges[t->range],
             t->week ? "week" : "day", (long long)total);
    x += term_put(w, 0, x, v->w - x, buf, ROLE_NORMAL);
    x += draw_score(w, 0, x, wsum > 0 ? ssum / wsum : 0, wsum > 0) + 2;
    if (last_px > 0) {
        snprintf(buf, sizeof buf, "price %.2f (%+.1f%%)", last_px,
                 first_px > 0 ? 100 * (last_px / first_px - 1) : 0.0);
        term_put(w, 0, x, v->w - x, buf, ROLE_CHART_PRICE);
    }
    if (!total) {
        term_put(w, 2, 2, v->w - 4, "No articles name this symbol in the range: z widens it.",
                 ROLE_DIM);
        return;
    }
    int h = v->h - 2;
    if (t->has_prices && v->w >= 100) {
        /* Wide: price beside the sentiment. */
        int lw = v->w * 60 / 100;
        term_put(w, 1, 1, lw, "sentiment / articles", ROLE_DIM);
        draw_box(v, t, 2, 1, h, lw - 2, 0);
        term_put(w, 1, lw + 1, v->w - lw - 1, "close", ROLE_DIM);
        draw_box(v, t, 2, lw + 1, h, v->w - lw - 2, 2);
    } else {
        term_put(w, 1, 1, v->w - 2,
                 t->has_prices ? "sentiment / articles / close" : "sentiment / articles", ROLE_DIM);
        draw_box(v, t, 2, 1, h, v->w - 2, t->has_prices);
    }
}

static int trend_request(struct view *v, enum action a, const char *arg)
{
    struct trend *t = T(v);
    (void)arg;
    switch (a) {
    case ACT_TREND_RANGE:
        t->range = (t->range + 1) % 3;
        break;
    case ACT_TREND_BUCKET:
        t->week = !t->week;
        break;
    case ACT_ENTER:
    case ACT_FILTER_THIS:
        app_close_overlay(v);
        return app_global(v->app, ACT_FILTER_TICKER, t->sym);
    default:
        return 0;
    }
    load(v);
    return 1;
}

static void trend_reload(struct view *v, int what)
{
    if (what & RELOAD_ARTICLES) load(v);
    v->dirty = 1;
}

static void trend_title(struct view *v, char *buf, size_t size)
{
    snprintf(buf, size, "Trend %s  (z range 30d/90d/1y, b day/week, Enter filters, q closes)",
             T(v)->sym);
}

static int trend_open(struct view *v, const char *arg)
{
    struct trend *t = calloc(1, sizeof *t);
    if (!t) return err_set("out of memory");
    snprintf(t->sym, sizeof t->sym, "%s", arg ? arg : "");
    t->range = 1;
    v->priv = t;
    load(v);
    return 0;
}

static void trend_close(struct view *v)
{
    if (!v->priv) return;
    free(T(v)->b);
    free(v->priv);
    v->priv = NULL;
}

const struct view_ops trend_ops = {
    "trend", trend_open, trend_close, trend_draw, trend_request, NULL, trend_reload, trend_title,
};
