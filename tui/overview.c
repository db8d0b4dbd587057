/* The watchlist overview: one row per watched symbol with a sparkline of
 * its weekly sentiment over the last half year and its last 7 days. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/err.h"
#include "storage/trends.h"
#include "storage/watch.h"
#include "tui/app.h"
#include "tui/chart.h"
#include "tui/listbox.h"

#define WEEKS 26

struct orow {
    char symbol[16];
    char tags[48];
    struct bucket *b;
    int n;
    struct symbol_summary st;
};

struct overview {
    struct orow *rows;
    struct listbox lb;
};

static struct overview *O(struct view *v)
{
    return v->priv;
}

static void rows_clear(struct overview *o)
{
    for (int i = 0; i < o->lb.n; i++)
        free(o->rows[i].b);
    free(o->rows);
    o->rows = NULL;
    o->lb.n = 0;
}

static void load(struct view *v)
{
    struct overview *o = O(v);
    rows_clear(o);
    struct watch_row *w;
    size_t n;
    if (store_watch_list(v->app->s, &w, &n)) {
        app_message(v->app, ROLE_STATUS_ERROR, "watchlist: %s", err_msg());
        return;
    }
    o->rows = calloc(n + 1, sizeof *o->rows);
    int64_t now = clock_now();
    for (size_t i = 0; o->rows && i < n; i++) {
        struct orow *r = &o->rows[i];
        snprintf(r->symbol, sizeof r->symbol, "%s", w[i].symbol);
        snprintf(r->tags, sizeof r->tags, "%s", w[i].tags ? w[i].tags : "");
        if (trend_load(v->app->s, r->symbol, clock_day_of(now), WEEKS * 7, 1, &r->b, &r->n) ||
            store_symbol_summary(v->app->s, r->symbol, now, &r->st))
            app_message(v->app, ROLE_STATUS_ERROR, "overview: %s", err_msg());
        o->lb.n = (int)i + 1;
    }
    store_watch_rows_free(w, n);
    v->dirty = 1;
}

static void overview_draw(struct view *v)
{
    struct overview *o = O(v);
    WINDOW *w = v->win;
    char buf[128];
    snprintf(buf, sizeof buf, "%-7s %-*s %6s %7s %5s  %s", "SYMBOL", WEEKS,
             "26 WEEKS (weekly mean)", "7D", "CHG", "24H", "TAGS");
    term_put(w, 0, 1, v->w - 2, buf, ROLE_DIM);
    int rows = v->h - 1;
    listbox_clamp(&o->lb, rows);
    for (int i = 0; i < rows && o->lb.top + i < o->lb.n; i++) {
        int k = o->lb.top + i, y = i + 1, sel = k == o->lb.sel;
        struct orow *r = &o->rows[k];
        term_fill(w, y, 0, v->w, sel ? ROLE_LIST_SELECTED : ROLE_NORMAL);
        term_put(w, y, 1, 7, r->symbol, sel ? ROLE_LIST_SELECTED : ROLE_HEADER);
        chart_spark(w, y, 9, r->b, r->n < WEEKS ? r->n : WEEKS);
        int x = 9 + WEEKS + 2;
        draw_score(w, y, x, r->st.sentiment_7d, r->st.has_sentiment_7d);
        x += 6;
        if (r->st.has_sentiment_7d && r->st.has_sentiment_prev) {
            double d = r->st.sentiment_7d - r->st.sentiment_prev;
            snprintf(buf, sizeof buf, "%+7.2f", d);
            term_put(w, y, x, 7, buf,
                     d > 0.05    ? ROLE_SENT_POS
                     : d < -0.05 ? ROLE_SENT_NEG
                                 : ROLE_SENT_NEUTRAL);
        }
        x += 8;
        snprintf(buf, sizeof buf, "%5lld", (long long)r->st.news_24h);
        x += term_put(w, y, x, 5, buf, ROLE_NORMAL) + 2;
        term_put(w, y, x, v->w - x - 1, r->tags, ROLE_DIM);
    }
    if (!o->lb.n) term_put(w, 2, 2, v->w - 4, "The watchlist is empty: a adds a ticker.", ROLE_DIM);
}

static int overview_request(struct view *v, enum action a, const char *arg)
{
    struct overview *o = O(v);
    if (!o->lb.n || arg) return 0;
    char sym[16];
    snprintf(sym, sizeof sym, "%s", o->rows[o->lb.sel].symbol);
    switch (a) {
    case ACT_ENTER:
    case ACT_TREND:
        return app_global(v->app, ACT_TREND, sym);
    case ACT_FILTER_THIS: /* the filter closes the views above the list */
        return app_global(v->app, ACT_FILTER_TICKER, sym);
    case ACT_WATCH_RM:
    case ACT_WATCH_TAG:
        return app_global(v->app, a, sym);
    default:
        return 0;
    }
}

static void overview_title(struct view *v, char *buf, size_t size)
{
    (void)v;
    snprintf(buf, size, "Watchlist overview  (Enter trend, f filter, d remove, q closes)");
}

static void overview_close(struct view *v)
{
    rows_clear(O(v));
}

static struct listbox *overview_listbox(struct view *v)
{
    return &O(v)->lb;
}

const struct view_ops overview_ops = {
    .name = "overview",
    .private_size = sizeof(struct overview),
    .close = overview_close,
    .load = load,
    .reload_on = RELOAD_WATCH | RELOAD_ARTICLES,
    .draw = overview_draw,
    .request = overview_request,
    .close_on = ACT_OVERVIEW,
    .listbox = overview_listbox,
    .listbox_row = 1,
    .title = overview_title,
};
