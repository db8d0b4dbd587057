/* tui: the full-screen workstation. */
#ifndef BULLPEN_TUI_TUI_H
#define BULLPEN_TUI_TUI_H

struct store;
struct config;
struct analyzer;

/* Runs the workstation on store s until the user quits. an may be NULL
 * (tickers are then found by symbol only); db_path is the store's file or
 * PostgreSQL target (store_target), for the background fetcher's own
 * connection; hint (may be NULL) is shown in the
 * status bar at start. Nothing here scales with the store's size. Returns 0,
 * or -1 with err set when the terminal could not be used. */
int tui_run(struct store *s, const struct config *cfg, const struct analyzer *an,
            const char *db_path, const char *hint);

#endif
