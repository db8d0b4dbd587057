/* note (workstation side): the language model's research note in the
 * article pane. `A` shows the stored note of the article, or asks the model
 * for one on a worker thread (core/llm.h's llm_job) and shows the answer as
 * it streams in; Esc cancels; `A` again goes back to the article's text.
 * The note is labelled as the model's and its sentiment is drawn beside
 * bullpen's, never instead of it.
 *
 * Threads: the UI thread only; the worker is core/llm.c's and reports
 * through app->note_fd, which the event loop polls, then calls
 * note_panel_ready. */
#ifndef BULLPEN_TUI_NOTE_H
#define BULLPEN_TUI_NOTE_H

#include <stddef.h>
#include <stdint.h>

#include "tui/term.h"

struct app;
struct note_panel;

/* Allocates an idle panel; NULL when memory runs out. Free with
 * note_panel_free (which cancels and waits for a running request). */
struct note_panel *note_panel_new(struct app *app);
void note_panel_free(struct note_panel *p);

/* The article pane now shows article id (0: none): the note's view closes
 * unless it is about id. A request already running goes on and stores its
 * note when it ends. */
void note_panel_article(struct note_panel *p, int64_t id);

/* `A` on article id: shows the stored note or asks for one; hides the note
 * when it is showing. refresh asks again even when one is stored. */
void note_panel_toggle(struct note_panel *p, int64_t id, int refresh);

/* Whether the note, not the article's text, fills the pane body. */
int note_panel_active(const struct note_panel *p);

/* Esc: cancels a running request (1), or closes the note (1), else 0. */
int note_panel_back(struct note_panel *p);

/* The worker has news (app->note_fd was readable). */
void note_panel_ready(struct note_panel *p);

/* Scrolls the note by rows (page keys pass a page). */
void note_panel_scroll(struct note_panel *p, int rows);

/* Draws the note into rows [y, y + h) of w, width cols. */
void note_panel_draw(struct note_panel *p, WINDOW *w, int y, int h, int cols);

/* The model's overall score for article id when a note is known:
 * returns 1 and sets *score, else 0. */
int note_panel_score(const struct note_panel *p, int64_t id, double *score);

#endif
