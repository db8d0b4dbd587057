/* listbox: scrolling, selection and paging shared by every in-memory list
 * (portfolio, feeds, overview, help); the row drawing is the view's. */
#ifndef BULLPEN_TUI_LISTBOX_H
#define BULLPEN_TUI_LISTBOX_H

#include "tui/keymap.h"

struct listbox {
    int n;   /* rows */
    int top; /* first row on screen */
    int sel; /* selected row */
};

/* Applies a movement action for a window of height rows; returns 1 when a
 * was a movement (handled), 0 otherwise. */
int listbox_request(struct listbox *lb, enum action a, int height);
/* Keeps sel within [0, n) and on screen. */
void listbox_clamp(struct listbox *lb, int height);
/* A click on screen row `row` or a wheel turn; returns 1 when the click
 * landed on the row already selected (open it), else 0. */
int listbox_mouse(struct listbox *lb, int row, int button, int height);

#endif
