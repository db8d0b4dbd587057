/* The workstation's side of the background fetcher: its events become the
 * status bar's fetch line, error lines, alert lines and reloads. */
#include "tui/fetcher.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/clock.h"
#include "core/err.h"
#include "core/fetch.h"
#include "storage/feeds.h"
#include "storage/store.h"
#include "sync/sync.h"
#include "tui/app.h"

/* The demo store's feeds are samples at addresses that do not exist: it is
 * never fetched. */
static int is_demo(struct app *app)
{
    char *demo = store_meta_get(app->s, "demo");
    int yes = demo != NULL;
    free(demo);
    return yes;
}

void fetcher_start(struct app *app)
{
    app->sync_fd = -1;
    if (is_demo(app) || store_is_readonly(app->s) || store_feed_count(app->s) <= 0 || !app->db_path)
        return;
    /* libcurl is loaded here, once a fetcher is wanted, and its global
     * set-up runs before the fetcher's thread starts: it is not safe to
     * run from two threads. */
    if (fetch_global_init() == 0)
        app->sync = sync_thread_start(app->db_path, app->cfg, app->an, &app->sync_fd);
    if (!app->sync) app_message(app, ROLE_STATUS_ERROR, "fetcher: %s", err_msg());
}

void fetcher_stop(struct app *app)
{
    if (app->sync) sync_thread_stop(app->sync);
    app->sync = NULL;
    app->sync_fd = -1;
}

void fetcher_read(struct app *app)
{
    /* sync_thread_poll empties the pipe too. */
    struct sync_event ev;
    int fresh = 0, alerted = 0;
    while (app->sync && sync_thread_poll(app->sync, &ev)) {
        switch (ev.kind) {
        case SYNC_STARTED:
            app->fetching = 1;
            app->fetch_asked = 0;
            app->fetch_done = 0;
            app->fetch_total = ev.total;
            app->fetch_errors = 0;
            app->pass_new = 0;
            app->fetch_summary[0] = '\0';
            /* The feed view lists feeds added since (by the command line). */
            app_reload(app, RELOAD_FEEDS);
            break;
        case SYNC_FEED_DONE:
            app->fetch_done = ev.done;
            app->fetch_total = ev.total;
            if (ev.text[0]) {
                app->fetch_errors++;
                app_message(app, ROLE_STATUS_ERROR, "feed %lld: %s", (long long)ev.feed_id,
                            ev.text);
            }
            if (ev.new_articles > 0) {
                app->new_articles += ev.new_articles;
                app->pass_new += ev.new_articles;
                fresh = 1;
            }
            break;
        case SYNC_FINISHED:
            /* A pass that had nothing due says nothing. */
            if (app->fetch_total > 0)
                snprintf(app->fetch_summary, sizeof app->fetch_summary, "done: %d new, %d error%s",
                         app->pass_new, app->fetch_errors, app->fetch_errors == 1 ? "" : "s");
            app->summary_until = app->fetch_summary[0] ? clock_mono_ms() + APP_SUMMARY_MS : 0;
            app->fetching = 0;
            fresh = 1;
            break;
        case SYNC_ALERT:
            /* An alert line longer than the status area is cut, not refused. */
            snprintf(app->alert, sizeof app->alert, "alert: %.*s", (int)sizeof app->alert - 8,
                     ev.text);
            alerted = 1;
            break;
        case SYNC_ALERT_ERROR:
            app_message(app, ROLE_STATUS_ERROR, "alerts: %s", ev.text);
            break;
        }
        app->status_dirty = 1;
    }
    if (fresh) {
        /* The store's version read before the reload stands for what it
         * shows, so the look for other processes' changes does not load
         * the same rows a second time; a commit after it still counts. */
        int64_t v = store_data_version(app->s);
        app_reload(app, RELOAD_ARTICLES | RELOAD_FLAGS | RELOAD_FEEDS | RELOAD_WATCH);
        if (v >= 0) {
            app->data_version = v;
            app->changed = 0;
        }
    }
    /* A finished pass counts too: another process may have fired alerts. */
    if (fresh || alerted) app_alerts_refresh(app);
}

int app_fetch_now(struct app *app)
{
    if (app->sync) {
        sync_thread_kick(app->sync);
        /* The status bar follows the pass from here. */
        if (!app->fetching) app->fetch_asked = 1;
        app->fetch_summary[0] = '\0';
        app->status_dirty = 1;
        return 0;
    }
    /* Feeds added since the start (bullpen feeds add): the fetcher starts
     * now, and its first pass is the one asked for. */
    app->msg[0] = '\0';
    fetcher_start(app);
    if (app->sync) {
        app->fetch_asked = 1;
        app->status_dirty = 1;
        return 0;
    }
    if (app->msg[0]) return -1; /* it could not start: the message says why */
    if (store_is_readonly(app->s))
        app_message(app, ROLE_STATUS_ERROR, "%s: store is read-only", store_path(app->s));
    else if (is_demo(app))
        app_message(app, ROLE_STATUS_ERROR,
                    "the demo store is not fetched; add a feed of your own with: bullpen feeds "
                    "add URL");
    else
        app_message(app, ROLE_STATUS_ERROR,
                    "no feeds to fetch; add one with: bullpen feeds add URL");
    return -1;
}
