/* One fetch pass: due feeds -> core/fetch -> parse -> analyse -> store.
 *
 * Two threads share a pass: the caller's runs the transfers (core/fetch),
 * parses, packs and analyses each finished body and hands it to a worker
 * that stores it, several feeds to a transaction, so the network keeps
 * moving while a feed is being written. The worker is the only thread that
 * writes to the store during the pass; a third copies its WAL into the
 * store file (store_checkpointer_start). */
#include "sync/sync.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/analyze.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/defaults.h"
#include "core/err.h"
#include "core/fault.h"
#include "core/feed.h"
#include "core/fetch.h"
#include "core/opml.h"
#include "core/str.h"
#include "core/textpack.h"
#include "storage/alerts.h"
#include "storage/articles.h"
#include "storage/feeds.h"
#include "storage/ingest.h"
#include "storage/store.h"
#include "sync/sync_pace.h"

#define DEFAULT_TAG "default"

/* How a feed's error begins when storing it failed. */
#define STORING "storing: "

/* How long a pass holds the feeds it took (store_feed_claim): longer than a
 * pass takes, short enough that another fetcher takes up a crashed one's
 * feeds within the quarter hour. */
#define FEED_LEASE_S 900

/* Items a feed hands to the pipeline at a time: a large feed is parsed,
 * analysed and stored a batch at a time, so what it holds in memory is
 * bounded by the batch, not by the feed. At 1,024 a feed of 10,000 or
 * 20,000 items peaked at 30 to 33.5 MB; at 512, 28.1 MB either way, for
 * 4% more time on such feeds (a feed of 500 is one batch either way). */
#define FEED_BATCH 512

/* A batch of a finished transfer's items, parsed and analysed in the
 * transfer thread, waiting to be stored by the worker; the last one (or
 * the only one) also carries the feed's state. */
struct job {
    int64_t id;
    struct feed_doc doc; /* valid when parsed */
    struct analysis *an; /* doc.n_items analyses, or NULL without an analyser */
    int parsed, not_modified;
    /* More batches of the feed follow: its items are stored, and the feed's
     * state (validators, result, pace) waits for its last batch, so a pass
     * cut short between them leaves the feed to be fetched again. */
    int more;
    char *etag, *last_modified, *error;
    struct pace_obs pace; /* what the response said about the feed's pace */
    int full_text;        /* analysed by the worker, after the pages */
    int alone;            /* its last storing failed: not in a batch */
};

/* Batches waiting for the worker; at most QUEUE_JOBS, so memory stays
 * bounded (the transfer thread waits when the worker falls behind). One is
 * enough to keep both threads busy: the worker stores a batch while the next
 * is parsed and analysed, and each analysed feed waiting held about 1.5 MB
 * at 500 items. */
#define QUEUE_JOBS 1

/* The worker stores several feeds in one transaction: a commit per feed
 * (its WAL frames, the pages every feed touches written again, the
 * checkpoints, the full-text flush) was 30% of the writer's time at 200 x
 * 500. A batch ends at BATCH_FEEDS feeds, BATCH_ARTICLES articles, or when
 * no feed has come for BATCH_IDLE_MS, so the write lock is not held while
 * the network is slow; the feeds' events, their alerts included, wait for
 * its commit. A feed that fails to be stored takes its batch with it (no
 * savepoint a feed: their journals were a sixth of the writer's time), and
 * is stored in a transaction of its own at its next fetch (job.alone), so a
 * feed that always fails fails only once beside others. */
#define BATCH_FEEDS 16
#define BATCH_ARTICLES 4000
#define BATCH_IDLE_MS 200

/* Jobs the worker has stored come back to the transfer thread, which
 * allocated them, to be freed there (the worker's frees of another
 * thread's memory were 4% of its time, and took the allocator's lock from
 * the transfer thread's mallocs; freed here, the 200 x 500 fetch took
 * 5.80 s instead of 6.23 and 8.7 s of CPU instead of 9.3, median of 5,
 * at the same peak): at most QUEUE_JOBS + 1, since the worker
 * takes a job only after it has put back the one before it, and the
 * transfer thread frees them whenever it waits to put a job, before it
 * puts one and at the end of the pass. */
#define DONE_JOBS (QUEUE_JOBS + 1)

