/* The feed status view: every feed with its last outcome, when it is next
 * due, error and count; Enter filters the article list by the feed, x turns
 * full text on or off for it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/err.h"
#include "storage/feeds.h"
#include "tui/app.h"
#include "tui/listbox.h"

struct feeds {
    struct feed_row *rows;
    size_t n;
    struct listbox lb;
};

static struct feeds *F(struct view *v)
{
    return v->priv;
}

static void load(struct view *v)
{
    struct feeds *f = F(v);
    store_feed_rows_free(f->rows, f->n);
    f->rows = NULL;
    f->n = 0;
    if (store_feed_list(v->app->s, &f->rows, &f->n))
        app_message(v->app, ROLE_STATUS_ERROR, "feeds: %s", err_msg());
    f->lb.n = (int)f->n;
    v->dirty = 1;
}

static void age(int64_t t, char *buf, size_t size)
{
    int64_t d = (int64_t)time(NULL) - t;
    if (!t)
        snprintf(buf, size, "never");
    else if (d < 120)
        snprintf(buf, size, "%llds ago", (long long)d);
    else if (d < 7200)
        snprintf(buf, size, "%lldm ago", (long long)(d / 60));
    else if (d < 172800)
        snprintf(buf, size, "%lldh ago", (long long)(d / 3600));
    else
        snprintf(buf, size, "%lldd ago", (long long)(d / 86400));
}

/* "in 4m", "now" */
static void due(int64_t t, char *buf, size_t size)
{
    int64_t d = t - clock_now();
    if (d <= 0)
        snprintf(buf, size, "now");
    else if (d < 120)
        snprintf(buf, size, "in %llds", (long long)d);
    else if (d < 7200)
        snprintf(buf, size, "in %lldm", (long long)(d / 60));
    else if (d < 172800)
        snprintf(buf, size, "in %lldh", (long long)(d / 3600));
    else
        snprintf(buf, size, "in %lldd", (long long)(d / 86400));
}

static void feeds_draw(struct view *v)
{
    struct feeds *f = F(v);
    WINDOW *w = v->win;
    char buf[256], a[32];
    snprintf(buf, sizeof buf, "%4s  %-24s %-9s %-9s %8s  %-7s %-4s %s", "ID", "FEED", "STATUS",
             "FETCHED", "ARTICLES", "NEXT", "TEXT", "LAST ERROR / URL");
    term_put(w, 0, 1, v->w - 2, buf, ROLE_DIM);
    int rows = v->h - 1;
    listbox_clamp(&f->lb, rows);
    for (int i = 0; i < rows && f->lb.top + i < f->lb.n; i++) {
        int k = f->lb.top + i, y = i + 1, sel = k == f->lb.sel;
        const struct feed_row *r = &f->rows[k];
        enum term_role base = sel ? ROLE_LIST_SELECTED : ROLE_NORMAL;
        term_fill(w, y, 0, v->w, base);
        snprintf(buf, sizeof buf, "%4lld", (long long)r->id);
        term_put(w, y, 1, 4, buf, base);
        term_put(w, y, 7, 24, r->name ? r->name : r->title ? r->title : r->url, base);
        const char *st = r->status ? r->status : "new";
        int bad = r->status && !strcmp(r->status, "error");
        term_put(w, y, 32, 9, st, sel ? base : bad ? ROLE_SENT_NEG : ROLE_SENT_POS);
        age(r->last_fetch, a, sizeof a);
        term_put(w, y, 42, 9, a, sel ? base : ROLE_LIST_TIME);
        snprintf(buf, sizeof buf, "%8lld", (long long)r->article_count);
        term_put(w, y, 52, 8, buf, base);
        due(r->next_fetch, a, sizeof a);
        term_put(w, y, 62, 7, a, sel ? base : ROLE_LIST_TIME);
        term_put(w, y, 70, 4, r->full_text ? "full" : "", base);
        if (bad && r->last_error)
            term_put(w, y, 75, v->w - 76, r->last_error, sel ? base : ROLE_SENT_NEG);
        else if (r->full_text_error)
            term_put(w, y, 75, v->w - 76, r->full_text_error, sel ? base : ROLE_SENT_NEG);
        else
            term_put(w, y, 75, v->w - 76, r->url, sel ? base : ROLE_DIM);
    }
    if (!f->n)
        term_put(w, 2, 2, v->w - 4, "No feeds. Add one with: bullpen feeds add URL", ROLE_DIM);
}

static int feeds_request(struct view *v, enum action a, const char *arg)
{
    struct feeds *f = F(v);
    if (listbox_request(&f->lb, a, v->h - 1)) {
        v->dirty = 1;
        return 1;
    }
    if (a == ACT_ENTER && f->n && !arg) {
        char id[32];
        snprintf(id, sizeof id, "=%lld", (long long)f->rows[f->lb.sel].id);
        app_close_overlay(v);
        return app_global(v->app, ACT_FILTER_FEED, id);
    }
    if (a == ACT_FULL_TEXT && f->n) {
        const struct feed_row *r = &f->rows[f->lb.sel];
        int on = !r->full_text;
        if (store_feed_set_full_text(v->app->s, r->id, on) < 0) {
            app_message(v->app, ROLE_STATUS_ERROR, "feeds: %s", err_msg());
            return 1;
        }
        app_message(v->app, ROLE_STATUS, "full text %s for %s", on ? "on" : "off",
                    r->name    ? r->name
                    : r->title ? r->title
                               : r->url);
        load(v);
        return 1;
    }
    return 0;
}

static void feeds_mouse(struct view *v, int y, int x, int button)
{
    (void)x;
    if (listbox_mouse(&F(v)->lb, y - 1, button, v->h - 1)) feeds_request(v, ACT_ENTER, NULL);
    v->dirty = 1;
}

static void feeds_reload(struct view *v, int what)
{
    if (what & (RELOAD_FEEDS | RELOAD_ARTICLES)) load(v);
    v->dirty = 1;
}

static void feeds_title(struct view *v, char *buf, size_t size)
{
    snprintf(buf, size,
             "Feeds: %zu  (Enter filters the list, x full text on/off, r fetches now, q closes)",
             F(v)->n);
}

static int feeds_open(struct view *v, const char *arg)
{
    (void)arg;
    v->priv = calloc(1, sizeof(struct feeds));
    if (!v->priv) return err_set("out of memory");
    load(v);
    return 0;
}

static void feeds_close(struct view *v)
{
    if (!v->priv) return;
    store_feed_rows_free(F(v)->rows, F(v)->n);
    free(v->priv);
    v->priv = NULL;
}

const struct view_ops feeds_ops = {
    "feeds",       feeds_open,  feeds_close,  feeds_draw,
    feeds_request, feeds_mouse, feeds_reload, feeds_title,
};
