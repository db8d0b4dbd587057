/* The article list. It holds exactly the rows on screen and moves by
 * keyset pages (store_articles_page from the first or last row), so every
 * key costs the same at a thousand articles as at a million. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/article.h"
#include "core/clock.h"
#include "core/err.h"
#include "core/symbol.h"
#include "storage/articles.h"
#include "storage/store.h"
#include "tui/app.h"
#include "tui/hits.h"

struct list {
    struct article_row *rows; /* newest first; n <= the window's height */
    size_t n;
    int sel;
    int at_top; /* no row comes before rows[0] */
    char error[256];
};

static struct list *L(struct view *v)
{
    return v->priv;
}

static int height(struct view *v)
{
    return v->h > 1 ? v->h : 1;
}

static int page(struct view *v, const struct article_cursor *c, int backward, size_t limit,
                struct article_row **rows, size_t *n)
{
    struct article_filter f;
    app_article_filter(v->app, &f);
    if (store_articles_page(v->app->s, &f, c, backward, limit, rows, n)) {
        snprintf(L(v)->error, sizeof L(v)->error, "%s", err_msg());
        app_message(v->app, ROLE_STATUS_ERROR, "%s", err_msg());
        return -1;
    }
    L(v)->error[0] = '\0';
    return 0;
}

static struct article_cursor cursor_of(struct view *v, const struct article_row *r)
{
    struct article_filter f;
    app_article_filter(v->app, &f);
    return store_article_cursor_of(&f, r);
}

static void row_clear(struct article_row *r)
{
    free(r->feed_name);
    free(r->title);
    free(r->link);
    free(r->tickers);
}

static void replace(struct list *l, struct article_row *rows, size_t n)
{
    store_article_rows_free(l->rows, l->n);
    l->rows = rows;
    l->n = n;
}

static void selected_changed(struct view *v)
{
    struct list *l = L(v);
    if (l->sel >= (int)l->n) l->sel = (int)l->n - 1;
    if (l->sel < 0) l->sel = 0;
    app_select(v->app, l->n ? l->rows[l->sel].id : 0);
    v->dirty = 1;
}

static void load_top(struct view *v)
{
    struct article_row *rows;
    size_t n;
    if (page(v, NULL, 0, (size_t)height(v), &rows, &n)) return;
    replace(L(v), rows, n);
    L(v)->at_top = 1;
}

/* The oldest page: a backward read from before the first row there is. */
static void load_bottom(struct view *v)
{
    struct article_cursor c = {INT64_MIN, INT64_MIN, HUGE_VAL};
    struct article_row *rows;
    size_t n;
    if (page(v, &c, 1, (size_t)height(v), &rows, &n)) return;
    replace(L(v), rows, n);
    L(v)->at_top = 0;
}

/* Re-reads the screen starting at row r itself (a cursor just before it). */
static void load_from(struct view *v, const struct article_row *r)
{
    struct article_cursor c = cursor_of(v, r);
    c.id += 1;
    struct article_row *rows;
    size_t n;
    if (page(v, &c, 0, (size_t)height(v), &rows, &n)) return;
    replace(L(v), rows, n);
}

/* Reads k rows past the last one, dropping as many from the top; returns
 * how many arrived. */
static size_t shift_down(struct view *v, size_t k)
{
    struct list *l = L(v);
    if (!l->n) return 0;
    struct article_cursor c = cursor_of(v, &l->rows[l->n - 1]);
    struct article_row *more;
    size_t m;
    if (page(v, &c, 0, k, &more, &m) || !m) {
        if (!m) free(more);
        return 0;
    }
    size_t h = (size_t)height(v), keep = l->n + m > h ? h - m : l->n;
    if (m >= h) keep = 0;
    size_t drop = l->n - keep;
    struct article_row *rows = calloc(keep + m, sizeof *rows);
    if (!rows) {
        store_article_rows_free(more, m);
        return 0;
    }
    for (size_t i = 0; i < drop; i++)
        row_clear(&l->rows[i]);
    memcpy(rows, l->rows + drop, keep * sizeof *rows);
    memcpy(rows + keep, more, m * sizeof *rows);
    free(more);
    free(l->rows);
    l->rows = rows;
    l->n = keep + m;
    l->sel -= (int)drop;
    l->at_top = l->at_top && drop == 0;
    return m;
}