struct queue {
    pthread_mutex_t mu;
    pthread_cond_t can_put, can_get;
    struct job jobs[QUEUE_JOBS];
    int head, len, closed;
    struct job done[DONE_JOBS];
    int n_done;
};

struct pass {
    struct store *s;
    const struct config *cfg;
    const struct analyzer *an;
    sync_event_fn fn;
    void *ctx;
    int64_t interval;
    int done, total, new_articles, errors;
    int deliver_failed; /* alert deliveries that failed this pass */
    struct queue *q;    /* NULL: process in the transfer thread */
    /* The transfer thread's own read-only connection, to skip articles the
     * store already holds before analysing them; NULL: analyse all. */
    struct store *reader;
    struct pace_index *ix; /* the due feeds by id: their state before the pass */
    struct schedule_limits limits;
    const struct fetch_opts *fo; /* shared politeness for article pages */
    /* The transfer thread's packer: bodies are packed for the store beside
     * the parse, off the writing thread; NULL: the store packs them. */
    struct textpack *pack;
    /* The worker's open batch: its feeds' events, held until the commit. */
    struct sync_event held[BATCH_FEEDS];
    int batch; /* a transaction is open */
    int n_held, held_articles, held_fired;
    /* The batches of the feed being stored ahead of its last: the worker's
     * own. */
    struct {
        int64_t feed_id;
        int added;
        char error[256]; /* the first failure: the feed's error */
    } part;
};

static void emit(struct pass *p, struct sync_event *ev)
{
    ev->done = p->done;
    ev->total = p->total;
    if (p->fn) p->fn(p->ctx, ev);
}

/* An alert was delivered (after its commit): tell whoever watches the
 * pass. */
static void on_alert(void *ctx, const struct alert_delivered *d)
{
    struct pass *p = ctx;
    struct sync_event ev = {.kind = SYNC_ALERT, .article_id = d->article_id};
    ev.feed_id = d->feed_id;
    alert_line_format(ev.text, sizeof ev.text, d->rule_id, d->detail, d->title, d->exec_error);
    emit(p, &ev);
}

/* Runs the alert outbox: every pending event of the store, this pass's and
 * any a crashed or full-disk run left behind. A failure is said once per
 * pass; the events wait in the store for the next run. */
static void deliver(struct pass *p)
{
    if (store_alerts_deliver(p->s, on_alert, p) >= 0) return;
    if (p->deliver_failed++) return;
    struct sync_event ev = {.kind = SYNC_ALERT_ERROR};
    snprintf(ev.text, sizeof ev.text, "%s", err_msg());
    emit(p, &ev);
}

/* The clock tests can pin (BULLPEN_NOW), so schedules can be replayed. */
static int64_t now_s(void)
{
    return clock_now();
}

/* Commits the worker's batch, then says what its feeds did: an alert
 * prints and runs only once its article is committed. A failed commit
 * fails every feed of the batch, each recorded outside it. part_added: the
 * articles a large feed's batch (process_part) stored in it, which ends it;
 * NULL for a batch of whole feeds. */
static void batch_commit(struct pass *p, const int *part_added)
{
    /* A failure SQLite answers by ending the whole transaction (a full
     * disk, say) took the batch's earlier feeds with it. */
    int lost = p->batch && !store_in_txn(p->s);
    if (lost || (p->batch && store_commit(p->s))) {
        char why[256];
        snprintf(why, sizeof why, STORING "%s",
                 lost ? "rolled back with another feed of its transaction" : err_msg());
        store_rollback(p->s);
        p->held_fired = 0;
        /* A large feed's batch: its later batches are not stored, and its
         * last one says why. */
        if (part_added) {
            p->new_articles -= *part_added;
            p->part.added -= *part_added;
            if (!p->part.error[0]) snprintf(p->part.error, sizeof p->part.error, "%s", why);
        }
        for (int i = 0; i < p->n_held; i++) {
            struct sync_event *ev = &p->held[i];
            p->new_articles -= ev->new_articles;
            ev->new_articles = 0;
            int64_t interval = p->interval;
            if (!ev->text[0]) {
                p->errors++;
                snprintf(ev->text, sizeof ev->text, "%s", why);
                /* Not its own failure: due again at once, unless it failed
                 * last time too (a full disk fails every feed every time:
                 * those back off). */
                const struct feed_row *row = sync_pace_find(p->ix, ev->feed_id);
                if (row && row->fail_count == 0) interval = 0;
            }
            store_feed_result(p->s, ev->feed_id, now_s(), interval, ev->text, 0, NULL, NULL, NULL,
                              NULL);
        }
    } else if (p->batch) {
        fault_crash_point(part_added ? "batch-committed" : "feed-committed");
    }
    p->batch = 0;
    for (int i = 0; i < p->n_held; i++)
        if (p->fn) p->fn(p->ctx, &p->held[i]);
    if (p->held_fired || p->deliver_failed) deliver(p);
    p->n_held = p->held_articles = p->held_fired = 0;
}

