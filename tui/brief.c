/* The brief view (B): the same page as `bullpen brief`, one line per row;
 * the cursor stops on every line; Enter on a claim or headline opens its
 * article in the article pane. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/brief.h"
#include "core/clock.h"
#include "core/err.h"
#include "storage/brief.h"
#include "tui/app.h"
#include "tui/listbox.h"

struct brief_view {
    struct listbox lb;
    struct brief_line *lines;
    size_t n;
    int64_t window;
};

static struct brief_view *B(struct view *v)
{
    return v->priv;
}

static void load(struct view *v)
{
    struct brief_view *b = B(v);
    brief_lines_free(b->lines, b->n);
    b->lines = NULL;
    b->n = 0;
    struct brief br;
    struct brief_opts o = {.now = clock_now()};
    o.since = o.now - b->window;
    if (store_brief_build(v->app->s, &o, &br) || brief_lines(&br, &b->lines, &b->n)) {
        app_message(v->app, ROLE_STATUS_ERROR, "brief: %s", err_msg());
        if (br.names) brief_free(&br);
        return;
    }
    brief_free(&br);
    b->lb.n = (int)b->n;
    v->dirty = 1;
}

static enum term_role role_of(const struct brief_line *l)
{
    switch (l->kind) {
    case BRIEF_LINE_HEAD:
        return ROLE_HEADER;
    case BRIEF_LINE_NAME:
        return ROLE_LIST_TICKERS;
    case BRIEF_LINE_ITEM:
        return l->has_score ? role_for_sentiment(l->score) : ROLE_DIM;
    default:
        return l->has_score ? role_for_sentiment(l->score) : ROLE_NORMAL;
    }
}

static void brief_draw(struct view *v)
{
    struct brief_view *b = B(v);
    listbox_clamp(&b->lb, v->h);
    for (int i = 0; i < v->h && b->lb.top + i < b->lb.n; i++) {
        const struct brief_line *l = &b->lines[b->lb.top + i];
        int sel = b->lb.top + i == b->lb.sel;
        if (sel) term_fill(v->win, i, 0, v->w, ROLE_LIST_SELECTED);
        term_put(v->win, i, 1, v->w - 2, l->text, sel ? ROLE_LIST_SELECTED : role_of(l));
    }
}

static int brief_request(struct view *v, enum action a, const char *arg)
{
    struct brief_view *b = B(v);
    if (a == ACT_TREND_RANGE) { /* z: a day, a week */
        b->window = b->window == 86400 ? 7 * 86400 : 86400;
        b->lb.sel = b->lb.top = 0;
        load(v);
        return 1;
    }
    if (a == ACT_ENTER && !arg && b->n) {
        int64_t id = b->lines[b->lb.sel].article_id;
        if (!id) {
            app_message(v->app, ROLE_STATUS, "Enter opens the article of a claim or headline");
            return 1;
        }
        app_show_article(v->app, id);
        return 1;
    }
    return 0;
}

static void brief_title(struct view *v, char *buf, size_t size)
{
    snprintf(buf, size, "Brief: last %s  (Enter opens the article, z day/week, q closes)",
             B(v)->window == 86400 ? "24 hours" : "7 days");
}

static int brief_open(struct view *v, const char *arg)
{
    (void)arg;
    B(v)->window = 86400;
    return 0;
}

static void brief_close(struct view *v)
{
    brief_lines_free(B(v)->lines, B(v)->n);
}

static struct listbox *brief_listbox(struct view *v)
{
    return &B(v)->lb;
}

const struct view_ops brief_ops = {
    .name = "brief",
    .private_size = sizeof(struct brief_view),
    .open = brief_open,
    .close = brief_close,
    .load = load,
    .reload_on = RELOAD_ARTICLES | RELOAD_WATCH,
    .draw = brief_draw,
    .request = brief_request,
    .close_on = ACT_BRIEF,
    .listbox = brief_listbox,
    .title = brief_title,
};