/* Reads k rows before the first one, dropping as many from the bottom. */
static size_t shift_up(struct view *v, size_t k)
{
    struct list *l = L(v);
    if (!l->n || l->at_top) return 0;
    struct article_cursor c = cursor_of(v, &l->rows[0]);
    struct article_row *more;
    size_t m;
    if (page(v, &c, 1, k, &more, &m)) return 0;
    if (m < k) l->at_top = 1;
    if (!m) {
        free(more);
        return 0;
    }
    size_t h = (size_t)height(v), keep = l->n + m > h ? (m >= h ? 0 : h - m) : l->n;
    struct article_row *rows = calloc(keep + m, sizeof *rows);
    if (!rows) {
        store_article_rows_free(more, m);
        return 0;
    }
    memcpy(rows, more, m * sizeof *rows);
    memcpy(rows + m, l->rows, keep * sizeof *rows);
    struct article_row *old = l->rows;
    size_t oldn = l->n;
    free(more);
    /* The rows pushed off the bottom are freed; the kept ones moved. */
    for (size_t i = keep; i < oldn; i++)
        row_clear(&old[i]);
    free(old);
    l->rows = rows;
    l->n = keep + m;
    l->sel += (int)m;
    return m;
}

/* Fits the buffer to the window after a resize, keeping the selection. */
static void fit(struct view *v)
{
    struct list *l = L(v);
    size_t h = (size_t)height(v);
    if (l->n > h) {
        size_t drop = l->sel >= (int)h ? (size_t)l->sel - h + 1 : 0;
        for (size_t i = 0; i < l->n; i++)
            if (i < drop || i >= drop + h) row_clear(&l->rows[i]);
        memmove(l->rows, l->rows + drop, h * sizeof *l->rows);
        l->n = h;
        l->sel -= (int)drop;
        if (drop) l->at_top = 0;
    } else if (l->n && l->n < h) {
        /* shift_down drops rows only past the height, so it just fills. */
        shift_down(v, h - l->n);
        if (l->n < h) shift_up(v, h - l->n);
    }
}

static void keep_selection(struct view *v, int64_t id, const struct article_row *anchor)
{
    struct list *l = L(v);
    for (size_t i = 0; i < l->n; i++)
        if (l->rows[i].id == id) {
            l->sel = (int)i;
            return;
        }
    if (anchor) {
        struct article_row copy = *anchor;
        load_from(v, &copy);
        l->sel = 0;
    }
}

static void list_reload(struct view *v, int what)
{
    struct list *l = L(v);
    v->dirty = 1;
    if (what & RELOAD_FILTER || !l->n) {
        load_top(v);
        l->sel = 0;
        selected_changed(v);
        return;
    }
    if (!(what & (RELOAD_ARTICLES | RELOAD_FLAGS | RELOAD_WATCH))) return;
    if ((what & RELOAD_WATCH) && !(what & ~RELOAD_WATCH) && !v->app->filt.watchlist &&
        !v->app->filt.tag[0])
        return;
    /* New rows may have come in above: keep the selected article where it is. */
    struct article_row first = l->rows[0], cur = l->rows[l->sel];
    first.feed_name = first.title = first.link = first.tickers = NULL;
    cur.feed_name = cur.title = cur.link = cur.tickers = NULL;
    if (l->at_top && (what & RELOAD_ARTICLES))
        load_top(v);
    else
        load_from(v, &first);
    keep_selection(v, cur.id, &cur);
    fit(v);
    selected_changed(v);
}

/* The widths of the source and ticker columns for this screen of rows: the
 * spare width after the time and the score is shared, the headline keeping
 * most of it; the source column is as wide as the longest name shown, up to
 * its share (a fifth of the spare width: 11 columns at 80, 17 at 200). */
struct columns {
    int time_long, source, tickers; /* tickers: the most a row's may take */
    int year;                       /* this year, as struct tm counts it */
    struct hits hits;               /* the search's words, marked in headlines */
};

