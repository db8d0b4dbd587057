/* The portfolio panel: positions, then watched symbols, each with its
 * 7-day sentiment, the change against the 7 days before, news in the last
 * 24 hours, and last price, value, P&L and weight where they are known;
 * above them the book's value, P&L and sentiment. Every figure of the book
 * comes from portfolio_value_book (core/portfolio.h), the rules `portfolio
 * list` prints by, so the two agree on the same store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/err.h"
#include "core/portfolio.h"
#include "storage/trends.h"
#include "storage/watch.h"
#include "tui/app.h"
#include "tui/listbox.h"

struct portfolio {
    struct portfolio_positions pos; /* rows [0, pos.n) */
    struct valuation_book book;
    struct symbol_summary *watch; /* rows [pos.n, pos.n + nw): watched, not held */
    size_t nw;
    struct listbox lb;
};

static struct portfolio *P(struct view *v)
{
    return v->priv;
}

static void unload(struct portfolio *p)
{
    store_portfolio_free(&p->pos);
    free(p->watch);
    p->watch = NULL;
    p->nw = 0;
    memset(&p->book, 0, sizeof p->book);
    p->lb.n = 0;
}

/* The watched symbols that are not positions, each with its summary. */
static int load_watch(struct portfolio *p, struct store *s, int64_t now)
{
    struct watch_row *w;
    size_t n;
    if (store_watch_list(s, &w, &n)) return -1;
    int rc = 0;
    if (!(p->watch = calloc(n + 1, sizeof *p->watch))) rc = err_set("out of memory");
    for (size_t i = 0; i < n && !rc; i++) {
        int held = 0;
        for (size_t k = 0; k < p->pos.n && !held; k++)
            held = !strcmp(p->pos.lines[k].sum.symbol, w[i].symbol);
        if (!held) rc = store_symbol_summary(s, w[i].symbol, now, &p->watch[p->nw++]);
    }
    store_watch_rows_free(w, n);
    return rc;
}

static void load(struct view *v)
{
    struct portfolio *p = P(v);
    struct store *s = v->app->s;
    unload(p);
    /* The CLI's clock, so a pinned BULLPEN_NOW pins the panel's windows too. */
    int64_t now = clock_now();
    if (store_portfolio_read(s, now, &p->pos) || load_watch(p, s, now)) {
        app_message(v->app, ROLE_STATUS_ERROR, "portfolio: %s", err_msg());
        unload(p);
    } else {
        portfolio_value_book(p->pos.in, p->pos.n, p->pos.val, &p->book);
        p->lb.n = (int)(p->pos.n + p->nw);
    }
    listbox_clamp(&p->lb, v->h - 2);
    v->dirty = 1;
}

/* A column: its heading, width, and the priority that decides which go
 * when the pane is narrow. */
