/* view: what every pane and full-screen view of the workstation provides.
 * A view is one file ending with its ops table (tui/list.c, tui/detail.c,
 * ...); the event loop in tui/app.c places, draws and feeds them. */
#ifndef BULLPEN_TUI_VIEW_H
#define BULLPEN_TUI_VIEW_H

#include <stddef.h>

#include "tui/keymap.h"
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

struct view_ops {
    const char *name;
    /* Sets up v->priv; arg is view-specific (a symbol for the trend).
     * Returns 0 or -1 with err set. */
    int (*open)(struct view *v, const char *arg);
    void (*close)(struct view *v);
    /* Draws the whole of v->win (v->h rows by v->w columns). */
    void (*draw)(struct view *v);
    /* Handles an action; returns 1 when handled, 0 to let the desk have it.
     * arg is the text a prompt or command supplied, or NULL. */
    int (*request)(struct view *v, enum action a, const char *arg);
    /* A click (button 1) or wheel (4 up, 5 down) at y, x of v->win. */
    void (*mouse)(struct view *v, int y, int x, int button);
    /* The store changed (enum reload_what bits). */
    void (*reload)(struct view *v, int what);
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
    /* Redrawn every second while on screen (a view that shows ages). */
    int tick;
    /* An overlay some action has closed; it stays whole until that action
     * returns (see app_close_overlay). */
    int closing;
    void *priv;
};

extern const struct view_ops list_ops, detail_ops, portfolio_ops, trend_ops, overview_ops, help_ops,
    feeds_ops, alerts_ops, brief_ops;

#endif