static struct columns columns_for(struct view *v)
{
    struct list *l = L(v);
    struct columns c = {.time_long = v->w >= 100, .year = -1};
    time_t now = (time_t)clock_now(); /* a pinned BULLPEN_NOW pins the year too */
    struct tm tm;
    if (localtime_r(&now, &tm)) c.year = tm.tm_year;
    int spare = v->w - (3 + (c.time_long ? 16 : 11) + 1) - 6;
    int cap = spare / 5 < 24 ? spare / 5 : 24;
    int tcap = spare / 5 < 18 ? spare / 5 : 18;
    if (cap < 6) cap = 0;
    for (size_t i = 0; i < l->n; i++) {
        int sw = l->rows[i].feed_name ? term_width(l->rows[i].feed_name) : 0;
        if (sw > c.source) c.source = sw;
    }
    if (c.source > cap) c.source = cap;
    c.tickers = tcap;
    hits_parse(v->app->filt.query, &c.hits);
    return c;
}

/* The time in 11 columns, as mail readers show it: "06-10 14:30" this
 * year, "2024-06-10" another year (the day is enough then). */
static void short_time(int64_t t, int year, char *buf, size_t size)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!localtime_r(&tt, &tm)) {
        snprintf(buf, size, "?");
        return;
    }
    strftime(buf, size, tm.tm_year == year ? "%m-%d %H:%M" : "%Y-%m-%d", &tm);
}

/* The headline, cut like any text, with the search's words marked. */
static void draw_headline(struct view *v, const struct columns *c, int y, int x, int maxw,
                          const char *title, enum term_role base)
{
    struct tchar *t;
    size_t n, keep;
    unsigned char *mark;
    if (!c->hits.n || maxw <= 0 || term_sanitize(title, strlen(title), 0, &t, &n)) {
        term_put(v->win, y, x, maxw, title, base);
        return;
    }
    if (!(mark = calloc(n ? n : 1, 1))) {
        free(t);
        term_put(v->win, y, x, maxw, title, base);
        return;
    }
    hits_mark(&c->hits, t, n, mark);
    int cut = term_fit(t, n, maxw, &keep), x0 = x;
    for (size_t i = 0; i < keep;) {
        size_t j = i;
        while (j < keep && mark[j] == mark[i])
            j++;
        x += term_put_tchars(v->win, y, x, maxw - (x - x0), t + i, j - i,
                             term_attr(mark[i] ? ROLE_SEARCH_MATCH : base));
        i = j;
    }
    if (cut) term_glyph(v->win, y, x, L'…', '~', term_attr(base));
    free(mark);
    free(t);
}

static void list_draw_row(struct view *v, const struct columns *c, int y,
                          const struct article_row *r, int selected)
{
    WINDOW *w = v->win;
    int W = v->w, x = 0;
    enum term_role base = selected    ? ROLE_LIST_SELECTED
                          : r->unread ? ROLE_LIST_UNREAD
                                      : ROLE_NORMAL;
    term_fill(w, y, 0, W, base);
    attr_t ba = term_attr(base);
    term_glyph(w, y, x++, r->unread ? L'●' : L' ', r->unread ? 'N' : ' ', ba);
    term_glyph(w, y, x++, r->starred ? L'★' : L' ', r->starred ? '*' : ' ',
               selected ? ba : term_attr(ROLE_STAR));
    x++;
    char t[32];
    if (c->time_long)
        fmt_time(r->published, t, sizeof t);
    else
        short_time(r->published, c->year, t, sizeof t);
    term_put(w, y, x, W - x, t, selected ? base : ROLE_LIST_TIME);
    x += (c->time_long ? 16 : 11) + 1; /* the column's width, whatever the year */
    if (c->source) {
        term_put(w, y, x, c->source, r->feed_name ? r->feed_name : "",
                 selected ? base : ROLE_LIST_SOURCE);
        x += c->source + 1;
    }
    /* Right side: tickers then the sentiment score. */
    int right = W - 6;
    if (c->tickers && r->tickers) {
        /* Whole symbols only: the ones that do not fit are left out. */
        char tk[128];
        snprintf(tk, sizeof tk, "%s", r->tickers);
        int tw = term_width(tk);
        char *sp;
        while (tw > c->tickers && (sp = strrchr(tk, ' '))) {
            *sp = '\0';
            tw = term_width(tk);
        }
        if (tw <= c->tickers && tw > 0) {
            term_put(w, y, right - tw, tw, tk, selected ? base : ROLE_LIST_TICKERS);
            right -= tw + 1;
        }
    }
    if (r->copies > 0 && right - x > 8) {
        /* The other feeds carrying the story (the article pane names them). */
        char more[16];
        snprintf(more, sizeof more, "+%d", r->copies);
        x += term_put(w, y, x, right - x, more, selected ? base : ROLE_DIM) + 1;
    }
    draw_headline(v, c, y, x, right - x, article_title_shown(r->title), base);
    if (selected) {
        char buf[16];
        if (r->has_sentiment) snprintf(buf, sizeof buf, "%+.2f", r->sentiment);
        term_put(w, y, W - 5, 5, r->has_sentiment ? buf : "    -", base);
    } else {
        draw_score(w, y, W - 5, r->sentiment, r->has_sentiment);
    }
}