/* A full-text feed fetches its pages first: not with the write lock held;
 * a feed whose storing failed last time is stored on its own. Otherwise
 * the job joins the worker's batch, begun here; msg (n bytes) is set when
 * it cannot begin. */
static void batch_join(struct pass *p, const struct job *j, char *msg, size_t n)
{
    int own = (j->full_text && j->parsed) || j->alone;
    if (own) batch_commit(p, NULL);
    if (p->q && !own && !p->batch) {
        if (store_begin(p->s))
            snprintf(msg, n, STORING "%s", err_msg());
        else
            p->batch = 1;
    }
}

/* Stores a batch of a feed's items ahead of its last one: the articles
 * and their alert events only (delivered once committed), in the worker's
 * transaction, which it then commits: a feed larger than a batch is
 * committed a batch at a time, its state waiting for its last one. After a
 * failure the feed's later batches are not stored: its last one says the
 * error. */
static void process_part(struct pass *p, struct job *j)
{
    if (p->part.feed_id != j->id) memset(&p->part, 0, sizeof p->part);
    p->part.feed_id = j->id;
    if (p->part.error[0]) return;
    int added = 0, fired = 0;
    struct ingest_feed in = {.feed_id = j->id, .now = now_s(), .items_only = 1};
    batch_join(p, j, p->part.error, sizeof p->part.error);
    if (p->part.error[0]) {
        /* the batch could not begin */
    } else if (j->error)
        snprintf(p->part.error, sizeof p->part.error, "%s", j->error);
    else if (j->full_text &&
             sync_pace_full_text(p->s, p->cfg, p->an, p->fo, j->id, &j->doc, &j->an))
        snprintf(p->part.error, sizeof p->part.error, "full text: %s", err_msg());
    else if (store_feed_ingest(p->s, &in, &j->doc, j->an, &added, &fired))
        snprintf(p->part.error, sizeof p->part.error, STORING "%s", err_msg());
    p->part.added += added;
    p->new_articles += added;
    p->held_fired |= fired;
    batch_commit(p, &added);
}

/* Stores one finished transfer (its last batch) and records the feed's
 * state; runs in the worker (or the transfer thread when there is none). */
static void process(struct pass *p, struct job *j)
{
    if (j->more) {
        process_part(p, j);
        return;
    }
    struct sync_event ev = {.kind = SYNC_FEED_DONE, .feed_id = j->id};
    char msg[256] = "";
    int fired = 0;
    p->done++;
    /* What the feed's earlier batches stored, or where they failed. */
    if (p->part.feed_id == j->id) {
        ev.new_articles = p->part.added;
        snprintf(msg, sizeof msg, "%s", p->part.error);
    }
    memset(&p->part, 0, sizeof p->part);
    if (!msg[0]) batch_join(p, j, msg, sizeof msg);
    if (msg[0]) {
        /* an earlier batch failed, or the batch could not begin: the
         * feed's error, recorded below */
    } else if (j->error) {
        snprintf(msg, sizeof msg, "%s", j->error);
    } else if (j->not_modified) {
        if (store_feed_result(p->s, j->id, now_s(), p->interval, NULL, 1, NULL, NULL, NULL, NULL))
            snprintf(msg, sizeof msg, "%s", err_msg());
    } else {
        int added = 0;
        struct ingest_feed in = {.feed_id = j->id,
                                 .now = now_s(),
                                 .interval = p->interval,
                                 .etag = j->etag,
                                 .last_modified = j->last_modified};
        if (j->full_text && j->parsed &&
            sync_pace_full_text(p->s, p->cfg, p->an, p->fo, j->id, &j->doc, &j->an))
            snprintf(msg, sizeof msg, "full text: %s", err_msg());
        else if (store_feed_ingest(p->s, &in, &j->doc, j->an, &added, &fired))
            snprintf(msg, sizeof msg, STORING "%s", err_msg());
        ev.new_articles += added;
        p->new_articles += added;
    }
    if (msg[0]) {
        p->errors++;
        snprintf(ev.text, sizeof ev.text, "%s", msg);
        /* The error is recorded in the batch or on its own, or, where the
         * failure ended the batch, with the batch's other feeds
         * (batch_commit); if even that fails (disk full), the event still
         * tells the user. */
        if (!p->batch || store_in_txn(p->s))
            store_feed_result(p->s, j->id, now_s(), p->interval, msg, 0, NULL, NULL, NULL, NULL);
    }
    /* After the outcome is recorded: the feed's own next due time. */
    if (sync_pace_record(p->s, &p->limits, j->id, sync_pace_find(p->ix, j->id), &j->pace,
                         msg[0] != 0, ev.new_articles > 0, now_s()) &&
        !msg[0])
        snprintf(ev.text, sizeof ev.text, "%s", err_msg());
    ev.done = p->done;
    ev.total = p->total;
    p->held[p->n_held++] = ev;
    p->held_fired |= fired;
    p->held_articles += j->parsed ? (int)j->doc.n_items : 0;
    /* Without a batch (one thread, a full-text feed) the feed committed on
     * its own; a batch this feed's failure ended is over too. */
    if (!p->batch || !store_in_txn(p->s) || p->n_held == BATCH_FEEDS ||
        p->held_articles >= BATCH_ARTICLES)
        batch_commit(p, NULL);
}

