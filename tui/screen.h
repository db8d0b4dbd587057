/* screen: the workstation's windows. Where each pane goes for the layout
 * and the terminal's size, the overlays open over the desk, which pane has
 * the focus, and drawing what changed once per pass of the loop. Display
 * and state only: it never calls the loop or the actions. */
#ifndef BULLPEN_TUI_SCREEN_H
#define BULLPEN_TUI_SCREEN_H

#include <stdint.h>

struct app;
struct view;
struct view_ops;

/* The name of a layout mode ("auto", "wide", "narrow"). */
const char *layout_mode_name(int mode);
/* The layout mode named name (enum layout_mode), or -1. */
int layout_mode_parse(const char *name);
/* Re-arranges the panes for the layout mode and the terminal's size: side
 * by side (wide, or auto from 160x30), the list above the article and the
 * portfolio (auto from 110x32), one pane at a time (narrow, or auto below
 * that). */
void app_layout(struct app *app);
/* The terminal changed size (SIGWINCH, KEY_RESIZE): takes the new size
 * and lays the panes out again; the next draw repaints every cell. */
void screen_resize(struct app *app);

/* Focuses a pane (showing it in the narrow layout). */
void app_focus(struct app *app, int pane);
/* The list selected article id (0 when none); the detail pane follows. */
void app_select(struct app *app, int64_t id);
/* Closes every overlay (app_close_overlay each: safe from their own
 * request handlers). */
void app_close_overlays(struct app *app);
/* Shows article id in the article pane: closes every overlay, marks it read
 * (as Enter in the list does), selects it, focuses the pane. */
void app_show_article(struct app *app, int64_t id);
/* Tells every view that the store changed (enum reload_what bits), and
 * re-reads the status bar's counts when articles, flags, feeds or the
 * filter changed. */
void app_reload(struct app *app, int what);

/* Opens a full-screen view over the desk. Returns 0, or -1 after saying
 * why in the status bar. */
int app_open_overlay(struct app *app, const struct view_ops *ops, const char *arg);
/* Closes the overlay v, which leaves the screen at once but is only taken
 * down (ops->close, its windows freed) by screen_reap_overlays, once the
 * key, click or command under way has been handled. So whoever closes it,
 * often v's own request handler, may go on using v, v->app and v->priv
 * until it returns. Does nothing to a pane. */
void app_close_overlay(struct view *v);
/* The overlay that keys go to (the topmost not closing), or NULL. */
struct view *app_top_overlay(struct app *app);
/* Takes down the overlays closed since the last call. The loop calls it
 * between one key (click, fetcher event) and the next, when no view's code
 * is running. */
void screen_reap_overlays(struct app *app);
/* The view under a click at y, x of the screen, with y, x made relative to
 * its window; NULL when none. */
struct view *screen_view_at(struct app *app, int *y, int *x);

/* Draws what changed (every window when app->redraw_all), the status bar
 * included, then one doupdate. */
void screen_draw(struct app *app);

#endif
