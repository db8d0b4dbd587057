/* The two bottom rows: the status bar, and the command line or a message
 * or the key hints below it. */
#include "tui/statusbar.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "storage/articles.h"
#include "tui/app.h"
#include "tui/complete.h"

/* Where the log keeps its k-th newest message (0 the newest). */
static int msg_slot(const struct app *app, int k)
{
    return (app->msg_log_next - 1 - k + 2 * APP_MESSAGES) % APP_MESSAGES;
}

void app_message(struct app *app, enum term_role role, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(app->msg, sizeof app->msg, fmt, ap);
    va_end(ap);
    app->msg_role = role;
    app->status_dirty = 1;
    if (!app->msg[0]) return;
    struct app_msg *last = app->msg_log_n ? &app->msg_log[msg_slot(app, 0)] : NULL;
    if (last && last->role == (int)role && !strcmp(last->text, app->msg)) {
        last->repeats++;
    } else {
        last = &app->msg_log[app->msg_log_next];
        app->msg_log_next = (app->msg_log_next + 1) % APP_MESSAGES;
        if (app->msg_log_n < APP_MESSAGES) app->msg_log_n++;
        last->role = (int)role;
        last->repeats = 1;
        memcpy(last->text, app->msg, sizeof last->text);
    }
    last->at = (int64_t)time(NULL);
}

const struct app_msg *app_msg_at(const struct app *app, int k)
{
    if (k < 0 || k >= app->msg_log_n) return NULL;
    return &app->msg_log[msg_slot(app, k)];
}

void app_fmt_unread(int64_t unread, char *buf, size_t size)
{
    if (unread < 0)
        snprintf(buf, size, "?");
    else if (unread >= APP_UNREAD_CAP)
        snprintf(buf, size, "%d+", APP_UNREAD_CAP - 1);
    else
        snprintf(buf, size, "%lld", (long long)unread);
}

void app_counts_refresh(struct app *app)
{
    /* The total is kept per feed (O(feeds)); the unread count walks the
     * unread index, at most APP_UNREAD_CAP entries. */
    app->total = store_articles_count(app->s);
    app->unread = store_articles_unread(app->s, 0, APP_UNREAD_CAP);
    app->matches = -1;
    if (app->filt.query[0]) {
        /* The list's own query, stopped after APP_MATCH_CAP rows. */
        struct article_filter f;
        app_article_filter(app, &f);
        app->matches = store_articles_count_upto(app->s, &f, APP_MATCH_CAP + 1);
    }
    app->status_dirty = 1;
}

void statusbar_tick(struct app *app, int64_t now)
{
    if (app->summary_until && now >= app->summary_until) {
        app->summary_until = 0;
        app->fetch_summary[0] = '\0';
        app->status_dirty = 1;
    }
}

/* One piece of the status bar: its text and role. */
struct piece {
    char text[160];
    enum term_role role;
};