static void job_free(struct job *j)
{
    if (j->an)
        for (size_t i = 0; i < j->doc.n_items; i++)
            analysis_free(&j->an[i]);
    free(j->an);
    if (j->parsed) feed_doc_free(&j->doc);
    free(j->etag);
    free(j->last_modified);
    free(j->error);
    memset(j, 0, sizeof *j);
}

/* Fills j with a finished transfer's outcome and, when parsed (doc not
 * NULL), with a batch of its items: taken from doc, their known ones
 * dropped, the rest packed and analysed, in the transfer thread while the
 * worker stores the previous batch. The last batch takes the feed's title
 * and the response's validators too. Whatever fails becomes the feed's
 * error. */
static void job_from(struct pass *p, struct job *j, const struct fetch_result *r,
                     struct feed_doc *doc, int last)
{
    memset(j, 0, sizeof *j);
    j->id = r->id;
    j->not_modified = r->not_modified;
    j->more = !last;
    /* The pace is the last batch's to record (reading it scans the body). */
    if (last) sync_pace_observe(&j->pace, r, now_s());
    const struct feed_row *row = sync_pace_find(p->ix, r->id);
    j->full_text = row && row->full_text;
    j->alone = row && row->last_error && !strncmp(row->last_error, STORING, strlen(STORING));
    if (!doc) {
        j->error = r->error ? xstrdup(r->error) : !r->not_modified ? xstrdup(err_msg()) : NULL;
        if (!r->not_modified && !j->error) goto oom;
        return;
    }
    j->parsed = 1;
    j->doc.format = doc->format;
    j->doc.items = doc->items;
    j->doc.n_items = doc->n_items;
    doc->items = NULL;
    doc->n_items = 0;
    if (last) {
        j->doc.title = doc->title;
        doc->title = NULL;
    }
    /* A changed feed is mostly articles already stored: drop those before
     * the analysis, the costly part. The worker's insert still ignores any
     * it holds (a guid repeated within the feed, say). A feed that held no
     * articles when the pass took it (a new one) is not looked up: the pass
     * is the only one storing it. */
    if (p->reader && !(row && row->article_count == 0)) {
        size_t keep = 0;
        for (size_t i = 0; i < j->doc.n_items; i++) {
            if (store_article_known(p->reader, r->id, j->doc.items[i].guid) == 1) {
                article_clear(&j->doc.items[i]);
                continue;
            }
            if (keep != i) {
                j->doc.items[keep] = j->doc.items[i];
                memset(&j->doc.items[i], 0, sizeof j->doc.items[i]);
            }
            keep++;
        }
        j->doc.n_items = keep;
    }
    if (last) {
        j->etag = xstrdup(r->etag);
        j->last_modified = xstrdup(r->last_modified);
        if ((r->etag && !j->etag) || (r->last_modified && !j->last_modified)) goto oom;
    }
    /* A full-text feed's bodies are replaced by the worker: packed there. */
    if (j->full_text) return;
    for (size_t i = 0; p->pack && i < j->doc.n_items; i++)
        if (article_pack(&j->doc.items[i], p->pack)) goto oom;
    if (!p->an || !j->doc.n_items) return;
    j->an = calloc(j->doc.n_items, sizeof *j->an);
    if (!j->an) goto oom;
    struct sbuf text = {0};
    for (size_t i = 0; i < j->doc.n_items; i++) {
        if (analyzer_run_article(p->an, &j->doc.items[i], &text, &j->an[i])) {
            sbuf_free(&text);
            goto oom;
        }
    }
    sbuf_free(&text);
    return;
oom:
    job_free(j);
    j->id = r->id;
    j->more = !last;
    j->error = xstrdup("out of memory");
    if (last) sync_pace_observe(&j->pace, r, now_s());
}

