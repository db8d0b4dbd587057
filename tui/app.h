/* app: the workstation's state and event loop, as the views see it. */
#ifndef BULLPEN_TUI_APP_H
#define BULLPEN_TUI_APP_H

#include <stddef.h>
#include <stdint.h>

#include "storage/articles.h"
#include "tui/keymap.h"
#include "tui/term.h"
#include "tui/theme.h"
#include "tui/view.h"

struct store;
struct config;
struct analyzer;
struct sync_thread;

enum pane { PANE_LIST, PANE_DETAIL, PANE_PORTFOLIO, PANE_N };

/* Full-screen views open at once; opening one more replaces the topmost. */
#define APP_OVERLAYS 4

/* The list's filter as the user set it (owned copies of the strings). */
struct desk_filter {
    char ticker[16];
    int64_t feed_id;
    char feed_name[64];
    char tag[48];
    int watchlist;
    int64_t since, until;
    int has_range;
    double smin, smax;
    char query[256];
    int unread_only, starred_only;
};

struct app {
    struct store *s;
    const struct config *cfg;
    const struct analyzer *an; /* may be NULL */
    const char *db_path;
    struct view panes[PANE_N];
    /* Full-screen views, topmost last: at most APP_OVERLAYS open, and room
     * for as many again that are closing until the action under way returns. */
    struct view overlays[2 * APP_OVERLAYS];
    int n_overlays;
    int focus;       /* enum pane */
    int layout_mode; /* 0 auto, 1 wide, 2 narrow */
    int layout;      /* what is on screen: 0 wide, 1 medium, 2 narrow */
    struct desk_filter filt;
    int best_match;   /* searches list the best match first (tui/list.c) */
    int ungrouped;    /* every copy of a story its own row (tui/list.c) */
    int64_t selected; /* article id the list has selected (0 none) */
    struct theme theme;
    /* Status bar. */
    char msg[256];
    int msg_role;
    char hint[192];
    int fetching, fetch_done, fetch_total, new_articles, fetch_errors;
    int fetch_asked;        /* r pressed: "fetching…" until the pass starts */
    int pass_new;           /* new articles in the pass under way */
    char fetch_summary[96]; /* "done: 340 new, 2 errors", until summary_until */
    int64_t summary_until;  /* monotonic ms; 0 when no summary shows */
    int64_t unread, total;  /* the store's counts for the status bar */
    int64_t matches;        /* the search's hits, up to APP_MATCH_CAP + 1; -1 none */
    int64_t last_tick;      /* monotonic ms of the last loop pass */
    char alert[280];
    int64_t alerts_unseen; /* alerts nobody has looked at (tui/alerts.c) */
    /* The command/search line. */
    int prompting;
    enum action prompt_action;
    char prompt_label[64], prompt_prefix[64];
    wchar_t prompt_buf[256];
    size_t prompt_len;
    /* Tab's candidates for the status bar (tui/complete.c): names, one a
     * line; complete_more those left out. */
    char complete_list[1024];
    int complete_n, complete_more;
    struct sync_thread *sync;
    int sync_fd;
    int note_fd; /* a research note's request (tui/note.c), -1 when none */
    int quit, redraw_all, status_dirty;
};

/* Fills f from the desk filter (pointers into app). */
void app_article_filter(const struct app *app, struct article_filter *f);
/* Describes the active filter ("ticker NVDA, unread") into buf. */
void app_filter_text(const struct app *app, char *buf, size_t size);
/* The list selected article id (0 when none); the detail pane follows. */
void app_select(struct app *app, int64_t id);
/* Tells every view that the store changed (enum reload_what bits). */
void app_reload(struct app *app, int what);
/* One line in the status bar: role is ROLE_STATUS, _ERROR or _ALERT. */
void app_message(struct app *app, enum term_role role, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Opens the command line with label; on Enter the action runs with
 * prefix + the text typed. */
void app_prompt(struct app *app, const char *label, enum action a, const char *prefix);
/* Desk-wide actions (filters, watchlist, views, fetch ...). Returns 1 when
 * handled. */
int app_global(struct app *app, enum action a, const char *arg);
/* Opens a full-screen view over the desk. */
int app_open_overlay(struct app *app, const struct view_ops *ops, const char *arg);
/* Closes the overlay v, which leaves the screen at once but is only taken
 * down (ops->close, its windows freed) when the key, click or command under
 * way has been handled. So whoever closes it, often v's own request
 * handler, may go on using v, v->app and v->priv until it returns. Does
 * nothing to a pane. */
void app_close_overlay(struct view *v);
/* The overlay that keys go to (the topmost not closing), or NULL. */
struct view *app_top_overlay(struct app *app);
/* Focuses a pane (showing it in the narrow layout). */
void app_focus(struct app *app, int pane);
/* Re-arranges the panes (after a layout switch). */
void app_layout(struct app *app);
/* Re-reads the unread and total counts the status bar shows (bounded: see
 * APP_UNREAD_CAP). */
void app_counts_refresh(struct app *app);
/* Unread counts stop at this many ("9999+"): each count is an index walk
 * of at most this many entries. */
#define APP_UNREAD_CAP 10000
/* A search's hits are counted up to this many ("1000+ matches"). */
#define APP_MATCH_CAP 1000
/* "17", "9999+": an unread count as the views show it, into buf. */
void app_fmt_unread(int64_t unread, char *buf, size_t size);
/* Milliseconds on a monotonic clock. */
int64_t app_now_ms(void);

/* Remembers the theme chosen (C, :theme) in the store, for the next start.
 * The config's ui.theme wins again once it changes. */
void app_theme_remember(struct app *app, const char *name);

/* Asks the background fetcher for a pass now; -1 when there is none. */
int app_fetch_now(struct app *app);
/* Re-reads the count of unseen alerts for the status bar (tui/alerts.c). */
void app_alerts_refresh(struct app *app);
/* The status bar's alert note ("3 alerts (!)") into buf; "" when none. */
void app_alerts_status(const struct app *app, char *buf, size_t size);
/* Opens url (http or https) in the user's browser: the first program of
 * $BROWSER ("a:b", each with its arguments, "%s" for the link) that is
 * installed, else xdg-open; detached, without a shell, without blocking.
 * Returns 0 once it has started, or -1 with err set to one line ("cannot
 * open the link: firefox: command not found"). */
int app_open_url(const char *url);

/* Small helpers shared by the views. */
/* Draws the sentiment as "+0.42" in its colour; returns columns used. */
int draw_score(WINDOW *w, int y, int x, double score, int has);
enum term_role role_for_sentiment(double s);
/* Local date and time of t, "YYYY-MM-DD HH:MM", into buf (>= 17). */
void fmt_time(int64_t t, char *buf, size_t size);

#endif
