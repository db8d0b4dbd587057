/* The event loop: poll() on the keyboard, a SIGWINCH self-pipe and the
 * fetcher's pipe; keys become actions; views mark themselves dirty and the
 * loop draws once per pass (wnoutrefresh per window, one doupdate). */
#include "tui/app.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "core/config.h"
#include "core/err.h"
#include "storage/feeds.h"
#include "storage/store.h"
#include "sync/sync.h"
#include "tui/complete.h"
#include "tui/tui.h"

static int winch_pipe[2] = {-1, -1};

/* How long a fetch pass's summary stays in the status bar. */
#define APP_SUMMARY_MS 5000

static void on_winch(int sig)
{
    (void)sig;
    int e = errno;
    if (write(winch_pipe[1], "w", 1) < 0) { /* the pipe is full: a redraw is already due */
    }
    errno = e;
}

void app_message(struct app *app, enum term_role role, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(app->msg, sizeof app->msg, fmt, ap);
    va_end(ap);
    app->msg_role = role;
    app->status_dirty = 1;
}

void app_focus(struct app *app, int pane)
{
    if (pane < 0 || pane >= PANE_N) return;
    if (app->focus != pane) {
        app->focus = pane;
        /* The narrow layout shows one pane: a switch changes the screen. */
        app->redraw_all = 1;
    }
}

void app_select(struct app *app, int64_t id)
{
    if (app->selected == id) return;
    app->selected = id;
    if (app->panes[PANE_DETAIL].priv)
        app->panes[PANE_DETAIL].ops->reload(&app->panes[PANE_DETAIL], 0);
}

int64_t app_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
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

void app_reload(struct app *app, int what)
{
    if (what & (RELOAD_ARTICLES | RELOAD_FLAGS | RELOAD_FEEDS | RELOAD_FILTER))
        app_counts_refresh(app);
    for (int i = 0; i < PANE_N; i++)
        if (app->panes[i].priv) app->panes[i].ops->reload(&app->panes[i], what);
    for (int i = 0; i < app->n_overlays; i++) {
        struct view *v = &app->overlays[i];
        if (!v->closing && v->ops->reload) v->ops->reload(v, what);
    }
    app->status_dirty = 1;
}

static void place(struct view *v, int y, int x, int h, int w)
{
    if (v->win) delwin(v->win);
    if (v->bar) delwin(v->bar);
    v->win = v->bar = NULL;
    v->h = v->w = 0;
    if (h < 2 || w < 4) return;
    v->bar = newwin(1, w, y, x);
    v->win = newwin(h - 1, w, y + 1, x);
    v->h = h - 1;
    v->w = w;
    v->dirty = 1;
}

struct view *app_top_overlay(struct app *app)
{
    for (int i = app->n_overlays - 1; i >= 0; i--)
        if (!app->overlays[i].closing) return &app->overlays[i];
    return NULL;
}

int app_open_overlay(struct app *app, const struct view_ops *ops, const char *arg)
{
    /* The room for closing views fills only when one action closes more
     * than APP_OVERLAYS of them; a view more is refused, not overrun. */
    if (app->n_overlays == (int)(sizeof app->overlays / sizeof app->overlays[0])) {
        app_message(app, ROLE_STATUS_ERROR, "too many views open: q closes one");
        return -1;
    }
    int open = 0;
    for (int i = 0; i < app->n_overlays; i++)
        open += !app->overlays[i].closing;
    struct view *top = app_top_overlay(app);
    struct view *v = &app->overlays[app->n_overlays];
    memset(v, 0, sizeof *v);
    v->ops = ops;
    v->app = app;
    if (ops->open(v, arg)) {
        app_message(app, ROLE_STATUS_ERROR, "%s", err_msg());
        memset(v, 0, sizeof *v);
        return -1;
    }
    app->n_overlays++;
    place(v, 0, 0, LINES - 2, COLS);
    if (open == APP_OVERLAYS) app_close_overlay(top);
    app->redraw_all = 1;
    return 0;
}

void app_close_overlay(struct view *v)
{
    struct app *app = v->app;
    if (v < app->overlays || v >= app->overlays + app->n_overlays || v->closing) return;
    v->closing = 1;
    app->redraw_all = 1;
}

/* Takes down the overlays closed since the last call. The loop calls it
 * between one key (click, fetcher event) and the next, when no view's code
 * is running. */
