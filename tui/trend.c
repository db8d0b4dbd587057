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
    int64_t today; /* the range's last day */
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
    t->today = today;
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

/* Merges the buckets `per` to a column, counted back from the latest so the
 * last column ends today and the first holds what is left: every bucket of
 * the range is in one column. Sentiment is weighted by article count; the
 * price is the group's last close. Returns the number of columns. */
static int merge(const struct bucket *b, int n, int per, struct bucket *out)
{
    int cols = (n + per - 1) / per;
    for (int c = cols - 1, end = n; c >= 0; c--, end -= per) {
        int start = end - per > 0 ? end - per : 0;
        struct bucket *m = &out[c];
        memset(m, 0, sizeof *m);
        m->day = b[start].day;
        double ssum = 0, wsum = 0;
        for (int i = start; i < end; i++) {
            m->count += b[i].count;
            if (b[i].has) {
                double wt = b[i].count > 0 ? (double)b[i].count : 1;
                ssum += b[i].mean * wt;
                wsum += wt;
            }
            if (b[i].has_price) {
                m->has_price = 1;
                m->price = b[i].price;
            }
        }
        if (wsum > 0) {
            m->has = 1;
            m->mean = ssum / wsum;
        }
    }
    return cols;
}

/* What both panes share: the same columns, so the same first and last day
 * and the same width per column, and the same row for the dates. */
struct layout {
    const struct bucket *b;
    int n;       /* columns of buckets */
    int colw;    /* cells per column */
    int64_t end; /* the last day of the last column */
    int date_row;
};

/* The dates under a chart: the first at the left, the last at its right
 * end, one in the middle where there is room. */
static void draw_dates(struct view *v, const struct layout *l, int y, int x)
{
    if (y >= getmaxy(v->win) || l->n < 1) return; /* too short a window for dates */
    char a[16], z[16];
    int span = l->n * l->colw;
    day_label(l->b[0].day, a, sizeof a);
    day_label(l->end, z, sizeof z);
    term_put(v->win, y, x, 10, a, ROLE_DIM);
    int zx = x + span - 10;
    if (zx >= x + 12) term_put(v->win, y, zx, 10, z, ROLE_DIM);
    if (span >= 40) {
        int mid = l->n / 2;
        char m[16];
        day_label(l->b[mid].day, m, sizeof m);
        int mx = x + mid * l->colw;
        if (mx >= x + 12 && mx + 10 <= zx - 2) term_put(v->win, y, mx, 10, m, ROLE_DIM);
    }
}

static void draw_price(struct view *v, const struct layout *l, int y, int x, int rows)
{
    const int axis = 6;
    char buf[64];
    double lo = 0, hi = 0;
    int any = 0;
    for (int i = 0; i < l->n; i++)
        if (l->b[i].has_price) {
            if (!any || l->b[i].price < lo) lo = l->b[i].price;
            if (!any || l->b[i].price > hi) hi = l->b[i].price;
            any = 1;
        }
    snprintf(buf, sizeof buf, "%.0f", hi);
    term_put(v->win, y, x, axis, buf, ROLE_CHART_PRICE);
    snprintf(buf, sizeof buf, "%.0f", lo);
    term_put(v->win, y + rows - 1, x, axis, buf, ROLE_CHART_PRICE);
    chart_prices(v->win, y, x + axis, rows, l->b, l->n, l->colw);
}

/* Draws the sentiment and counts (and the price beneath them when
 * with_price) in h rows, filling them; sets l->date_row. */
static void draw_box(struct view *v, struct layout *l, int y, int x, int h, int with_price)
{
    const int axis = 6;
    const struct bucket *b = l->b;
    int n = l->n;
    int count_rows = h >= 30 ? 4 : h >= 16 ? 3 : h >= 10 ? 2 : 1;
    int room = h - count_rows - 1; /* less the dates */
    int price_rows = with_price ? room / 3 : 0;
    int sent_rows = room - price_rows;
    if (sent_rows < 3) { /* short: the price gives way to the sentiment */
        price_rows = room > 3 ? room - 3 : 0;
        sent_rows = 3;
    }
    int half = (sent_rows - 1) / 2;                   /* the chart is 2 * half + 1 rows */
    count_rows = h - 1 - price_rows - (2 * half + 1); /* the odd row to the counts */
    if (count_rows < 1) count_rows = 1;
    char buf[64];
    term_put(v->win, y, x, axis, "+1", ROLE_CHART_AXIS);
    term_put(v->win, y + half, x, axis, " 0", ROLE_CHART_AXIS);
    term_put(v->win, y + 2 * half, x, axis, "-1", ROLE_CHART_AXIS);
    chart_sentiment(v->win, y, x + axis, 2 * half + 1, b, n, l->colw);
    int cy = y + 2 * half + 1;
    int64_t max = 0;
    for (int i = 0; i < n; i++)
        if (b[i].count > max) max = b[i].count;
    snprintf(buf, sizeof buf, "n%lld", (long long)max);
    term_put(v->win, cy, x, axis, buf, ROLE_CHART_COUNT);
    chart_counts(v->win, cy, x + axis, count_rows, b, n, l->colw);
    cy += count_rows;
    if (price_rows > 0) {
        draw_price(v, l, cy, x, price_rows);
        cy += price_rows;
    }
    l->date_row = cy;
    draw_dates(v, l, cy, x + axis);
}