struct col {
    const char *head;
    int width, prio;
};
enum { C_SYM, C_QTY, C_LAST, C_VALUE, C_PNL, C_WT, C_7D, C_CHG, C_24H };
static const struct col cols[] = {
    [C_SYM] = {"SYM", 6, 0},      [C_QTY] = {"QTY", 7, 4}, [C_LAST] = {"LAST", 9, 3},
    [C_VALUE] = {"VALUE ", 8, 3}, [C_PNL] = {"P&L", 8, 2}, [C_WT] = {"WT", 5, 5},
    [C_7D] = {"7D", 6, 0},        [C_CHG] = {"CHG", 7, 1}, [C_24H] = {"24H", 4, 1},
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

/* Money is coloured by its sign: a gain of one cent is a gain. */
static enum term_role role_for_money(double v)
{
    return v > 0 ? ROLE_SENT_POS : v < 0 ? ROLE_SENT_NEG : ROLE_SENT_NEUTRAL;
}

/* A change of sentiment: an arrow when it moved, then the signed figure. */
static void change(char *buf, size_t size, double d, enum term_role *role)
{
    snprintf(buf, size, "%s%+.2f", d > 0.005 ? "^" : d < -0.005 ? "v" : " ", d);
    *role = d > 0.05 ? ROLE_SENT_POS : d < -0.05 ? ROLE_SENT_NEG : ROLE_SENT_NEUTRAL;
}

static void draw_row(struct view *v, int y, size_t row, const int show[NCOLS], int selected)
{
    struct portfolio *p = P(v);
    WINDOW *w = v->win;
    int position = row < p->pos.n;
    const struct symbol_summary *st = position ? &p->pos.lines[row].sum : &p->watch[row - p->pos.n];
    const struct valuation_in *in = position ? &p->pos.in[row] : NULL;
    const struct valuation_line *val = position ? &p->pos.val[row] : NULL;
    enum term_role base = selected ? ROLE_LIST_SELECTED : ROLE_NORMAL;
    term_fill(w, y, 0, v->w, base);
    int x = 1;
    char buf[32], m[24];
    for (size_t c = 0; c < NCOLS; c++) {
        if (!show[c]) continue;
        int cw = cols[c].width;
        enum term_role role = base;
        buf[0] = '\0';
        switch (c) {
        case C_SYM:
            snprintf(buf, sizeof buf, "%s", st->symbol);
            break;
        case C_QTY:
            if (position) snprintf(buf, sizeof buf, "%*g", cw, in->quantity);
            break;
        case C_LAST:
            if (st->has_last) snprintf(buf, sizeof buf, "%*.2f", cw, st->last);
            break;
        case C_VALUE:
            /* A value at cost carries the mark the header explains. */
            if (position && val->basis != VALUE_NONE) {
                money(m, sizeof m, val->value, 0);
                snprintf(buf, sizeof buf, "%*s%c", cw - 1, m,
                         val->basis == VALUE_AT_COST ? '*' : ' ');
            }
            break;
        case C_PNL:
            if (position && val->has_pnl) {
                money(m, sizeof m, val->pnl, 1);
                snprintf(buf, sizeof buf, "%*s", cw, m);
                role = role_for_money(val->pnl);
            }
            break;
        case C_WT:
            if (position && val->has_weight)
                snprintf(buf, sizeof buf, "%*.0f%%", cw - 1, 100 * val->weight);
            break;
        case C_7D:
            if (st->has_sentiment_7d) {
                snprintf(buf, sizeof buf, "%+*.2f", cw, st->sentiment_7d);
                role = role_for_sentiment(st->sentiment_7d);
            } else {
                snprintf(buf, sizeof buf, "%*s", cw, "-");
            }
            break;
        case C_CHG:
            if (st->has_change) change(buf, sizeof buf, st->change, &role);
            break;
        case C_24H:
            snprintf(buf, sizeof buf, "%*lld", cw, (long long)st->news_24h);
            break;
        }
        if (selected)
            role = base;
        else if (c == C_SYM)
            role = position ? ROLE_HEADER : ROLE_LIST_TICKERS;
        term_put(w, y, x, cw, buf, role);
        x += cw + 1;
    }
}

/* The book on one line: net value (marked when part of it is at cost),
 * P&L and its return on the cost basis, sentiment and its change. */
static void draw_book(struct view *v)
{
    const struct valuation_book *b = &P(v)->book;
    WINDOW *w = v->win;
    char buf[160], a[24];
    int x = 1;
    if (b->has_value) {
        money(a, sizeof a, b->value, 0);
        snprintf(buf, sizeof buf, "Value %s%s ", a, b->n_at_cost ? "*" : "");
        x += term_put(w, 0, x, v->w - x, buf, ROLE_HEADER);
    }
    if (b->has_pnl) {
        money(a, sizeof a, b->pnl, 1);
        if (b->cost_basis > 0)
            snprintf(buf, sizeof buf, "P&L %s (%+.1f%%) ", a, 100 * b->pnl / b->cost_basis);
        else
            snprintf(buf, sizeof buf, "P&L %s ", a);
        x += term_put(w, 0, x, v->w - x, buf, role_for_money(b->pnl));
    }
    x += term_put(w, 0, x, v->w - x, "Sentiment ", ROLE_HEADER);
    x += draw_score(w, 0, x, b->sentiment, b->has_sentiment);
    if (b->has_change) {
        enum term_role role;
        change(a, sizeof a, b->change, &role);
        x += term_put(w, 0, x, v->w - x, " ", ROLE_HEADER);
        x += term_put(w, 0, x, v->w - x, a, role);
    }
    if (b->n_at_cost) term_put(w, 0, x, v->w - x, "  * at cost", ROLE_DIM);
}

static void portfolio_draw(struct view *v)
{
    struct portfolio *p = P(v);
    WINDOW *w = v->win;
    char buf[32];
    draw_book(v);
    int show[NCOLS];
    shown_cols(v->w - 2, show);
    int x = 1;
    for (size_t c = 0; c < NCOLS; c++) {
        if (!show[c]) continue;
        snprintf(buf, sizeof buf, c == 0 ? "%-*s" : "%*s", cols[c].width, cols[c].head);
        term_put(w, 1, x, cols[c].width, buf, ROLE_DIM);
        x += cols[c].width + 1;
    }
    int rows = v->h - 2;
    listbox_clamp(&p->lb, rows);
    for (int i = 0; i < rows && p->lb.top + i < p->lb.n; i++)
        draw_row(v, 2 + i, (size_t)(p->lb.top + i), show,
                 p->lb.top + i == p->lb.sel && v->app->focus == PANE_PORTFOLIO);
    if (!p->lb.n)
        term_put(w, 3, 2, v->w - 4, "No positions or watched symbols: a adds one.", ROLE_DIM);
}

/* The symbol on row i. */
static const char *row_symbol(struct portfolio *p, int i)
{
    size_t r = (size_t)i;
    return r < p->pos.n ? p->pos.lines[r].sum.symbol : p->watch[r - p->pos.n].symbol;
}

static int portfolio_request(struct view *v, enum action a, const char *arg)
{
    struct portfolio *p = P(v);
    /* A copy: the action may reload the rows (removing a symbol does). */
    char buf[SYMBOL_MAX + 1];
    const char *sym = NULL;
    if (p->lb.n) sym = strcpy(buf, row_symbol(p, p->lb.sel));
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

static void portfolio_title(struct view *v, char *buf, size_t size)
{
    (void)v;
    snprintf(buf, size, "Portfolio & watchlist  (Enter filters, p trend, O overview)");
}

static void portfolio_close(struct view *v)
{
    unload(P(v));
}

static struct listbox *portfolio_listbox(struct view *v)
{
    return &P(v)->lb;
}

const struct view_ops portfolio_ops = {
    .name = "portfolio",
    .private_size = sizeof(struct portfolio),
    .close = portfolio_close,
    .load = load,
    .reload_on = RELOAD_WATCH | RELOAD_ARTICLES,
    .draw = portfolio_draw,
    .request = portfolio_request,
    .listbox = portfolio_listbox,
    .listbox_row = 2, /* below the book's line and the column headings */
    .title = portfolio_title,
};
