/* statusbar: the two bottom rows. The status bar (the filter, the counts,
 * the fetch pass, new articles, feed errors, alerts) and below it the
 * command line, a message or the key hints. Display and state only. */
#ifndef BULLPEN_TUI_STATUSBAR_H
#define BULLPEN_TUI_STATUSBAR_H

#include <stddef.h>
#include <stdint.h>

#include "tui/term.h"

struct app;

/* One line in the status bar: role is ROLE_STATUS, _ERROR or _ALERT. */
void app_message(struct app *app, enum term_role role, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Re-reads the unread and total counts the status bar shows (bounded: see
 * APP_UNREAD_CAP), and the search's matches. */
void app_counts_refresh(struct app *app);
/* Unread counts stop at this many ("9999+"): each count is an index walk
 * of at most this many entries. */
#define APP_UNREAD_CAP 10000
/* A search's hits are counted up to this many ("1000+ matches"). */
#define APP_MATCH_CAP 1000
/* "17", "9999+": an unread count as the views show it, into buf. */
void app_fmt_unread(int64_t unread, char *buf, size_t size);
/* How long a fetch pass's summary stays in the status bar. */
#define APP_SUMMARY_MS 5000
/* Drops the fetch pass's summary once its time is up (now: clock_mono_ms). */
void statusbar_tick(struct app *app, int64_t now);

/* Draws both bottom rows into stdscr (wnoutrefresh, no doupdate). */
void statusbar_draw(struct app *app);

#endif
