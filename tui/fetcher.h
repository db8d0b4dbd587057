/* fetcher: the workstation's side of the background fetcher
 * (sync/sync_thread.c): starting and stopping it, asking for a pass, and
 * turning its events into the status bar and reloads. */
#ifndef BULLPEN_TUI_FETCHER_H
#define BULLPEN_TUI_FETCHER_H

struct app;

/* Starts the fetcher for a store with feeds of its own that it can write
 * (the demo store's feeds are samples with no address to fetch), loading
 * libcurl first (fetch_global_init); sets app->sync and app->sync_fd (-1
 * when it does not run). A fetcher that cannot start says why in the
 * status bar. The loop calls it once the first frame is drawn. */
void fetcher_start(struct app *app);
/* Stops it (transfers in flight are abandoned; what was stored stays). */
void fetcher_stop(struct app *app);
/* Drains its events (app->sync_fd is readable): progress and errors into
 * the status bar; new articles reload the views without moving the
 * selection. */
void fetcher_read(struct app *app);
/* Asks the background fetcher for a pass now, starting it when feeds were
 * added since the start; -1 (said in the status bar) when there is none. */
int app_fetch_now(struct app *app);

#endif
