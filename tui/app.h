/* app: the workstation's state, and the desk-wide actions (tui/actions.c),
 * as the views see it.
 *
 * Calls run one way: the loop (tui/app.c) -> the actions (tui/actions.c)
 * and the views' request hooks -> the display and the state: the screen
 * (tui/screen.h: windows, layout, overlays, focus), the status bar
 * (tui/statusbar.h), the command line (tui/prompt.h), the fetcher
 * (tui/fetcher.h). Nothing calls back into the loop: a view or an action
 * that wants more (quit, close an overlay, redraw) sets state the loop
 * reads on its next pass. */
#ifndef BULLPEN_TUI_APP_H
#define BULLPEN_TUI_APP_H

#include <stddef.h>
#include <stdint.h>

#include "storage/articles.h"
#include "tui/filter.h"
#include "tui/keymap.h"
#include "tui/prompt.h"
#include "tui/screen.h"
#include "tui/statusbar.h"
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

/* The status line's messages kept for the messages view (M), newest last:
 * the line cuts a long one at the terminal's width, the view shows it
 * whole. A message said again in a row is one entry with a count. */
#define APP_MESSAGES 100
struct app_msg {
    int64_t at;  /* unix time it was (last) said */
    int role;    /* enum term_role */
    int repeats; /* times said in a row, 1 or more */
    char text[256];
};

/* What the user asked for (L, :layout NAME, ui.layout); names in
 * tui/screen.c. */
enum layout_mode { LAYOUT_AUTO, LAYOUT_WIDE, LAYOUT_NARROW, LAYOUT_MODES };
/* How the panes are arranged on screen now: side by side, the list above
 * the article and the portfolio, or one pane at a time behind tabs. */
enum arrangement { ARRANGE_SIDE, ARRANGE_STACKED, ARRANGE_TABS };

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
    int focus; /* enum pane */
    enum layout_mode layout_mode;
    enum arrangement arrange; /* follows layout_mode and the size (app_layout) */
    struct desk_filter filt;
    int best_match;   /* searches list the best match first (tui/list.c) */
    int ungrouped;    /* every copy of a story its own row (tui/list.c) */
    int64_t selected; /* article id the list has selected (0 none) */
    struct theme theme;
    /* Status bar. */
    char msg[256];
    int msg_role;
    struct app_msg msg_log[APP_MESSAGES]; /* a ring: msg_log_n entries ending */
    int msg_log_n, msg_log_next;          /* before msg_log_next */
    char hint[192];
    int fetching, fetch_done, fetch_total, new_articles, fetch_errors;
    int fetch_asked;        /* r pressed: "fetching…" until the pass starts */
    int pass_new;           /* new articles in the pass under way */
    char fetch_summary[96]; /* "done: 340 new, 2 errors", until summary_until */
    int64_t summary_until;  /* monotonic ms; 0 when no summary shows */
    int64_t unread, total;  /* the store's counts for the status bar */
    int64_t matches;        /* the search's hits, up to APP_MATCH_CAP + 1; -1 none */
    int64_t last_tick;      /* monotonic ms of the last loop pass */
    int64_t data_version;   /* the store's at the last look (store_data_version) */
    int64_t version_at;     /* monotonic ms of that look */
    int changed;            /* others changed the store: a reload is due */
    int64_t reload_at;      /* monotonic ms of the last such reload */
    char alert[280];
    int64_t alerts_unseen; /* alerts nobody has looked at (tui/alerts.c) */
    /* The command/search line. */
    int prompting;
    int prompt_yesno; /* the prompt is a y/n question (app_prompt_yesno) */
    enum action prompt_action;
    char prompt_label[64], prompt_prefix[64];
    wchar_t prompt_buf[PROMPT_CHARS];
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

/* Desk-wide actions (filters, watchlist, views, fetch ...). Returns 1 when
 * handled. */
int app_global(struct app *app, enum action a, const char *arg);
/* An action from a key or the command line: the overlay on top (or the
 * focused pane) has it first; then quit and back close that overlay; then
 * the desk (app_global); an action none of them takes says so in the
 * status line. */
void app_dispatch(struct app *app, enum action a, const char *arg);
/* The theme at start: the one last chosen here (C, :theme) while the
 * config's ui.theme is what it was then, else the config's. Returns 0 or
 * -1 with err set. */
int app_theme_load(struct app *app);
/* The k-th newest message of the log (0 the newest), NULL past the last. */
const struct app_msg *app_msg_at(const struct app *app, int k);
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