static void list_draw(struct view *v)
{
    struct list *l = L(v);
    struct columns c = columns_for(v);
    for (size_t i = 0; i < l->n && (int)i < v->h; i++)
        list_draw_row(v, &c, (int)i, &l->rows[i], (int)i == l->sel);
    if (!l->n) {
        const char *msg = l->error[0] ? l->error
                          : store_articles_count(v->app->s) > 0
                              ? "No articles match: c clears the filters."
                              : "No articles yet. Add a feed: bullpen feeds add URL";
        term_put(v->win, 1, 2, v->w - 4, msg, ROLE_DIM);
    }
}

static const char *row_ticker(const struct article_row *r, char out[SYMBOL_MAX + 1])
{
    if (!r || !r->tickers) return NULL;
    char first[32] = "";
    sscanf(r->tickers, "%31s", first);
    return first[0] && !symbol_normalize(first, out) ? out : NULL;
}

/* Writes only the flag the key changed (the other stays -1), so a change
 * another process made to the other flag since this row was read is kept. */
static void set_flags(struct view *v, struct article_row *r, int unread, int starred)
{
    if (store_article_mark(v->app->s, r->id, unread == r->unread ? -1 : unread,
                           starred == r->starred ? -1 : starred) < 0) {
        app_message(v->app, ROLE_STATUS_ERROR, "%s", err_msg());
        return;
    }
    r->unread = unread;
    r->starred = starred;
    app_reload(v->app, RELOAD_FLAGS);
}

/* A list mode's argument: NULL toggles cur, on (1) or off (0) by name;
 * -1 after saying what is wrong. */
static int mode_arg(struct app *app, const char *what, const char *arg, const char *on,
                    const char *off, int cur)
{
    if (!arg) return !cur;
    if (!strcmp(arg, on) || !strcmp(arg, off)) return !strcmp(arg, on);
    app_message(app, ROLE_STATUS_ERROR, "%s: '%s' is not %s or %s", what, arg, off, on);
    return -1;
}

/* :group on|off, or a toggle: one row per story, kept in the store. */
static void set_group(struct view *v, const char *arg)
{
    struct app *app = v->app;
    int on = mode_arg(app, "group", arg, "on", "off", !app->ungrouped);
    if (on < 0) return;
    app->ungrouped = !on;
    app->new_articles = 0;
    app_reload(app, RELOAD_FILTER);
    if (store_meta_set(app->s, "ui.group", on ? "on" : "off"))
        app_message(app, ROLE_STATUS_ERROR, "group: not kept: %s", err_msg());
    else
        app_message(app, ROLE_STATUS,
                    on ? "one row per story, +N the other feeds carrying it"
                       : "every copy of a story its own row");
}

/* :order newest|best, or a toggle: a search's order, the same matches. */
static void set_order(struct view *v, const char *arg)
{
    struct app *app = v->app;
    int best = mode_arg(app, "order", arg, "best", "newest", app->best_match);
    if (best < 0) return;
    app->best_match = best;
    app->new_articles = 0;
    app_reload(app, RELOAD_FILTER);
    if (!best)
        app_message(app, ROLE_STATUS, "searches list the newest first");
    else
        app_message(app, ROLE_STATUS, "searches list the best match first (of the newest %d)%s",
                    STORE_RANK_WINDOW, app->filt.query[0] ? "" : ": / searches");
}

