/* sync: keeping the store up to date from the feeds. One pass fetches every
 * due feed through core/fetch, parses, analyses and stores each as its
 * transfer completes (storage/ingest: one transaction per feed, its alert
 * events included), then delivers the alerts that commit made pending
 * (store_alerts_deliver). `bullpen fetch` runs passes in the foreground; the
 * workstation runs them on a background thread that reports through a pipe
 * its event loop polls. */
#ifndef BULLPEN_SYNC_SYNC_H
#define BULLPEN_SYNC_SYNC_H

#include <stddef.h>
#include <stdint.h>

struct config;
struct store;
struct analyzer;

enum sync_event_kind {
    SYNC_STARTED,     /* a pass began; total = feeds due */
    SYNC_FEED_DONE,   /* one feed finished: new articles, or error */
    SYNC_FINISHED,    /* the pass ended; totals filled */
    SYNC_ALERT,       /* an alert was delivered after its commit; article_id,
                         feed_id and text (the alert's line) set */
    SYNC_ALERT_ERROR, /* alerts could not be delivered now (they wait in the
                         store for the next run); text says why */
};

struct sync_event {
    enum sync_event_kind kind;
    int64_t feed_id, article_id;
    int done, total;  /* feeds */
    int new_articles; /* this feed, or the pass's total on SYNC_FINISHED */
    int errors;       /* on SYNC_FINISHED */
    int64_t next_due; /* on SYNC_FINISHED: when the next feed is due (unix
                         time; in the past: now), 0 when there are no feeds */
    int64_t leased;   /* on SYNC_FINISHED: nothing was fetched, every feed
                         due being leased to another fetcher until this
                         unix time (next_due then); else 0 */
    char text[256];   /* the feed's error, or the alert's line */
};

/* Called for each event in the thread running the pass. */
typedef void (*sync_event_fn)(void *ctx, const struct sync_event *ev);

struct sync_opts {
    int force;                /* fetch every feed, not just the due ones */
    int jobs;                 /* parallel transfers; 0 = config's fetch.parallel */
    long interval;            /* a new feed's first interval (then each feed finds
                                 its own pace, core/schedule.h); 0 = fetch.min_interval */
    const volatile int *stop; /* set to stop between and during transfers */
};

/* One pass over the store s, in the caller's thread. Returns 0 (per-feed
 * errors arrive as events), or -1 with err set when the pass could not run. */
int sync_run(struct store *s, const struct config *cfg, const struct analyzer *an,
             const struct sync_opts *o, sync_event_fn fn, void *ctx);

/* When the store has no feeds at all, adds the built-in default feeds,
 * tagged "default" (and with their OPML folder as a second tag). They are
 * fetched only while the user has no feeds of their own. Returns the number
 * added, or -1 with err set. */
int sync_seed_defaults(struct store *s);

/* The background fetcher: its own thread and its own connection to the
 * store at db_path. Runs a pass at once, then again when the next feed is
 * due (but at least every fetch.interval seconds, to see feeds added
 * meanwhile) and whenever sync_thread_kick is called. Events are queued and the read
 * end *fd becomes readable; drain them with sync_thread_poll. Returns NULL
 * with err set. cfg and an must outlive the thread. */
struct sync_thread;
struct sync_thread *sync_thread_start(const char *db_path, const struct config *cfg,
                                      const struct analyzer *an, int *fd);
/* Requests a pass now (forced: every feed). */
void sync_thread_kick(struct sync_thread *t);
/* Takes one queued event; returns 1 when one was copied, 0 when none. */
int sync_thread_poll(struct sync_thread *t, struct sync_event *ev);
/* Stops the thread (abandoning transfers in flight; what was stored stays)
 * and frees it. */
void sync_thread_stop(struct sync_thread *t);

#endif
