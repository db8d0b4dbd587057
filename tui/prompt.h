/* prompt: the command line, a small line editor on the bottom row for `/`,
 * `:` and the questions actions ask. It edits and draws; what was typed
 * goes back to the caller, which runs it. */
#ifndef BULLPEN_TUI_PROMPT_H
#define BULLPEN_TUI_PROMPT_H

#include <stddef.h>
#include <wchar.h>

#include "tui/keymap.h"

struct app;

/* Opens the command line with label; on Enter prompt_key hands back a with
 * prefix + the text typed. prefix may be NULL. */
void app_prompt(struct app *app, const char *label, enum action a, const char *prefix);
/* Asks question (" y/n: " is added) on the command line: y or n as the
 * first key answers at once, handing back a with prefix + the letter as
 * Enter would; other text is typed and answered with Enter as usual. */
void app_prompt_yesno(struct app *app, const char *question, enum action a, const char *prefix);
/* A key (a curses key code when is_key) while the command line is open.
 * Returns 1 when Enter ended it: *a is the action to run and arg (size
 * bytes) holds its argument; 0 otherwise (the line was edited, completed
 * with Tab, or cancelled with Esc). */
int prompt_key(struct app *app, wint_t ch, int is_key, enum action *a, char *arg, size_t size);
/* The most characters the command line holds, and the bytes they take in
 * UTF-8 (four at most each) with the NUL. */
#define PROMPT_CHARS 256
#define PROMPT_TEXT_MAX (4 * PROMPT_CHARS + 1)
/* The text typed so far, in UTF-8, into buf (size bytes). Returns 0, or -1
 * (buf empty) when it does not convert or fit. */
int prompt_text(const struct app *app, char *buf, size_t size);
/* Draws the label and the typed text (its end, when it is longer than the
 * row) on row y of stdscr, leaving the cursor after it. */
void prompt_draw(struct app *app, int y);

#endif