static int list_request(struct view *v, enum action a, const char *arg)
{
    struct list *l = L(v);
    struct article_row *r = l->n ? &l->rows[l->sel] : NULL;
    int h = height(v), s = l->sel;
    char sym[SYMBOL_MAX + 1];
    switch (a) {
    case ACT_MOVE_DOWN:
        if (l->sel + 1 >= (int)l->n) shift_down(v, 1);
        if (l->sel + 1 < (int)l->n) l->sel++;
        break;
    case ACT_MOVE_UP:
        if (l->sel == 0) shift_up(v, 1);
        if (l->sel > 0) l->sel--;
        break;
    case ACT_PAGE_DOWN:
        if (shift_down(v, (size_t)h))
            l->sel = s;
        else
            l->sel = (int)l->n - 1;
        break;
    case ACT_PAGE_UP:
        if (shift_up(v, (size_t)h))
            l->sel = s;
        else
            l->sel = 0;
        fit(v);
        break;
    case ACT_MOVE_FIRST:
        load_top(v);
        l->sel = 0;
        v->app->new_articles = 0;
        v->app->status_dirty = 1;
        break;
    case ACT_MOVE_LAST:
        load_bottom(v);
        l->sel = (int)l->n - 1;
        break;
    case ACT_ENTER:
        if (!r) return 1;
        if (r->unread) set_flags(v, r, 0, r->starred);
        app_focus(v->app, PANE_DETAIL);
        return 1;
    case ACT_STAR:
        if (r) set_flags(v, r, r->unread, !r->starred);
        return 1;
    case ACT_TOGGLE_READ:
        if (r) set_flags(v, r, !r->unread, r->starred);
        return 1;
    case ACT_ORDER:
        set_order(v, arg);
        return 1;
    case ACT_GROUP:
        set_group(v, arg);
        return 1;
    case ACT_OPEN_LINK:
        if (r && app_open_url(r->link))
            app_message(v->app, ROLE_STATUS_ERROR, "%s", err_msg());
        else if (r)
            app_message(v->app, ROLE_STATUS, "opening the link");
        return 1;
    case ACT_FILTER_THIS:
    case ACT_TREND:
    case ACT_WATCH_ADD:
    case ACT_WATCH_RM:
    case ACT_WATCH_TAG:
        if (arg || !row_ticker(r, sym)) return 0;
        return app_global(v->app, a == ACT_FILTER_THIS ? ACT_FILTER_TICKER : a, sym);
    default:
        return 0;
    }
    if (l->sel >= (int)l->n) l->sel = (int)l->n - 1;
    if (l->sel < 0) l->sel = 0;
    selected_changed(v);
    return 1;
}

static void list_mouse(struct view *v, int y, int x, int button)
{
    (void)x; /* rows are picked by line alone */
    struct list *l = L(v);
    (void)x;
    if (button == 4 || button == 5) {
        for (int i = 0; i < 3; i++)
            list_request(v, button == 4 ? ACT_MOVE_UP : ACT_MOVE_DOWN, NULL);
        return;
    }
    if (y < 0 || y >= (int)l->n) return;
    if (y == l->sel) {
        list_request(v, ACT_ENTER, NULL);
        return;
    }
    l->sel = y;
    selected_changed(v);
}

static void list_title(struct view *v, char *buf, size_t size)
{
    char f[256];
    app_filter_text(v->app, f, sizeof f);
    snprintf(buf, size, "Articles: %s%s", f, L(v)->at_top ? "" : "  (more above: g)");
}

static int list_open(struct view *v, const char *arg)
{
    (void)arg;
    /* Grouping is a setting kept in the store (:group), on by default. */
    char *group = store_meta_get(v->app->s, "ui.group");
    v->app->ungrouped = group && !strcmp(group, "off");
    free(group);
    load_top(v);
    selected_changed(v);
    return 0;
}

static void list_close(struct view *v)
{
    store_article_rows_free(L(v)->rows, L(v)->n);
}

const struct view_ops list_ops = {
    .name = "list",
    .private_size = sizeof(struct list),
    .open = list_open,
    .close = list_close,
    .reload = list_reload,
    .draw = list_draw,
    .request = list_request,
    .mouse = list_mouse,
    .resize = fit,
    .title = list_title,
};
