/* The background fetcher: a thread with its own store connection that runs
 * passes on a timer or on request and queues their events for the UI. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <stdio.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/config.h"
#include "core/err.h"
#include "core/str.h"
#include "storage/store.h"
#include "sync/sync.h"

#define QUEUE_CAP 256

struct sync_thread {
    pthread_t tid;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    char *db_path;
    const struct config *cfg;
    const struct analyzer *an;
    int pipe[2];
    volatile int stop;
    int kicked;
    int64_t next_due; /* from the last pass's SYNC_FINISHED; 0 none */
    /* A ring of events; when the UI falls this far behind, the oldest are
     * dropped (the store, not the queue, is the record). */
    struct sync_event q[QUEUE_CAP];
    int head, len;
};

static void push(void *ctx, const struct sync_event *ev)
{
    struct sync_thread *t = ctx;
    pthread_mutex_lock(&t->mu);
    if (t->len == QUEUE_CAP) {
        t->head = (t->head + 1) % QUEUE_CAP;
        t->len--;
    }
    t->q[(t->head + t->len) % QUEUE_CAP] = *ev;
    t->len++;
    pthread_mutex_unlock(&t->mu);
    /* One byte wakes the UI's poll; a full pipe already means "wake". */
    char b = 1;
    ssize_t w = write(t->pipe[1], &b, 1);
    (void)w;
}

/* Notes when the next feed is due, then queues the event as usual. */
static void on_event(void *ctx, const struct sync_event *ev)
{
    struct sync_thread *t = ctx;
    if (ev->kind == SYNC_FINISHED) t->next_due = ev->next_due;
    push(ctx, ev);
}

/* Seconds to sleep: until the next feed is due, but no longer than
 * fetch.interval (feeds added meanwhile are seen then) and at least one
 * second (a feed due now was just fetched, or failed to be). */
static long sleep_for(const struct sync_thread *t)
{
    long most = config_int(t->cfg, CFG_FETCH_INTERVAL);
    if (!t->next_due) return most;
    int64_t d = t->next_due - clock_now();
    return d < 1 ? 1 : d > most ? most : (long)d;
}

static void *run(void *arg)
{
    struct sync_thread *t = arg;
    struct store *s = store_open(t->db_path, 0);
    if (s && store_is_readonly(s)) {
        err_set("%s: store is read-only", t->db_path);
        store_close(s);
        s = NULL;
    }
    if (!s) {
        struct sync_event ev = {.kind = SYNC_FINISHED, .errors = 1};
        snprintf(ev.text, sizeof ev.text, "%s", err_msg());
        push(t, &ev);
        return NULL;
    }
    /* A modest cache: this thread lives inside the workstation. */
    store_tune_writer(s, 8);
    int force = 0;
    while (!t->stop) {
        struct sync_opts o = {.force = force, .stop = &t->stop};
        t->next_due = 0;
        if (sync_run(s, t->cfg, t->an, &o, on_event, t)) {
            struct sync_event ev = {.kind = SYNC_FINISHED, .errors = 1};
            snprintf(ev.text, sizeof ev.text, "%s", err_msg());
            push(t, &ev);
        }
        pthread_mutex_lock(&t->mu);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += sleep_for(t);
        while (!t->stop && !t->kicked)
            if (pthread_cond_timedwait(&t->cv, &t->mu, &until) == ETIMEDOUT) break;
        force = t->kicked;
        t->kicked = 0;
        pthread_mutex_unlock(&t->mu);
    }
    store_close(s);
    return NULL;
}

/* Frees t once its thread is gone (or never started): its pipe, locks and
 * path. */
static void thread_free(struct sync_thread *t)
{
    close(t->pipe[0]);
    close(t->pipe[1]);
    pthread_mutex_destroy(&t->mu);
    pthread_cond_destroy(&t->cv);
    free(t->db_path);
    free(t);
}

struct sync_thread *sync_thread_start(const char *db_path, const struct config *cfg,
                                      const struct analyzer *an, int *fd)
{
    struct sync_thread *t = calloc(1, sizeof *t);
    if (!t) {
        err_set("out of memory");
        return NULL;
    }
    t->db_path = xstrdup(db_path);
    t->cfg = cfg;
    t->an = an;
    if (!t->db_path || pipe(t->pipe)) {
        err_set("cannot start the fetcher: %s", strerror(errno));
        free(t->db_path);
        free(t);
        return NULL;
    }
    for (int i = 0; i < 2; i++) {
        fcntl(t->pipe[i], F_SETFL, fcntl(t->pipe[i], F_GETFL) | O_NONBLOCK);
        fcntl(t->pipe[i], F_SETFD, FD_CLOEXEC);
    }
    pthread_mutex_init(&t->mu, NULL);
    pthread_cond_init(&t->cv, NULL);
    if (pthread_create(&t->tid, NULL, run, t)) {
        err_set("cannot start the fetcher thread");
        thread_free(t);
        return NULL;
    }
    *fd = t->pipe[0];
    return t;
}

void sync_thread_kick(struct sync_thread *t)
{
    pthread_mutex_lock(&t->mu);
    t->kicked = 1;
    pthread_cond_signal(&t->cv);
    pthread_mutex_unlock(&t->mu);
}

int sync_thread_poll(struct sync_thread *t, struct sync_event *ev)
{
    char buf[64];
    while (read(t->pipe[0], buf, sizeof buf) > 0)
        ;
    pthread_mutex_lock(&t->mu);
    int got = t->len > 0;
    if (got) {
        *ev = t->q[t->head];
        t->head = (t->head + 1) % QUEUE_CAP;
        t->len--;
    }
    pthread_mutex_unlock(&t->mu);
    return got;
}

void sync_thread_stop(struct sync_thread *t)
{
    if (!t) return;
    pthread_mutex_lock(&t->mu);
    t->stop = 1;
    pthread_cond_signal(&t->cv);
    pthread_mutex_unlock(&t->mu);
    pthread_join(t->tid, NULL);
    thread_free(t);
}
