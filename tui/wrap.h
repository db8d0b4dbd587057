/* wrap: drawing a run of sanitised characters as word-wrapped lines, for the
 * blocks of prose the views show outside the article text (the summary, a
 * research note, a brief's claims). UI thread only, like all of tui/. */
#ifndef BULLPEN_TUI_WRAP_H
#define BULLPEN_TUI_WRAP_H

#include <stddef.h>

#include "tui/term.h"

/* Wraps t (n characters from term_sanitize; '\n' starts a new line) to
 * width columns and draws at most max_rows lines from row y, column x of w
 * (nothing when draw is 0). A text cut short ends in an ellipsis. Returns
 * the rows it takes (at most max_rows); with max_rows < 0, every row. */
int wrap_draw(WINDOW *w, int y, int x, int width, int max_rows, const struct tchar *t, size_t n,
              attr_t attr, int draw);

/* Draws s (UTF-8 from anywhere, sanitised as term_put does; a line break
 * becomes a space) word-wrapped as wrap_draw does, in at most max_rows
 * rows from row y, column x of w. Returns the rows drawn (0 when memory
 * runs out). */
int wrap_put(WINDOW *w, int y, int x, int width, int max_rows, const char *s, attr_t attr);

/* The start of every wrapped line of t at width into *starts (malloc'd, the
 * caller frees), their count in *n_lines; line i runs to starts[i + 1] (or
 * n), less a trailing space or newline. Returns 0 or -1 when memory runs
 * out. */
int wrap_lines(const struct tchar *t, size_t n, int width, size_t **starts, size_t *n_lines);

#endif
