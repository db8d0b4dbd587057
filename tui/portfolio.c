/* The portfolio panel: positions, then watched symbols, each with its
 * 7-day sentiment, the change against the 7 days before, news in the last
 * 24 hours, and last price and P&L where prices exist; above them the
 * portfolio's sentiment weighted by position value. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/err.h"
#include "storage/trends.h"
#include "storage/watch.h"
#include "tui/app.h"
#include "tui/listbox.h"

struct prow {
    char symbol[16];
    int position;
    double qty, cost;
    int has_cost;
    struct symbol_summary st;
};

struct portfolio {
    struct prow *rows;
    struct listbox lb;
    double value, pnl, cost_value, sent;
    int has_value, has_sent;
};

static struct portfolio *P(struct view *v)
{
    return v->priv;
}

static void load(struct view *v)
{
    struct portfolio *p = P(v);
    struct store *s = v->app->s;
    free(p->rows);
    p->rows = NULL;
    p->lb.n = 0;
    p->value = p->pnl = p->cost_value = p->sent = 0;
    p->has_value = p->has_sent = 0;
    struct position_row *pos = NULL;
    struct watch_row *w = NULL;
    size_t np = 0, nw = 0;
    if (store_position_list(s, &pos, &np) || store_watch_list(s, &w, &nw)) {
        app_message(v->app, ROLE_STATUS_ERROR, "portfolio: %s", err_msg());
        free(pos);
        if (w) store_watch_rows_free(w, nw);
        return;
    }
    p->rows = calloc(np + nw + 1, sizeof *p->rows);
    if (!p->rows) goto done;
    int64_t now = (int64_t)time(NULL);
    size_t n = 0;
    for (size_t i = 0; i < np; i++, n++) {
        struct prow *r = &p->rows[n];
        snprintf(r->symbol, sizeof r->symbol, "%s", pos[i].symbol);
        r->position = 1;
        r->qty = pos[i].quantity;
        r->cost = pos[i].cost;
        r->has_cost = pos[i].has_cost;
    }
    for (size_t i = 0; i < nw; i++) {
        int dup = 0;
        for (size_t k = 0; k < np && !dup; k++)
            dup = !strcmp(pos[k].symbol, w[i].symbol);
        if (!dup) snprintf(p->rows[n++].symbol, sizeof p->rows[0].symbol, "%s", w[i].symbol);
    }
    p->lb.n = (int)n;
    double wsum = 0, ssum = 0;
    for (size_t i = 0; i < n; i++) {
        struct prow *r = &p->rows[i];
        if (store_symbol_summary(s, r->symbol, now, &r->st)) {
            app_message(v->app, ROLE_STATUS_ERROR, "portfolio: %s", err_msg());
            break;
        }
        if (!r->position) continue;
        double px = r->st.has_last ? r->st.last : r->has_cost ? r->cost : 0;
        double val = px * r->qty;
        if (px > 0) {
            p->value += val;
            p->has_value = 1;
        }
        if (r->st.has_last && r->has_cost) {
            p->pnl += (r->st.last - r->cost) * r->qty;
            p->cost_value += r->cost * r->qty;
        }
        if (r->st.has_sentiment_7d && val > 0) {
            wsum += val;
            ssum += val * r->st.sentiment_7d;
        }
    }
    if (wsum > 0) {
        p->has_sent = 1;
        p->sent = ssum / wsum;
    }
done:
    free(pos);
    store_watch_rows_free(w, nw);
    listbox_clamp(&p->lb, v->h - 2);
    v->dirty = 1;
}

/* A column: its heading, width, and the priority that decides which go
 * when the pane is narrow. */
struct col {
    const char *head;
    int width, prio;
};
static const struct col cols[] = {
    {"SYM", 6, 0}, {"QTY", 7, 4}, {"LAST", 9, 2}, {"P&L", 10, 3},
    {"WT", 5, 5},  {"7D", 6, 0},  {"CHG", 7, 1},  {"24H", 4, 1},
};
#define NCOLS (sizeof cols / sizeof cols[0])

static void shown_cols(int width, int show[NCOLS])
{
    for (int prio = 5; prio >= 0; prio--) {
        int used = 0;
        for (size_t i = 0; i < NCOLS; i++) {
            show[i] = cols[i].prio <= prio;
            if (show[i]) used += cols[i].width + 1;
        }
        if (used <= width) return;
    }
}

static void money(char *buf, size_t size, double v, int sign)
{
    double a = v < 0 ? -v : v;
    const char *s = v < 0 ? "-" : sign ? "+" : "";
    if (a >= 1e6)
        snprintf(buf, size, "%s%.2fM", s, a / 1e6);
    else if (a >= 1e4)
        snprintf(buf, size, "%s%.1fk", s, a / 1e3);
    else
        snprintf(buf, size, "%s%.0f", s, a);
}