/* Frees the jobs the worker has put back; called with q->mu held, which it
 * lets go while freeing. */
static void free_done(struct queue *q)
{
    while (q->n_done) {
        struct job j = q->done[--q->n_done];
        pthread_mutex_unlock(&q->mu);
        job_free(&j);
        pthread_mutex_lock(&q->mu);
    }
}

/* Hands a job to the worker, waiting while the queue is full; without a
 * worker, stores it here. */
static void job_put(struct pass *p, struct job *j)
{
    if (!p->q) {
        process(p, j);
        job_free(j);
        return;
    }
    struct queue *q = p->q;
    pthread_mutex_lock(&q->mu);
    for (;;) {
        free_done(q);
        if (q->len < QUEUE_JOBS) break;
        pthread_cond_wait(&q->can_put, &q->mu);
    }
    q->jobs[(q->head + q->len) % QUEUE_JOBS] = *j;
    q->len++;
    pthread_cond_signal(&q->can_get);
    pthread_mutex_unlock(&q->mu);
}

/* A finished transfer's items as the parser hands them on. */
struct batching {
    struct pass *p;
    const struct fetch_result *r;
    int last_put; /* the feed's last job is queued */
};

static int on_batch(void *ctx, struct feed_doc *doc, int last)
{
    struct batching *b = ctx;
    struct job j;
    job_from(b->p, &j, b->r, doc, last);
    job_put(b->p, &j);
    b->last_put = last;
    return 0;
}

static int on_result(void *ctx, const struct fetch_result *r)
{
    struct pass *p = ctx;
    struct batching b = {.p = p, .r = r};
    /* A large body comes in its temporary file and is parsed from there. */
    if (!r->error && !r->not_modified &&
        (r->body
             ? feed_parse_batched(r->body, r->len, now_s(), FEED_BATCH, on_batch, &b)
             : feed_parse_batched_fd(r->body_file, r->len, now_s(), FEED_BATCH, on_batch, &b)) == 0)
        return 0;
    /* Not parsed (or the parse failed after some batches): the feed's last
     * job says so. */
    if (!b.last_put) on_batch(&b, NULL, 1);
    return 0;
}

/* Waits up to BATCH_IDLE_MS for a job while the worker holds a batch;
 * returns whether one came (or the queue closed). */
static int wait_a_while(struct queue *q)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    t.tv_nsec += BATCH_IDLE_MS * 1000000L;
    t.tv_sec += t.tv_nsec / 1000000000L;
    t.tv_nsec %= 1000000000L;
    while (q->len == 0 && !q->closed)
        if (pthread_cond_timedwait(&q->can_get, &q->mu, &t)) break;
    return q->len > 0 || q->closed;
}

static void *worker(void *arg)
{
    struct pass *p = arg;
    struct queue *q = p->q;
    for (;;) {
        pthread_mutex_lock(&q->mu);
        if (p->n_held && !wait_a_while(q)) {
            /* Nothing came: the batch is committed rather than held. */
            pthread_mutex_unlock(&q->mu);
            batch_commit(p, NULL);
            pthread_mutex_lock(&q->mu);
        }
        while (q->len == 0 && !q->closed)
            pthread_cond_wait(&q->can_get, &q->mu);
        if (q->len == 0) {
            pthread_mutex_unlock(&q->mu);
            batch_commit(p, NULL);
            return NULL;
        }
        struct job j = q->jobs[q->head];
        q->head = (q->head + 1) % QUEUE_JOBS;
        q->len--;
        pthread_cond_signal(&q->can_put);
        pthread_mutex_unlock(&q->mu);
        process(p, &j);
        /* Back to the transfer thread to be freed; room is always there
         * (DONE_JOBS), and a full queue's waiter is woken to free it. */
        pthread_mutex_lock(&q->mu);
        q->done[q->n_done++] = j;
        pthread_cond_signal(&q->can_put);
        pthread_mutex_unlock(&q->mu);
    }
}

