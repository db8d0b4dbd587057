/* complete: Tab in a prompt completes what it asks for (a feed, a tag, a
 * symbol or company, an action's name), from one small table of sources
 * per prompt kind. */
#ifndef BULLPEN_TUI_COMPLETE_H
#define BULLPEN_TUI_COMPLETE_H

#include <stddef.h>

struct app;

/* Tab pressed in the open prompt: completes the typed text to the longest
 * prefix its candidates share (case-insensitive), and when that leaves a
 * choice, or nothing was added, lists the candidates for the status bar. */
void complete_tab(struct app *app);
/* Forgets the listed candidates (any other key in the prompt). */
void complete_clear(struct app *app);
/* The listed candidates as one line of at most width columns, cut with
 * "… N more" when they do not all fit; "" when none is listed. */
void complete_line(const struct app *app, int width, char *buf, size_t size);

#endif