static void draw_row(struct view *v, int y, const struct prow *r, const int show[NCOLS],
                     double total, int selected)
{
    WINDOW *w = v->win;
    enum term_role base = selected ? ROLE_LIST_SELECTED : ROLE_NORMAL;
    term_fill(w, y, 0, v->w, base);
    int x = 1;
    char buf[32];
    for (size_t c = 0; c < NCOLS; c++) {
        if (!show[c]) continue;
        int cw = cols[c].width;
        enum term_role role = base;
        buf[0] = '\0';
        const struct symbol_summary *st = &r->st;
        switch (c) {
        case 0:
            snprintf(buf, sizeof buf, "%s", r->symbol);
            break;
        case 1:
            if (r->position) snprintf(buf, sizeof buf, "%*g", cw, r->qty);
            break;
        case 2:
            if (st->has_last) snprintf(buf, sizeof buf, "%*.2f", cw, st->last);
            break;
        case 3:
            if (r->position && st->has_last && r->has_cost) {
                char m[24];
                money(m, sizeof m, (st->last - r->cost) * r->qty, 1);
                snprintf(buf, sizeof buf, "%*s", cw, m);
                role = role_for_sentiment(st->last - r->cost);
            }
            break;
        case 4:
            if (r->position && total > 0 && st->has_last)
                snprintf(buf, sizeof buf, "%*.0f%%", cw - 1, 100 * st->last * r->qty / total);
            break;
        case 5:
            if (st->has_sentiment_7d) {
                snprintf(buf, sizeof buf, "%+*.2f", cw, st->sentiment_7d);
                role = role_for_sentiment(st->sentiment_7d);
            } else {
                snprintf(buf, sizeof buf, "%*s", cw, "-");
            }
            break;
        case 6:
            if (st->has_sentiment_7d && st->has_sentiment_prev) {
                double d = st->sentiment_7d - st->sentiment_prev;
                snprintf(buf, sizeof buf, "%s%+.2f", d > 0.005 ? "^" : d < -0.005 ? "v" : " ", d);
                role = d > 0.05 ? ROLE_SENT_POS : d < -0.05 ? ROLE_SENT_NEG : ROLE_SENT_NEUTRAL;
            }
            break;
        case 7:
            snprintf(buf, sizeof buf, "%*lld", cw, (long long)st->news_24h);
            break;
        }
        if (selected)
            role = base;
        else if (c == 0)
            role = r->position ? ROLE_HEADER : ROLE_LIST_TICKERS;
        term_put(w, y, x, cw, buf, role);
        x += cw + 1;
    }
}

static void portfolio_draw(struct view *v)
{
    struct portfolio *p = P(v);
    WINDOW *w = v->win;
    char buf[160], a[24], b[24];
    int x = 1;
    if (p->has_value) {
        money(a, sizeof a, p->value, 0);
        snprintf(buf, sizeof buf, "Value %s ", a);
        x += term_put(w, 0, x, v->w - x, buf, ROLE_HEADER);
        if (p->cost_value > 0) {
            money(b, sizeof b, p->pnl, 1);
            snprintf(buf, sizeof buf, "P&L %s (%+.1f%%) ", b, 100 * p->pnl / p->cost_value);
            x += term_put(w, 0, x, v->w - x, buf, role_for_sentiment(p->pnl));
        }
    }
    x += term_put(w, 0, x, v->w - x, "Sentiment ", ROLE_HEADER);
    draw_score(w, 0, x, p->sent, p->has_sent);
    int show[NCOLS];
    shown_cols(v->w - 2, show);
    x = 1;
    for (size_t c = 0; c < NCOLS; c++) {
        if (!show[c]) continue;
        snprintf(buf, sizeof buf, c == 0 ? "%-*s" : "%*s", cols[c].width, cols[c].head);
        term_put(w, 1, x, cols[c].width, buf, ROLE_DIM);
        x += cols[c].width + 1;
    }
    int rows = v->h - 2;
    listbox_clamp(&p->lb, rows);
    for (int i = 0; i < rows && p->lb.top + i < p->lb.n; i++)
        draw_row(v, 2 + i, &p->rows[p->lb.top + i], show, p->value,
                 p->lb.top + i == p->lb.sel && v->app->focus == PANE_PORTFOLIO);
    if (!p->lb.n)
        term_put(w, 3, 2, v->w - 4, "No positions or watched symbols: a adds one.", ROLE_DIM);
}

static int portfolio_request(struct view *v, enum action a, const char *arg)
{
    struct portfolio *p = P(v);
    if (listbox_request(&p->lb, a, v->h - 2)) {
        v->dirty = 1;
        return 1;
    }
    /* A copy: the action may reload the rows (removing a symbol does). */
    char buf[sizeof p->rows[0].symbol];
    const char *sym = NULL;
    if (p->lb.n) sym = memcpy(buf, p->rows[p->lb.sel].symbol, sizeof buf);
    switch (a) {
    case ACT_ENTER:
    case ACT_FILTER_THIS:
        if (!sym || arg) return 0;
        app_global(v->app, ACT_FILTER_TICKER, sym);
        app_focus(v->app, PANE_LIST);
        return 1;
    case ACT_TREND:
    case ACT_WATCH_RM:
    case ACT_WATCH_TAG:
        if (!sym || arg) return 0;
        return app_global(v->app, a, sym);
    default:
        return 0;
    }
}

static void portfolio_mouse(struct view *v, int y, int x, int button)
{
    struct portfolio *p = P(v);
    (void)x;
    if (button == 1 && y < 2) return;
    if (listbox_mouse(&p->lb, y - 2, button, v->h - 2)) portfolio_request(v, ACT_ENTER, NULL);
    v->dirty = 1;
}

static void portfolio_reload(struct view *v, int what)
{
    if (what & (RELOAD_WATCH | RELOAD_ARTICLES)) load(v);
    v->dirty = 1;
}

static void portfolio_title(struct view *v, char *buf, size_t size)
{
    (void)v;
    snprintf(buf, size, "Portfolio & watchlist  (Enter filters, p trend, O overview)");
}

static int portfolio_open(struct view *v, const char *arg)
{
    (void)arg;
    v->priv = calloc(1, sizeof(struct portfolio));
    if (!v->priv) return err_set("out of memory");
    load(v);
    return 0;
}

static void portfolio_close(struct view *v)
{
    if (!v->priv) return;
    free(P(v)->rows);
    free(v->priv);
    v->priv = NULL;
}

const struct view_ops portfolio_ops = {
    "portfolio",       portfolio_open,  portfolio_close,  portfolio_draw,
    portfolio_request, portfolio_mouse, portfolio_reload, portfolio_title,
};