/* Default feeds are fetched only while the user has none of their own. */
static int is_default(const struct feed_row *r)
{
    const char *t = r->tags;
    size_t k = strlen(DEFAULT_TAG);
    while (t && *t) {
        if (!strncmp(t, DEFAULT_TAG, k) && (t[k] == ',' || !t[k])) return 1;
        t = strchr(t, ',');
        t = t ? t + 1 : NULL;
    }
    return 0;
}

static int user_has_own(const struct feed_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_default(&rows[i])) return 1;
    return 0;
}

/* When the next feed this pass would consider is due, for the loops that
 * sleep until then (0: no feeds, or the store could not say). */
static int64_t pass_next_due(struct store *s, int own)
{
    struct feed_row *rows;
    size_t n, k = 0;
    if (store_feed_list(s, &rows, &n)) return 0;
    /* Only feeds on the web are fetched (import keeps file: feeds). */
    for (size_t i = 0; i < n; i++)
        if (!(own && is_default(&rows[i])) &&
            (!strncmp(rows[i].url, "http://", 7) || !strncmp(rows[i].url, "https://", 8)))
            rows[k++].next_fetch = rows[i].next_fetch;
    int64_t t = sync_pace_earliest(rows, k);
    store_feed_rows_free(rows, n);
    return t;
}