/* The status bar on row y; returns 1 when the hint found room there. */
static int draw_bar(struct app *app, int y)
{
    term_fill(stdscr, y, 0, COLS, ROLE_STATUS);
    char buf[512], filt[256], un[16];
    app_filter_text(app, filt, sizeof filt);
    /* After the filter, in this order: the counts, the fetch, new
     * articles, feed errors, unseen alerts. They keep their room: the
     * filter gives way first, then the latest alert's line. */
    struct piece p[5];
    int n = 0, rest = 0;
    app_fmt_unread(app->unread, un, sizeof un);
    p[n].role = ROLE_STATUS;
    if (app->matches > APP_MATCH_CAP)
        snprintf(p[n].text, sizeof p[n].text, "  %d+ matches", APP_MATCH_CAP);
    else if (app->matches >= 0)
        snprintf(p[n].text, sizeof p[n].text, "  %lld match%s", (long long)app->matches,
                 app->matches == 1 ? "" : "es");
    else
        p[n].text[0] = '\0';
    size_t cl = strlen(p[n].text);
    snprintf(p[n].text + cl, sizeof p[n].text - cl, "  %s/%lld unread", un, (long long)app->total);
    n++;
    p[n].role = ROLE_STATUS_HINT;
    if (app->fetching)
        snprintf(p[n].text, sizeof p[n].text, "  fetching %d/%d feeds, %d new", app->fetch_done,
                 app->fetch_total, app->pass_new);
    else if (app->fetch_asked)
        snprintf(p[n].text, sizeof p[n].text, "  fetching…");
    else if (app->fetch_summary[0])
        snprintf(p[n].text, sizeof p[n].text, "  %s", app->fetch_summary);
    else
        p[n].text[0] = '\0';
    n++;
    p[n].role = ROLE_STATUS_HINT;
    p[n].text[0] = '\0';
    if (app->new_articles) snprintf(p[n].text, sizeof p[n].text, "  +%d new", app->new_articles);
    n++;
    p[n].role = ROLE_STATUS_ERROR;
    p[n].text[0] = '\0';
    if (app->fetch_errors)
        snprintf(p[n].text, sizeof p[n].text, "  %d feed error%s (F)", app->fetch_errors,
                 app->fetch_errors == 1 ? "" : "s");
    n++;
    p[n].role = ROLE_STATUS_ALERT;
    memcpy(p[n].text, "  ", 2);
    app_alerts_status(app, p[n].text + 2, sizeof p[n].text - 2);
    if (!p[n].text[2]) p[n].text[0] = '\0';
    n++;
    for (int i = 0; i < n; i++)
        rest += term_width(p[i].text);
    /* Still too wide: the fetch line (the feed errors stay counted) and the
     * new articles' count go before the alerts would be cut. */
    static const int drop[] = {1, 2};
    for (size_t i = 0; i < sizeof drop / sizeof drop[0] && rest > COLS - 2; i++) {
        rest -= term_width(p[drop[i]].text);
        p[drop[i]].text[0] = '\0';
    }
    int fw = term_width(filt);
    int x =
        term_put(stdscr, y, 1, fw < COLS - 1 - rest ? fw : COLS - 1 - rest, filt, ROLE_STATUS) + 1;
    for (int i = 0; i < n; i++)
        x += term_put(stdscr, y, x, COLS - x, p[i].text, p[i].role);
    if (app->alert[0]) {
        x += term_put(stdscr, y, x, COLS - x, "  ", ROLE_STATUS);
        x += term_put(stdscr, y, x, COLS - x, app->alert, ROLE_STATUS_ALERT);
    }
    if (app->prompting && app->complete_n) {
        /* Tab's candidates take the status bar while the prompt is open. */
        term_fill(stdscr, y, 0, COLS, ROLE_STATUS);
        complete_line(app, COLS - 2, buf, sizeof buf);
        term_put(stdscr, y, 1, COLS - 2, buf, ROLE_STATUS_HINT);
        return 0;
    }
    if (app->hint[0] && COLS - x > term_width(app->hint) + 2) {
        int hw = term_width(app->hint);
        term_put(stdscr, y, COLS - hw - 1, hw, app->hint, ROLE_STATUS_HINT);
        return 1;
    }
    return 0;
}

void statusbar_draw(struct app *app)
{
    int hint_shown = draw_bar(app, LINES - 2);
    /* The command line. */
    int y = LINES - 1;
    move(y, 0);
    clrtoeol();
    if (app->prompting) {
        prompt_draw(app, y);
        curs_set(1);
    } else {
        curs_set(0);
        if (app->msg[0])
            term_put(stdscr, y, 0, COLS, app->msg, (enum term_role)app->msg_role);
        else if (app->hint[0] && !hint_shown) /* no room for it in the status bar */
            term_put(stdscr, y, 0, COLS, app->hint, ROLE_DIM);
        else
            term_put(stdscr, y, 0, COLS, "? help  / search  Tab pane  p trend  F feeds  q quit",
                     ROLE_DIM);
    }
    wnoutrefresh(stdscr);
}