static void reap_overlays(struct app *app)
{
    int kept = 0;
    for (int i = 0; i < app->n_overlays; i++) {
        struct view *v = &app->overlays[i];
        if (!v->closing) {
            if (kept != i) app->overlays[kept] = *v;
            kept++;
            continue;
        }
        v->ops->close(v);
        if (v->win) delwin(v->win);
        if (v->bar) delwin(v->bar);
    }
    if (kept == app->n_overlays) return;
    memset(app->overlays + kept, 0, (size_t)(app->n_overlays - kept) * sizeof app->overlays[0]);
    app->n_overlays = kept;
    app->redraw_all = 1;
}

/* Arranges the panes for the terminal's size: side by side when wide, the
 * list over detail and portfolio when medium, one pane at a time when
 * narrow. */
void app_layout(struct app *app)
{
    int H = LINES - 2, W = COLS;
    int mode = app->layout_mode;
    if (mode == 0)
        app->layout = W >= 160 && H >= 30 ? 0 : (W >= 110 && H >= 32) ? 1 : 2;
    else
        app->layout = mode == 1 ? (W >= 160 ? 0 : 1) : 2;
    for (int i = 0; i < PANE_N; i++)
        place(&app->panes[i], 0, 0, 0, 0);
    if (app->layout == 0) {
        int lw = W * 56 / 100, lh = H * 62 / 100;
        place(&app->panes[PANE_LIST], 0, 0, lh, lw);
        place(&app->panes[PANE_PORTFOLIO], lh, 0, H - lh, lw);
        place(&app->panes[PANE_DETAIL], 0, lw + 1, H, W - lw - 1);
    } else if (app->layout == 1) {
        int lh = H * 45 / 100, dw = W * 58 / 100;
        place(&app->panes[PANE_LIST], 0, 0, lh, W);
        place(&app->panes[PANE_DETAIL], lh, 0, H - lh, dw);
        place(&app->panes[PANE_PORTFOLIO], lh, dw + 1, H - lh, W - dw - 1);
    } else {
        /* All three keep the full size so hidden panes keep their rows. */
        for (int i = 0; i < PANE_N; i++)
            place(&app->panes[i], 0, 0, H, W);
    }
    for (int i = 0; i < app->n_overlays; i++)
        place(&app->overlays[i], 0, 0, H, W);
    app->redraw_all = 1;
}

static void draw_bar(struct app *app, struct view *v, int focused)
{
    char title[256] = "";
    v->ops->title(v, title, sizeof title);
    enum term_role r = focused ? ROLE_TITLE_FOCUS : ROLE_TITLE;
    werase(v->bar);
    term_fill(v->bar, 0, 0, v->w, r);
    int x = 0;
    if (app->layout == 2 && v != &app->overlays[0] && app->n_overlays == 0) {
        /* Narrow: the bar doubles as tabs for the hidden panes. */
        static const char *const names[PANE_N] = {"1 List", "2 Article", "3 Portfolio"};
        for (int i = 0; i < PANE_N; i++) {
            char tab[32];
            snprintf(tab, sizeof tab, i == app->focus ? "[%s]" : " %s ", names[i]);
            x += term_put(v->bar, 0, x, v->w - x, tab, i == app->focus ? r : ROLE_TITLE);
        }
        x += term_put(v->bar, 0, x, v->w - x, " ", r);
    }
    term_put(v->bar, 0, x + 1, v->w - x - 1, title, r);
    wnoutrefresh(v->bar);
}

