/* The feed status view: every feed with its last outcome, when it is next
 * due, error and count; Enter filters the article list by the feed, x turns
 * full text on or off for it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/err.h"
#include "core/str.h"
#include "storage/articles.h"
#include "storage/feeds.h"
#include "tui/app.h"
#include "tui/listbox.h"
#include "tui/wrap.h"

struct feeds {
    struct feed_row *rows;
    int64_t *unread; /* per row; -1 unknown */
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
    free(f->unread);
    f->rows = NULL;
    f->unread = NULL;
    f->n = 0;
    if (store_feed_list(v->app->s, &f->rows, &f->n))
        app_message(v->app, ROLE_STATUS_ERROR, "feeds: %s", err_msg());
    f->unread = calloc(f->n ? f->n : 1, sizeof *f->unread);
    for (size_t i = 0; f->unread && i < f->n; i++)
        f->unread[i] = store_articles_unread(v->app->s, f->rows[i].id, APP_UNREAD_CAP);
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

static const char *feed_name(const struct feed_row *r)
{
    return r->name ? r->name : r->title ? r->title : r->url ? r->url : "";
}

/* "12/340", "9999+/12000": unread of total. */
static void counts(int64_t unread, int64_t total, char *buf, size_t size)
{
    char un[16];
    app_fmt_unread(unread, un, sizeof un);
    snprintf(buf, size, "%s/%lld", un, (long long)total);
}

/* Rows below the list for the selected feed in full (its name, URL and
 * whole last error, which the list's last column cuts at 80 columns);
 * none on a screen too short to spare them. */
enum { FOOT_ROWS = 3 };

static int feeds_foot(const struct view *v)
{
    return v->h >= 12 ? FOOT_ROWS : 0;
}

/* What went wrong with r, if anything: its last fetch's error when that
 * failed, else its article pages' (full text); NULL when neither. *label
 * says which ("last error: ", "full text: "). */
static const char *feed_problem(const struct feed_row *r, const char **label)
{
    if (r->status && !strcmp(r->status, "error") && r->last_error) {
        *label = "last error: ";
        return r->last_error;
    }
    *label = "full text: ";
    return r->full_text_error;
}

/* The selected feed in full on the foot's rows from y: name and URL, then
 * its problem word-wrapped over the rest. */
static void draw_foot(struct view *v, const struct feed_row *r, int y)
{
    WINDOW *w = v->win;
    for (int i = 0; i < FOOT_ROWS; i++)
        term_fill(w, y + i, 0, v->w, ROLE_NORMAL);
    int x = 1 + term_put(w, y, 1, v->w - 2, feed_name(r), ROLE_NORMAL);
    if (r->url && x + 2 < v->w - 1) term_put(w, y, x + 2, v->w - x - 3, r->url, ROLE_DIM);
    const char *label, *problem = feed_problem(r, &label);
    struct sbuf b = {0};
    if (problem && !sbuf_printf(&b, "%s%s", label, problem))
        wrap_put(w, y + 1, 1, v->w - 2, FOOT_ROWS - 1, b.p, term_attr(ROLE_SENT_NEG));
    sbuf_free(&b);
}

