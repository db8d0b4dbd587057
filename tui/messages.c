/* The messages view (M): what the status line said, newest first, one row
 * each, and below the list the selected one whole, for a message the status
 * line cut at the terminal's width. It reads the app's log (app_msg_at) and
 * nothing else. */
#include <stdio.h>
#include <time.h>

#include "tui/app.h"
#include "tui/listbox.h"
#include "tui/wrap.h"

struct messages {
    struct listbox lb;
};

/* Rows below the list for the selected message whole: up to four of
 * wrapped text, under a blank one; none on a screen too short. */
enum { FOOT_ROWS = 5 };

static int messages_foot(const struct view *v)
{
    return v->h >= 14 ? FOOT_ROWS : 0;
}

static struct messages *M(struct view *v)
{
    return v->priv;
}

/* "14:02:31" today, "12-01 14:02" another day (local time). */
static void when(int64_t at, char *buf, size_t size)
{
    time_t t = (time_t)at, now = time(NULL);
    struct tm tm, today;
    localtime_r(&t, &tm);
    localtime_r(&now, &today);
    if (tm.tm_year == today.tm_year && tm.tm_yday == today.tm_yday)
        strftime(buf, size, "%H:%M:%S", &tm);
    else
        strftime(buf, size, "%m-%d %H:%M", &tm);
}

static enum term_role role_of(const struct app_msg *m)
{
    return m->role == ROLE_STATUS_ERROR ? ROLE_SENT_NEG : ROLE_NORMAL;
}

static void draw_foot(struct view *v, const struct app_msg *m, int y)
{
    for (int i = 0; i < FOOT_ROWS; i++)
        term_fill(v->win, y + i, 0, v->w, ROLE_NORMAL);
    wrap_put(v->win, y + 1, 1, v->w - 2, FOOT_ROWS - 1, m->text, term_attr(role_of(m)));
}

static void messages_draw(struct view *v)
{
    struct messages *ms = M(v);
    WINDOW *w = v->win;
    ms->lb.n = v->app->msg_log_n;
    int foot = messages_foot(v), rows = v->h - foot;
    listbox_clamp(&ms->lb, rows);
    char at[32], count[24];
    for (int i = 0; i < rows && ms->lb.top + i < ms->lb.n; i++) {
        int k = ms->lb.top + i, sel = k == ms->lb.sel;
        const struct app_msg *m = app_msg_at(v->app, k);
        enum term_role base = sel ? ROLE_LIST_SELECTED : ROLE_NORMAL;
        term_fill(w, i, 0, v->w, base);
        when(m->at, at, sizeof at);
        int x = 1 + term_put(w, i, 1, v->w - 2, at, sel ? base : ROLE_LIST_TIME) + 2;
        if (m->repeats > 1) {
            snprintf(count, sizeof count, "(%dx) ", m->repeats);
            x += term_put(w, i, x, v->w - x - 1, count, sel ? base : ROLE_DIM);
        }
        if (x < v->w - 1) term_put(w, i, x, v->w - x - 1, m->text, sel ? base : role_of(m));
    }
    if (!ms->lb.n)
        term_put(w, 1, 2, v->w - 4, "No messages yet: what the status line says is kept here.",
                 ROLE_DIM);
    else if (foot)
        draw_foot(v, app_msg_at(v->app, ms->lb.sel), v->h - foot);
}

static int messages_open(struct view *v, const char *arg)
{
    (void)arg;
    M(v)->lb.n = v->app->msg_log_n;
    return 0;
}

static void messages_title(struct view *v, char *buf, size_t size)
{
    snprintf(buf, size, "Messages: %d  (newest first, the selected one whole below; q closes)",
             v->app->msg_log_n);
}

static struct listbox *messages_listbox(struct view *v)
{
    return &M(v)->lb;
}

const struct view_ops messages_ops = {
    .name = "messages",
    .private_size = sizeof(struct messages),
    .open = messages_open,
    .draw = messages_draw,
    .close_on = ACT_MESSAGES,
    .listbox = messages_listbox,
    .listbox_foot = messages_foot,
    .title = messages_title,
};
