/* view: what every pane and full-screen view of the workstation provides.
 * A view is one file ending with its ops table (tui/list.c, tui/detail.c,
 * ...); tui/view.c runs what they share, tui/screen.c places and draws
 * them, the loop in tui/app.c feeds them keys. */
#ifndef BULLPEN_TUI_VIEW_H
#define BULLPEN_TUI_VIEW_H

#include <stddef.h>

#include "tui/keymap.h"
#include "tui/listbox.h"
#include "tui/term.h"

struct app;
struct view;

/* What changed in the store, for reload. */
enum reload_what {
    RELOAD_ARTICLES = 1, /* new articles arrived (keep the selection) */
    RELOAD_FILTER = 2,   /* the list filter changed (start from the top) */
    RELOAD_WATCH = 4,    /* watchlist or positions changed */
    RELOAD_FLAGS = 8,    /* read / starred state of an article changed */
    RELOAD_FEEDS = 16,   /* feed states changed */
    RELOAD_NOTE = 32,    /* the research note's request has news (tui/note.c) */
};

/* A view's operations, one static table at the end of its file (tig's
 * view_ops). The framework (tui/view.c) does what every view used to
 * repeat: it allocates the private state, frees it, reloads, clamps and
 * routes clicks for views whose rows are a listbox. Hooks marked optional
 * may be NULL. */
struct view_ops {
    const char *name;
    /* Bytes of v->priv, allocated zeroed before open and freed after
     * close by the framework; 0 for none. */
    size_t private_size;
    /* Optional: sets up v->priv (already zeroed) from arg, view-specific
     * (a symbol for the trend). Returns 0 or -1 with err set. */
    int (*open)(struct view *v, const char *arg);
    /* Optional: frees what v->priv points to (not v->priv itself). */
    void (*close)(struct view *v);
    /* Optional: (re)reads the store into v->priv; runs after open and on
     * every reload whose bits meet reload_on. */
    void (*load)(struct view *v);
    int reload_on; /* enum reload_what bits */
    /* Optional: the view's own reload rules, in place of load and
     * reload_on; it marks the view dirty itself. */
    void (*reload)(struct view *v, int what);
    /* Draws the whole of v->win (v->h rows by v->w columns). */
    void (*draw)(struct view *v);
    /* Optional: handles an action; returns 1 when handled, 0 to let the
     * desk have it.
     * arg is the text a prompt or command supplied, or NULL. A view with a
     * listbox never sees the movement actions (view_request moves it). */
    int (*request)(struct view *v, enum action a, const char *arg);
    /* Optional: the action that opened this overlay, which closes it again
     * (? for the help); ACT_NONE for none. */
    enum action close_on;
    /* Optional: a click (button 1) or wheel (4 up, 5 down) at y, x of
     * v->win, for a view with its own rules. Without it, a view with a
     * listbox gets the shared ones: the wheel scrolls, a click selects a
     * row, a click on the selected row is ACT_ENTER. */
    void (*mouse)(struct view *v, int y, int x, int button);
    /* Optional: the view's rows as a listbox, which starts listbox_row
     * rows down v->win (below its column headings). */
    struct listbox *(*listbox)(struct view *v);
    int listbox_row;
    /* Optional: rows the view keeps for itself below its listbox at the
     * current height (the feeds view's selected feed in full). */
    int (*listbox_foot)(const struct view *v);
    /* Optional: v->h or v->w changed (the window is there). */
    void (*resize)(struct view *v);
    /* The title bar text into buf. */
    void (*title)(struct view *v, char *buf, size_t size);
};

struct view {
    const struct view_ops *ops;
    struct app *app;
    WINDOW *win; /* the content, below the title bar */
    WINDOW *bar; /* the title bar (one row) */
    int h, w;    /* of win */
    int dirty;
    int opened; /* open succeeded; close is due */
    /* Redrawn every second while on screen (a view that shows ages). */
    int tick;
    /* An overlay some action has closed; it stays whole until that action
     * returns (see app_close_overlay). */
    int closing;
    void *priv; /* ops->private_size bytes, owned by the framework */
};

/* Opens v, whose ops and app the caller has set (its windows may be placed
 * already, so the view loads as many rows as it shows): allocates v->priv,
 * then runs ops->open and ops->load. Returns 0, or -1 with err set and
 * v->priv freed. */
int view_open(struct view *v, const char *arg);
/* Closes v (ops->close), frees v->priv and the windows, and empties v. */
void view_close(struct view *v);
/* Gives v a title bar and content window at y, x of h rows (title
 * included) by w columns; none when too small. Tells an open view. */
void view_place(struct view *v, int y, int x, int h, int w);
/* The store changed (enum reload_what bits). */
void view_reload(struct view *v, int what);
/* An action for v: moves its listbox, closes it on its close_on action,
 * else hands it to ops->request. Returns 1 when handled, 0 to let the desk
 * have it. */
int view_request(struct view *v, enum action a, const char *arg);
/* A click or wheel turn at y, x of v->win. */
void view_mouse(struct view *v, int y, int x, int button);
/* Draws v's content window afresh (ops->draw, then wnoutrefresh; no
 * doupdate) and marks v clean. The title bar is the screen's. */
void view_draw(struct view *v);

extern const struct view_ops list_ops, detail_ops, portfolio_ops, trend_ops, overview_ops, help_ops,
    feeds_ops, alerts_ops, brief_ops, messages_ops;

#endif