static void draw_status(struct app *app)
{
    int y = LINES - 2;
    term_fill(stdscr, y, 0, COLS, ROLE_STATUS);
    char buf[512], filt[256];
    app_filter_text(app, filt, sizeof filt);
    /* The filter gives way first: the counts and the fetch matter more. */
    char counts[64], un[16];
    app_fmt_unread(app->unread, un, sizeof un);
    if (app->matches > APP_MATCH_CAP)
        snprintf(counts, sizeof counts, "  %d+ matches", APP_MATCH_CAP);
    else if (app->matches >= 0)
        snprintf(counts, sizeof counts, "  %lld match%s", (long long)app->matches,
                 app->matches == 1 ? "" : "es");
    else
        counts[0] = '\0';
    size_t cl = strlen(counts);
    snprintf(counts + cl, sizeof counts - cl, "  %s/%lld unread", un, (long long)app->total);
    if (app->fetching)
        snprintf(buf, sizeof buf, "  fetching %d/%d feeds, %d new", app->fetch_done,
                 app->fetch_total, app->pass_new);
    else if (app->fetch_asked)
        snprintf(buf, sizeof buf, "  fetching…");
    else if (app->fetch_summary[0])
        snprintf(buf, sizeof buf, "  %s", app->fetch_summary);
    else
        buf[0] = '\0';
    int fw = term_width(filt), rest = term_width(counts) + term_width(buf);
    int x =
        term_put(stdscr, y, 1, fw < COLS - 1 - rest ? fw : COLS - 1 - rest, filt, ROLE_STATUS) + 1;
    x += term_put(stdscr, y, x, COLS - x, counts, ROLE_STATUS);
    x += term_put(stdscr, y, x, COLS - x, buf, ROLE_STATUS_HINT);
    if (app->new_articles) {
        snprintf(buf, sizeof buf, "  +%d new", app->new_articles);
        x += term_put(stdscr, y, x, COLS - x, buf, ROLE_STATUS_HINT);
    }
    if (app->fetch_errors) {
        snprintf(buf, sizeof buf, "  %d feed error%s (F)", app->fetch_errors,
                 app->fetch_errors == 1 ? "" : "s");
        x += term_put(stdscr, y, x, COLS - x, buf, ROLE_STATUS_ERROR);
    }
    app_alerts_status(app, buf, sizeof buf);
    if (buf[0]) {
        x += term_put(stdscr, y, x, COLS - x, "  ", ROLE_STATUS);
        x += term_put(stdscr, y, x, COLS - x, buf, ROLE_STATUS_ALERT);
    }
    if (app->alert[0]) {
        x += term_put(stdscr, y, x, COLS - x, "  ", ROLE_STATUS);
        x += term_put(stdscr, y, x, COLS - x, app->alert, ROLE_STATUS_ALERT);
    }
    if (app->prompting && app->complete_n) {
        /* Tab's candidates take the status bar while the prompt is open. */
        term_fill(stdscr, y, 0, COLS, ROLE_STATUS);
        complete_line(app, COLS - 2, buf, sizeof buf);
        term_put(stdscr, y, 1, COLS - 2, buf, ROLE_STATUS_HINT);
    }
    int hint_shown = 0;
    if (!(app->prompting && app->complete_n) && app->hint[0] &&
        COLS - x > term_width(app->hint) + 2) {
        int hw = term_width(app->hint);
        term_put(stdscr, y, COLS - hw - 1, hw, app->hint, ROLE_STATUS_HINT);
        hint_shown = 1;
    }
    /* The command line. */
    y = LINES - 1;
    move(y, 0);
    clrtoeol();
    if (app->prompting) {
        x = term_put(stdscr, y, 0, COLS, app->prompt_label, ROLE_PROMPT);
        size_t start = 0;
        int w = 0;
        for (size_t i = 0; i < app->prompt_len; i++)
            w += wcwidth(app->prompt_buf[i]) > 0 ? wcwidth(app->prompt_buf[i]) : 0;
        while (w > COLS - x - 2 && start < app->prompt_len)
            w -= wcwidth(app->prompt_buf[start]) > 0 ? wcwidth(app->prompt_buf[start++]) : 0;
        attrset(term_attr(ROLE_PROMPT));
        mvaddnwstr(y, x, app->prompt_buf + start, (int)(app->prompt_len - start));
        attrset(A_NORMAL);
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

/* Every window takes the theme's background. */
static void backgrounds(struct app *app)
{
    term_bkgd(stdscr);
    for (int i = 0; i < PANE_N; i++) {
        term_bkgd(app->panes[i].bar);
        term_bkgd(app->panes[i].win);
    }
    for (int i = 0; i < app->n_overlays; i++) {
        term_bkgd(app->overlays[i].bar);
        term_bkgd(app->overlays[i].win);
    }
}

static void draw(struct app *app)
{
    if (app->redraw_all) {
        backgrounds(app);
        erase();
        if (app->layout != 2 && !app->n_overlays) {
            /* The rule between the side-by-side panes. */
            struct view *d = &app->panes[PANE_DETAIL], *p = &app->panes[PANE_PORTFOLIO];
            int x, y;
            if (app->layout == 0 && d->win) {
                getbegyx(d->bar, y, x);
                for (int r = 0; r < LINES - 2; r++)
                    term_glyph(stdscr, r, x - 1, L'│', '|', term_attr(ROLE_BORDER));
            } else if (p->win) {
                getbegyx(p->bar, y, x);
                for (int r = y; r < LINES - 2; r++)
                    term_glyph(stdscr, r, x - 1, L'│', '|', term_attr(ROLE_BORDER));
            }
        }
        wnoutrefresh(stdscr);
        app->status_dirty = 1;
    }
    struct view *top = app_top_overlay(app);
    if (top) {
        struct view *v = top;
        if (v->win && (v->dirty || app->redraw_all)) {
            draw_bar(app, v, 1);
            werase(v->win);
            v->ops->draw(v);
            wnoutrefresh(v->win);
            v->dirty = 0;
        }
    } else {
        for (int i = 0; i < PANE_N; i++) {
            struct view *v = &app->panes[i];
            if (app->layout == 2 && i != app->focus) continue;
            if (!v->win || !(v->dirty || app->redraw_all)) continue;
            draw_bar(app, v, i == app->focus);
            werase(v->win);
            v->ops->draw(v);
            wnoutrefresh(v->win);
            v->dirty = 0;
        }
    }
    if (app->status_dirty || app->redraw_all) draw_status(app);
    if (app->prompting) {
        /* Leave the terminal cursor at the end of the typed text. */
        int x = getcurx(stdscr);
        wmove(stdscr, LINES - 1, x);
        wnoutrefresh(stdscr);
    }
    app->redraw_all = app->status_dirty = 0;
    doupdate();
}

static void on_resize(struct app *app)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
        resize_term(ws.ws_row, ws.ws_col);
    /* The terminal's own copy of the old screen is not to be trusted after
     * a resize (some keep the old rows where the new layout has blanks):
     * the next update clears and repaints every cell. */
    clearok(curscr, TRUE);
    app_layout(app);
    app_reload(app, 0);
}

/* Keys while the command line is open: a small line editor. */
static void prompt_key(struct app *app, wint_t ch, int is_key)
{
    if (!is_key && ch == '\t') {
        complete_tab(app);
        app->status_dirty = 1;
        return;
    }
    complete_clear(app);
    if ((!is_key && (ch == '\r' || ch == '\n')) || (is_key && ch == KEY_ENTER)) {
        char text[1024];
        wchar_t tmp[257];
        wmemcpy(tmp, app->prompt_buf, app->prompt_len);
        tmp[app->prompt_len] = 0;
        size_t n = wcstombs(text, tmp, sizeof text);
        if (n == (size_t)-1) n = 0;
        text[n < sizeof text ? n : sizeof text - 1] = '\0';
        char arg[1200];
        snprintf(arg, sizeof arg, "%s%s", app->prompt_prefix, text);
        app->prompting = 0;
        app->status_dirty = 1;
        app->msg[0] = '\0';
        app_global(app, app->prompt_action, arg);
        return;
    }
    if ((!is_key && ch == 27) || (!is_key && ch == 7)) {
        app->prompting = 0;
        app->msg[0] = '\0';
    } else if ((is_key && ch == KEY_BACKSPACE) || (!is_key && (ch == 127 || ch == 8))) {
        if (app->prompt_len)
            app->prompt_len--;
        else
            app->prompting = 0;
    } else if (!is_key && ch == 21) { /* C-u */
        app->prompt_len = 0;
    } else if (!is_key && ch >= ' ' && ch != 127 && wcwidth((wchar_t)ch) >= 0 &&
               app->prompt_len < sizeof app->prompt_buf / sizeof app->prompt_buf[0] - 1) {
        app->prompt_buf[app->prompt_len++] = (wchar_t)ch;
    }
    app->status_dirty = 1;
}

void app_prompt(struct app *app, const char *label, enum action a, const char *prefix)
{
    app->prompting = 1;
    app->prompt_action = a;
    snprintf(app->prompt_label, sizeof app->prompt_label, "%s", label);
    snprintf(app->prompt_prefix, sizeof app->prompt_prefix, "%s", prefix ? prefix : "");
    app->prompt_len = 0;
    complete_clear(app);
    app->status_dirty = 1;
}

static void dispatch(struct app *app, enum action a)
{
    if (a == ACT_NONE) return;
    struct view *top = app_top_overlay(app);
    struct view *v = top ? top : &app->panes[app->focus];
    if (v->ops->request(v, a, NULL)) return;
    if (top && (a == ACT_QUIT || a == ACT_BACK)) {
        app_close_overlay(top);
        return;
    }
    app_global(app, a, NULL);
}

static void on_mouse(struct app *app)
{
    MEVENT ev;
    if (getmouse(&ev) != OK) return;
    int button = (ev.bstate & BUTTON4_PRESSED) ? 4 : (ev.bstate & BUTTON5_PRESSED) ? 5 : 1;
    struct view *vs[PANE_N + 1];
    int n = 0;
    struct view *top = app_top_overlay(app);
    if (top)
        vs[n++] = top;
    else if (app->layout == 2)
        vs[n++] = &app->panes[app->focus];
    else
        for (int i = 0; i < PANE_N; i++)
            vs[n++] = &app->panes[i];
    for (int i = 0; i < n; i++) {
        struct view *v = vs[i];
        if (!v->win || !wenclose(v->win, ev.y, ev.x)) continue;
        int y = ev.y, x = ev.x;
        wmouse_trafo(v->win, &y, &x, FALSE);
        if (!top && button == 1) app_focus(app, (int)(v - app->panes));
        if (v->ops->mouse) v->ops->mouse(v, y, x, button);
        app->redraw_all = 1;
        return;
    }
}

static void read_keys(struct app *app)
{
    wint_t ch;
    int rc;
    while ((rc = get_wch(&ch)) != ERR) {
        int is_key = rc == KEY_CODE_YES;
        if (is_key && ch == KEY_RESIZE) {
            on_resize(app);
        } else if (is_key && ch == KEY_MOUSE) {
            on_mouse(app);
        } else if (app->prompting) {
            prompt_key(app, ch, is_key);
        } else {
            if (app->msg[0] && app->msg_role != ROLE_STATUS_ERROR) {
                app->msg[0] = '\0';
                app->status_dirty = 1;
            }
            dispatch(app, keymap_lookup((int)ch));
        }
        /* The next key goes to the overlay on top now. */
        reap_overlays(app);
        if (app->quit) return;
    }
}

/* Drains the fetcher's events into the status bar; new articles reload the
 * views without moving the selection. */
static void read_sync(struct app *app)
{
    char junk[256];
    while (read(app->sync_fd, junk, sizeof junk) > 0) {
    }
    struct sync_event ev;
    int fresh = 0, alerted = 0;
    while (app->sync && sync_thread_poll(app->sync, &ev)) {
        switch (ev.kind) {
        case SYNC_STARTED:
            app->fetching = 1;
            app->fetch_asked = 0;
            app->fetch_done = 0;
            app->fetch_total = ev.total;
            app->fetch_errors = 0;
            app->pass_new = 0;
            app->fetch_summary[0] = '\0';
            /* The feed view lists feeds added since (by the command line). */
            app_reload(app, RELOAD_FEEDS);
            break;
        case SYNC_FEED_DONE:
            app->fetch_done = ev.done;
            app->fetch_total = ev.total;
            if (ev.text[0]) {
                app->fetch_errors++;
                app_message(app, ROLE_STATUS_ERROR, "feed %lld: %s", (long long)ev.feed_id,
                            ev.text);
            }
            if (ev.new_articles > 0) {
                app->new_articles += ev.new_articles;
                app->pass_new += ev.new_articles;
                fresh = 1;
            }
            break;
        case SYNC_FINISHED:
            /* A pass that had nothing due says nothing. */
            if (app->fetch_total > 0)
                snprintf(app->fetch_summary, sizeof app->fetch_summary, "done: %d new, %d error%s",
                         app->pass_new, app->fetch_errors, app->fetch_errors == 1 ? "" : "s");
            app->summary_until = app->fetch_summary[0] ? app_now_ms() + APP_SUMMARY_MS : 0;
            app->fetching = 0;
            fresh = 1;
            break;
        case SYNC_ALERT:
            /* An alert line longer than the status area is cut, not refused. */
            snprintf(app->alert, sizeof app->alert, "alert: %.*s", (int)sizeof app->alert - 8,
                     ev.text);
            alerted = 1;
            break;
        case SYNC_ALERT_ERROR:
            app_message(app, ROLE_STATUS_ERROR, "alerts: %s", ev.text);
            break;
        }
        app->status_dirty = 1;
    }
    if (fresh) app_reload(app, RELOAD_ARTICLES | RELOAD_FEEDS | RELOAD_WATCH);
    /* A finished pass counts too: another process may have fired alerts. */
    if (fresh || alerted) app_alerts_refresh(app);
}

/* The fetcher runs for a store with feeds of its own that it can write;
 * the demo store's feeds are samples with no address to fetch. */
static void start_sync(struct app *app)
{
    app->sync_fd = -1;
    char *demo = store_meta_get(app->s, "demo");
    int is_demo = demo != NULL;
    free(demo);
    if (is_demo || store_is_readonly(app->s) || store_feed_count(app->s) <= 0 || !app->db_path)
        return;
    app->sync = sync_thread_start(app->db_path, app->cfg, app->an, &app->sync_fd);
    if (!app->sync) app_message(app, ROLE_STATUS_ERROR, "fetcher: %s", err_msg());
}

static void stop_sync(struct app *app)
{
    if (app->sync) sync_thread_stop(app->sync);
    app->sync = NULL;
}

int app_fetch_now(struct app *app)
{
    if (!app->sync) {
        /* Feeds added since the start (bullpen feeds add): the fetcher
         * starts now, and its first pass is the one asked for. */
        app->msg[0] = '\0';
        start_sync(app);
        if (app->sync) {
            app->fetch_asked = 1;
            app->status_dirty = 1;
            return 0;
        }
        if (app->msg[0]) return -1; /* it could not start: the message says why */
    } else {
        sync_thread_kick(app->sync);
        /* The status bar follows the pass from here. */
        if (!app->fetching) app->fetch_asked = 1;
        app->fetch_summary[0] = '\0';
        app->status_dirty = 1;
        return 0;
    }
    if (store_is_readonly(app->s))
        app_message(app, ROLE_STATUS_ERROR, "%s: store is read-only", store_path(app->s));
    else
        app_message(app, ROLE_STATUS_ERROR,
                    "no feeds to fetch; add one with: bullpen feeds add URL");
    return -1;
}

/* The view on screen that wants a redraw every second, if any. */
static struct view *ticking(struct app *app)
{
    struct view *top = app_top_overlay(app);
    return top && top->tick ? top : NULL;
}

/* How long poll() may sleep: until the fetch summary fades, or the next
 * second for a view that ticks; forever otherwise. */
static int poll_timeout(struct app *app)
{
    int64_t now = app_now_ms(), wait = -1;
    if (app->summary_until) wait = app->summary_until > now ? app->summary_until - now : 0;
    if (ticking(app)) {
        int64_t t = 1000 - now % 1000;
        if (wait < 0 || t < wait) wait = t;
    }
    return wait < 0 ? -1 : (int)wait;
}

static void on_timers(struct app *app)
{
    int64_t now = app_now_ms();
    if (app->summary_until && now >= app->summary_until) {
        app->summary_until = 0;
        app->fetch_summary[0] = '\0';
        app->status_dirty = 1;
    }
    struct view *v = ticking(app);
    if (v && now / 1000 != app->last_tick / 1000) v->dirty = 1;
    app->last_tick = now;
}

/* The theme remembered from the last time one was chosen here, with the
 * config's ui.theme at that moment: an edited config wins over the memory. */
#define META_THEME "ui.theme"
#define META_THEME_CONFIG "ui.theme.config"

void app_theme_remember(struct app *app, const char *name)
{
    /* A store that cannot be written (read-only media) forgets: no error. */
    if (store_is_readonly(app->s)) return;
    if (store_meta_set(app->s, META_THEME, name) ||
        store_meta_set(app->s, META_THEME_CONFIG, config_str(app->cfg, CFG_UI_THEME)))
        app_message(app, ROLE_STATUS_ERROR, "theme not remembered: %s", err_msg());
}

static int load_theme(struct app *app)
{
    const char *cfg = config_str(app->cfg, CFG_UI_THEME);
    char *name = store_meta_get(app->s, META_THEME);
    char *was = store_meta_get(app->s, META_THEME_CONFIG);
    int rc = -1;
    if (name && was && !strcmp(was, cfg)) rc = theme_load(name, &app->theme);
    /* A remembered theme that no longer loads gives way to the config's. */
    if (rc) rc = theme_load(cfg, &app->theme);
    free(name);
    free(was);
    return rc;
}

static int setup(struct app *app)
{
    if (pipe(winch_pipe)) return err_set("pipe: %s", strerror(errno));
    for (int i = 0; i < 2; i++) {
        fcntl(winch_pipe[i], F_SETFL, O_NONBLOCK);
        fcntl(winch_pipe[i], F_SETFD, FD_CLOEXEC);
    }
    /* Installed before curses starts, so curses leaves SIGWINCH to us. */
    struct sigaction sa = {0};
    sa.sa_handler = on_winch;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGWINCH, &sa, NULL);
    if (keymap_init(app->cfg)) return -1;
    if (load_theme(app)) return -1;
    if (term_start(config_bool(app->cfg, CFG_UI_MOUSE))) return -1;
    term_apply_styles(app->theme.styles);
    const char *lm = config_str(app->cfg, CFG_UI_LAYOUT);
    app->layout_mode = !strcmp(lm, "wide") ? 1 : !strcmp(lm, "narrow") ? 2 : 0;
    const struct view_ops *ops[PANE_N] = {&list_ops, &detail_ops, &portfolio_ops};
    for (int i = 0; i < PANE_N; i++) {
        app->panes[i].ops = ops[i];
        app->panes[i].app = app;
    }
    app_layout(app);
    for (int i = 0; i < PANE_N; i++)
        if (ops[i]->open(&app->panes[i], NULL)) return -1;
    return 0;
}