int sync_run(struct store *s, const struct config *cfg, const struct analyzer *an,
             const struct sync_opts *o, sync_event_fn fn, void *ctx)
{
    struct feed_row *all, *due;
    size_t n_all, n_due;
    if (store_feed_list(s, &all, &n_all)) return -1;
    int own = user_has_own(all, n_all);
    store_feed_rows_free(all, n_all);
    int64_t now = now_s();
    if (store_feed_claim(s, now, o->force, now + FEED_LEASE_S, &due, &n_due)) return -1;
    struct fetch_req *reqs = calloc(n_due ? n_due : 1, sizeof *reqs);
    if (!reqs) {
        store_feed_rows_free(due, n_due);
        store_feed_release(s);
        return err_set("out of memory");
    }
    size_t n = 0;
    for (size_t i = 0; i < n_due; i++) {
        if (own && is_default(&due[i])) continue;
        reqs[n].id = due[i].id;
        reqs[n].url = due[i].url;
        reqs[n].etag = due[i].etag;
        reqs[n].last_modified = due[i].last_modified;
        n++;
    }
    struct pass p = {.s = s, .cfg = cfg, .an = an, .fn = fn, .ctx = ctx, .total = (int)n};
    p.interval = o->interval > 0 ? o->interval : config_int(cfg, CFG_FETCH_INTERVAL);
    sync_pace_limits(cfg, o->interval, &p.limits);
    p.ix = sync_pace_index(due, n_due);
    struct sync_event ev = {.kind = SYNC_STARTED};
    emit(&p, &ev);
    /* Alerts an earlier run committed and could not deliver (it crashed, or
     * the disk was full) go out first. */
    deliver(&p);
    struct fetch_opts fo;
    fetch_opts_default(&fo);
    fo.parallel = o->jobs > 0 ? o->jobs : (int)config_int(cfg, CFG_FETCH_PARALLEL);
    fo.total_timeout_ms = config_int(cfg, CFG_FETCH_TIMEOUT) * 1000;
    fo.max_body = (size_t)config_int(cfg, CFG_FETCH_MAX_BODY_MB) << 20;
    if (*config_str(cfg, CFG_FETCH_USER_AGENT))
        fo.user_agent = config_str(cfg, CFG_FETCH_USER_AGENT);
    fo.stop = o->stop;
    /* One politeness budget for the feeds and the article pages the worker
     * fetches at the same time. */
    fo.per_host = (int)config_int(cfg, CFG_FETCH_PER_HOST);
    fo.host_gap_ms = config_int(cfg, CFG_FETCH_HOST_GAP_MS);
    fo.hosts = n ? fetch_hosts_new() : NULL;
    fo.body_as_file = 1; /* a large feed is parsed from its file, never whole */
    p.fo = &fo;
    /* Without a worker thread the pass still works, in one thread. */
    struct queue q = {.head = 0};
    pthread_t tid;
    int threaded = 0, inited = 0;
    /* The store's checkpoints off the worker, the pass's critical path. */
    struct store_checkpointer *ckpt = n ? store_checkpointer_start(s) : NULL;
    if (n && !pthread_mutex_init(&q.mu, NULL)) {
        pthread_cond_init(&q.can_put, NULL);
        pthread_cond_init(&q.can_get, NULL);
        inited = 1;
        p.q = &q;
        threaded = pthread_create(&tid, NULL, worker, &p) == 0;
        if (!threaded) p.q = NULL;
    }
    if (n) p.reader = store_open(store_path(s), STORE_READONLY);
    struct textpack pack = {0};
    if (store_packs_text(s)) p.pack = &pack;
    int rc = n ? fetch_run(&fo, reqs, n, on_result, &p) : 0;
    if (threaded) {
        pthread_mutex_lock(&q.mu);
        q.closed = 1;
        pthread_cond_signal(&q.can_get);
        pthread_mutex_unlock(&q.mu);
        pthread_join(tid, NULL);
        pthread_mutex_lock(&q.mu);
        free_done(&q);
        pthread_mutex_unlock(&q.mu);
    }
    store_checkpointer_stop(ckpt);
    store_close(p.reader);
    textpack_free(&pack);
    if (inited) {
        pthread_cond_destroy(&q.can_put);
        pthread_cond_destroy(&q.can_get);
        pthread_mutex_destroy(&q.mu);
    }
    /* Stopped on request: what finished is stored; not an error. */
    if (rc == FETCH_STOPPED) rc = 0;
    /* Every feed taken is stored now, or failed: others may take them. */
    if (store_feed_release(s)) rc = -1;
    free(reqs);
    fetch_hosts_free(fo.hosts);
    sync_pace_index_free(p.ix);
    store_feed_rows_free(due, n_due);
    struct sync_event fin = {
        .kind = SYNC_FINISHED, .new_articles = p.new_articles, .errors = p.errors};
    fin.next_due = pass_next_due(s, own);
    /* Due, yet nothing was ours: the feeds are other fetchers' until their
     * leases run out (a live one's pass moves them on sooner: the caller
     * may watch for its notices). A SQLite store has no leases. */
    if (!n && fin.next_due && fin.next_due <= now_s()) {
        int64_t until = store_feed_leased_until(s, now_s());
        if (until < 0) rc = -1;
        if (until > 0) fin.next_due = fin.leased = until;
    }
    emit(&p, &fin);
    return rc;
}

/* An OPML folder name as a tag: lower case, spaces as '-' ("Central banks"
 * -> "central-banks"). Writes into out (size n). */
static void folder_tag(const char *folder, char *out, size_t n)
{
    size_t k = 0;
    for (; *folder && k + 1 < n; folder++)
        out[k++] = *folder == ' ' || *folder == ','     ? '-'
                   : (*folder >= 'A' && *folder <= 'Z') ? (char)(*folder + 32)
                                                        : *folder;
    out[k] = '\0';
}

int sync_seed_defaults(struct store *s)
{
    int64_t have = store_feed_count(s);
    if (have != 0) return have < 0 ? -1 : 0;
    struct opml_entry *e;
    size_t n;
    if (opml_parse(bullpen_default_feeds, bullpen_default_feeds_len, &e, &n, NULL))
        return err_prefix("built-in feed list");
    if (store_begin(s)) {
        opml_free(e, n);
        return -1;
    }
    int added = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t id;
        char tag[64];
        folder_tag(e[i].category ? e[i].category : "", tag, sizeof tag);
        int r = store_feed_add(s, e[i].url, e[i].title, now_s(), &id);
        if (r < 0 || (r > 0 && store_feed_tag(s, id, DEFAULT_TAG)) ||
            (r > 0 && tag[0] && store_feed_tag(s, id, tag))) {
            store_rollback(s);
            opml_free(e, n);
            return -1;
        }
        added += r;
    }
    opml_free(e, n);
    if (store_commit(s)) return -1;
    return added;
}