static void trend_draw(struct view *v)
{
    struct trend *t = T(v);
    WINDOW *w = v->win;
    const int axis = 6;
    const char *name = v->app->an ? analyzer_symbol_name(v->app->an, t->sym) : NULL;
    int days = ranges[t->range];
    int side = t->has_prices && v->w >= 100;
    int lw = v->w / 2;
    /* The columns for the charts: the narrower pane's when side by side,
     * so both panes show the same days in the same columns. */
    int cols = side ? (v->w - lw - 2 < lw - 2 ? v->w - lw - 2 : lw - 2) - axis : v->w - 2 - axis;
    if (cols < 1) cols = 1;
    int per = t->n > cols ? (t->n + cols - 1) / cols : 1;
    struct bucket *m = calloc(t->n ? (size_t)t->n : 1, sizeof *m);
    if (!m) {
        app_message(v->app, ROLE_STATUS_ERROR, "trend: out of memory");
        return;
    }
    struct layout l = {m, t->n ? merge(t->b, t->n, per, m) : 0, 1, 0, 0};
    if (l.n > 0) l.colw = cols / l.n;
    if (l.colw > 6) l.colw = 6;
    if (l.colw < 1) l.colw = 1;
    if (t->n) l.end = t->b[t->n - 1].day + (t->week ? 6 : 0);
    if (l.end > t->today) l.end = t->today;

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
    const char *unit = t->week ? "week" : "day";
    if (per == 1)
        snprintf(buf, sizeof buf, "%d days by %s  ", days, unit);
    else
        snprintf(buf, sizeof buf, "%d days, %d %ss a column  ", days, per, unit);
    x += term_put(w, 0, x, v->w - x, buf, ROLE_NORMAL);
    snprintf(buf, sizeof buf, "%lld articles  mean ", (long long)total);
    x += term_put(w, 0, x, v->w - x, buf, ROLE_NORMAL);
    x += draw_score(w, 0, x, wsum > 0 ? ssum / wsum : 0, wsum > 0) + 2;
    /* The close and its change over the range, over the price chart. */
    char px[96] = "close";
    if (last_px > 0)
        snprintf(px, sizeof px, "close %.2f, %+.1f%% over %d days", last_px,
                 first_px > 0 ? 100 * (last_px / first_px - 1) : 0.0, days);
    if (!total) {
        term_put(w, 2, 2, v->w - 4, "No articles name this symbol in the range: z widens it.",
                 ROLE_DIM);
        free(m);
        return;
    }
    int h = v->h - 2;
    if (h < 5) {
        term_put(w, 2, 1, v->w - 2, "Too short for the charts: a taller window shows them.",
                 ROLE_DIM);
        free(m);
        return;
    }
    if (side) {
        term_put(w, 1, 1, lw, "sentiment / articles", ROLE_DIM);
        draw_box(v, &l, 2, 1, h, 0);
        term_put(w, 1, lw + 1, v->w - lw - 1, px, ROLE_CHART_PRICE);
        /* The price fills the rows above the same date row. */
        draw_price(v, &l, 2, lw + 1, l.date_row - 2);
        draw_dates(v, &l, l.date_row, lw + 1 + axis);
    } else {
        int cx = 1 + term_put(w, 1, 1, v->w - 2,
                              t->has_prices ? "sentiment / articles / " : "sentiment / articles",
                              ROLE_DIM);
        if (t->has_prices) term_put(w, 1, cx, v->w - 1 - cx, px, ROLE_CHART_PRICE);
        draw_box(v, &l, 2, 1, h, t->has_prices);
    }
    free(m);
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
    case ACT_FILTER_THIS: /* the filter closes the views above the list */
        return app_global(v->app, ACT_FILTER_TICKER, t->sym);
    default:
        return 0;
    }
    load(v);
    return 1;
}

static void trend_title(struct view *v, char *buf, size_t size)
{
    snprintf(buf, size, "Trend %s  (z range 30d/90d/1y, b day/week, Enter filters, q closes)",
             T(v)->sym);
}

static int trend_open(struct view *v, const char *arg)
{
    struct trend *t = T(v);
    snprintf(t->sym, sizeof t->sym, "%s", arg ? arg : "");
    t->range = 1;
    return 0;
}

static void trend_close(struct view *v)
{
    free(T(v)->b);
}

const struct view_ops trend_ops = {
    .name = "trend",
    .private_size = sizeof(struct trend),
    .open = trend_open,
    .close = trend_close,
    .load = load,
    .reload_on = RELOAD_ARTICLES,
    .draw = trend_draw,
    .request = trend_request,
    .title = trend_title,
};