int tui_run(struct store *s, const struct config *cfg, const struct analyzer *an,
            const char *db_path, const char *hint)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
        return err_set("the workstation needs a terminal (try 'bullpen articles')");
    struct app *app = calloc(1, sizeof *app);
    if (!app) return err_set("out of memory");
    app->s = s;
    app->cfg = cfg;
    app->an = an;
    app->db_path = db_path;
    app->msg_role = ROLE_STATUS;
    app->note_fd = -1;
    snprintf(app->hint, sizeof app->hint, "%s", hint ? hint : "");
    int rc = setup(app);
    if (!rc) app_counts_refresh(app);
    if (!rc) app_alerts_refresh(app); /* alerts fired while the desk was closed */
    if (!rc) start_sync(app);
    while (!rc && !app->quit) {
        reap_overlays(app);
        draw(app);
        /* poll() skips the entries whose fd is -1. */
        struct pollfd fds[4] = {{STDIN_FILENO, POLLIN, 0},
                                {winch_pipe[0], POLLIN, 0},
                                {app->sync_fd, POLLIN, 0},
                                {app->note_fd, POLLIN, 0}};
        int n = poll(fds, 4, poll_timeout(app));
        if (n < 0 && errno != EINTR) {
            rc = err_set("poll: %s", strerror(errno));
            break;
        }
        if (fds[1].revents & POLLIN) {
            char junk[64];
            while (read(winch_pipe[0], junk, sizeof junk) > 0) {
            }
            on_resize(app);
        }
        if (app->sync_fd >= 0 && (fds[2].revents & POLLIN)) read_sync(app);
        if (app->note_fd >= 0 && (fds[3].revents & POLLIN))
            app->panes[PANE_DETAIL].ops->reload(&app->panes[PANE_DETAIL], RELOAD_NOTE);
        read_keys(app);
        on_timers(app);
    }
    stop_sync(app);
    for (int i = 0; i < app->n_overlays; i++)
        app_close_overlay(&app->overlays[i]);
    reap_overlays(app);
    for (int i = 0; i < PANE_N; i++) {
        struct view *v = &app->panes[i];
        if (v->ops && v->priv) v->ops->close(v);
        if (v->win) delwin(v->win);
        if (v->bar) delwin(v->bar);
    }
    term_stop();
    keymap_free();
    signal(SIGWINCH, SIG_DFL);
    for (int i = 0; i < 2; i++)
        if (winch_pipe[i] >= 0) close(winch_pipe[i]), winch_pipe[i] = -1;
    free(app);
    return rc;
}