static void feeds_draw(struct view *v)
{
    struct feeds *f = F(v);
    WINDOW *w = v->win;
    char buf[64], a[32];
    /* Fixed columns, then the name and the URL (or error) share the rest:
     * the name as wide as the longest, up to half of it. */
    enum { C_ID = 1, W_ID = 4, W_STATUS = 9, W_FETCHED = 9, W_COUNT = 13, W_NEXT = 7, W_TEXT = 4 };
    int fixed =
        C_ID + W_ID + 2 + W_STATUS + 1 + W_FETCHED + 1 + W_COUNT + 2 + W_NEXT + 1 + W_TEXT + 1;
    int rest = v->w - fixed - 2, name_w = 4;
    for (size_t i = 0; i < f->n; i++) {
        int nw = term_width(feed_name(&f->rows[i]));
        if (nw > name_w) name_w = nw;
    }
    if (name_w > rest / 2) name_w = rest / 2 > 8 ? rest / 2 : 8;
    int c_name = C_ID + W_ID + 2, c_status = c_name + name_w + 1,
        c_fetched = c_status + W_STATUS + 1, c_count = c_fetched + W_FETCHED + 1,
        c_next = c_count + W_COUNT + 2, c_text = c_next + W_NEXT + 1, c_url = c_text + W_TEXT + 1;
    term_put(w, 0, C_ID, W_ID, "  ID", ROLE_DIM);
    term_put(w, 0, c_name, name_w, "FEED", ROLE_DIM);
    term_put(w, 0, c_status, W_STATUS, "STATUS", ROLE_DIM);
    term_put(w, 0, c_fetched, W_FETCHED, "FETCHED", ROLE_DIM);
    term_put(w, 0, c_count + W_COUNT - 12, 12, "UNREAD/TOTAL", ROLE_DIM);
    term_put(w, 0, c_next, W_NEXT, "NEXT", ROLE_DIM);
    term_put(w, 0, c_text, W_TEXT, "TEXT", ROLE_DIM);
    term_put(w, 0, c_url, v->w - c_url - 1, "LAST ERROR / URL", ROLE_DIM);
    int foot = feeds_foot(v), rows = v->h - 1 - foot;
    listbox_clamp(&f->lb, rows);
    for (int i = 0; i < rows && f->lb.top + i < f->lb.n; i++) {
        int k = f->lb.top + i, y = i + 1, sel = k == f->lb.sel;
        const struct feed_row *r = &f->rows[k];
        enum term_role base = sel ? ROLE_LIST_SELECTED : ROLE_NORMAL;
        term_fill(w, y, 0, v->w, base);
        snprintf(buf, sizeof buf, "%4lld", (long long)r->id);
        term_put(w, y, C_ID, W_ID, buf, base);
        term_put(w, y, c_name, name_w, feed_name(r), base);
        const char *st = r->status ? r->status : "new";
        int bad = r->status && !strcmp(r->status, "error");
        term_put(w, y, c_status, W_STATUS, st, sel ? base : bad ? ROLE_SENT_NEG : ROLE_SENT_POS);
        age(r->last_fetch, a, sizeof a);
        term_put(w, y, c_fetched, W_FETCHED, a, sel ? base : ROLE_LIST_TIME);
        counts(f->unread ? f->unread[k] : -1, r->article_count, a, sizeof a);
        int cw = term_width(a);
        term_put(w, y, c_count + (cw < W_COUNT ? W_COUNT - cw : 0), W_COUNT, a, base);
        due(r->next_fetch, a, sizeof a);
        term_put(w, y, c_next, W_NEXT, a, sel ? base : ROLE_LIST_TIME);
        term_put(w, y, c_text, W_TEXT, r->full_text ? "full" : "", base);
        const char *label, *problem = feed_problem(r, &label);
        if (problem)
            term_put(w, y, c_url, v->w - c_url - 1, problem, sel ? base : ROLE_SENT_NEG);
        else
            term_put(w, y, c_url, v->w - c_url - 1, r->url, sel ? base : ROLE_DIM);
    }
    if (!f->n)
        term_put(w, 2, 2, v->w - 4, "No feeds. Add one with: bullpen feeds add URL", ROLE_DIM);
    else if (foot)
        draw_foot(v, &f->rows[f->lb.sel], v->h - foot);
}

static int feeds_request(struct view *v, enum action a, const char *arg)
{
    struct feeds *f = F(v);
    if (a == ACT_ENTER && f->n && !arg) {
        char id[32];
        snprintf(id, sizeof id, "=%lld", (long long)f->rows[f->lb.sel].id);
        return app_global(v->app, ACT_FILTER_FEED, id); /* closes this view */
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

static void feeds_title(struct view *v, char *buf, size_t size)
{
    snprintf(buf, size,
             "Feeds: %zu  (Enter filters the list, x full text on/off, r fetches now, q closes)",
             F(v)->n);
}

static int feeds_open(struct view *v, const char *arg)
{
    (void)arg;
    v->tick = 1; /* "fetched 4s ago" moves on */
    return 0;
}

static void feeds_close(struct view *v)
{
    store_feed_rows_free(F(v)->rows, F(v)->n);
    free(F(v)->unread);
}

static struct listbox *feeds_listbox(struct view *v)
{
    return &F(v)->lb;
}

const struct view_ops feeds_ops = {
    .name = "feeds",
    .private_size = sizeof(struct feeds),
    .open = feeds_open,
    .close = feeds_close,
    .load = load,
    .reload_on = RELOAD_FEEDS | RELOAD_ARTICLES,
    .draw = feeds_draw,
    .request = feeds_request,
    .close_on = ACT_FEEDS,
    .listbox = feeds_listbox,
    .listbox_row = 1,
    .listbox_foot = feeds_foot,
    .title = feeds_title,
};
