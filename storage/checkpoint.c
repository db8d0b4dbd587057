/* A writer's WAL checkpointed on a thread of its own.
 *
 * SQLite checkpoints in the committing thread: past 4 MB of WAL, each
 * commit copies the WAL's pages into the store and syncs both files
 * before the writer goes on. A fetch pass commits every few feeds, so its
 * writer thread, the pass's critical path, waited on those copies and
 * syncs: at 200 x 500, 558 MB read back from the WAL, 558 MB written to
 * the store and 79 syncs taking 1.2 s. Here the commit only wakes this
 * thread, which checkpoints from its own connection (PASSIVE: it never
 * waits for a lock, and copies what no reader still needs) while the
 * writer stores the next feeds.
 *
 * The WAL starts over only when a transaction begins writing after a
 * checkpoint copied all of it, which a writer that never stops seldom
 * gives this thread time for: so once the WAL passes WAL_LIMIT the commit
 * waits for the checkpoint running, and the next transaction starts the
 * WAL over. The WAL stays under about WAL_LIMIT and one transaction.
 *
 * Each wait is the pass's critical path stopped for the last copy and the
 * two syncs (85 ms on average here): at 64 MB the 200 x 500 fetch's
 * writer waited 5 times, 0.42 s in all; at 128 MB twice, 0.13 s; at 256
 * MB once, 0.05 s. 128 MB keeps the WAL within the size of the store a
 * first fetch of 100,000 articles makes. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>

#include "storage/db.h"
#include "storage/internal.h"
#include "storage/store.h"

/* Where a commit waits for the checkpoint. */
#define WAL_LIMIT (128 << 20)

struct store_checkpointer {
    sqlite3 *writer, *own;
    int auto_frames, limit_frames;
    pthread_t tid;
    pthread_mutex_t mu;
    pthread_cond_t wake, idle;
    int want; /* a commit left frames to copy */
    int busy; /* a checkpoint is running */
    int stop;
};

/* SQLite's WAL hook: runs in the writer's thread after each commit, with
 * the WAL's size in frames. */
static int on_commit(void *arg, sqlite3 *db, const char *name, int frames)
{
    (void)db;
    (void)name;
    struct store_checkpointer *c = arg;
    if (frames < c->auto_frames) return SQLITE_OK;
    pthread_mutex_lock(&c->mu);
    c->want = 1;
    pthread_cond_signal(&c->wake);
    while (frames >= c->limit_frames && (c->want || c->busy) && !c->stop)
        pthread_cond_wait(&c->idle, &c->mu);
    pthread_mutex_unlock(&c->mu);
    return SQLITE_OK;
}

static void *run(void *arg)
{
    struct store_checkpointer *c = arg;
    pthread_mutex_lock(&c->mu);
    for (;;) {
        while (!c->want && !c->stop)
            pthread_cond_wait(&c->wake, &c->mu);
        /* Frames a last commit left are copied before it stops. */
        if (!c->want) break;
        c->want = 0;
        c->busy = 1;
        pthread_mutex_unlock(&c->mu);
        /* SQLITE_BUSY (another process checkpointing) or an I/O error: the
         * frames stay in the WAL, where readers find them, for the next
         * checkpoint or the writer's close. */
        (void)sqlite3_wal_checkpoint_v2(c->own, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
        pthread_mutex_lock(&c->mu);
        c->busy = 0;
        pthread_cond_broadcast(&c->idle);
    }
    pthread_mutex_unlock(&c->mu);
    return NULL;
}

struct store_checkpointer *store_checkpointer_start(struct store *s)
{
    sqlite3 *writer = s && s->db && !s->readonly ? db_sqlite(s->db) : NULL;
    int page = 0;
    if (!writer || store_pragma_int(writer, "PRAGMA page_size", &page) != SQLITE_OK || page <= 0)
        return NULL;
    struct store_checkpointer *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->writer = writer;
    c->auto_frames = STORE_WAL_AUTO_BYTES / page;
    c->limit_frames = WAL_LIMIT / page;
    /* A connection is in WAL mode once it has read the store: until then
     * a checkpoint does nothing. */
    if (sqlite3_open_v2(s->path, &c->own, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
            SQLITE_OK ||
        sqlite3_busy_timeout(c->own, 2000) != SQLITE_OK ||
        sqlite3_exec(c->own, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) != SQLITE_OK ||
        pthread_mutex_init(&c->mu, NULL)) {
        sqlite3_close(c->own);
        free(c);
        return NULL;
    }
    pthread_cond_init(&c->wake, NULL);
    pthread_cond_init(&c->idle, NULL);
    if (pthread_create(&c->tid, NULL, run, c)) {
        pthread_cond_destroy(&c->wake);
        pthread_cond_destroy(&c->idle);
        pthread_mutex_destroy(&c->mu);
        sqlite3_close(c->own);
        free(c);
        return NULL;
    }
    /* Replaces SQLite's own checkpoint at commit, which is a WAL hook too. */
    sqlite3_wal_hook(writer, on_commit, c);
    return c;
}

void store_checkpointer_stop(struct store_checkpointer *c)
{
    if (!c) return;
    /* The writer checkpoints at its commits again. */
    sqlite3_wal_autocheckpoint(c->writer, c->auto_frames);
    pthread_mutex_lock(&c->mu);
    c->stop = 1;
    pthread_cond_signal(&c->wake);
    pthread_mutex_unlock(&c->mu);
    pthread_join(c->tid, NULL);
    pthread_cond_destroy(&c->wake);
    pthread_cond_destroy(&c->idle);
    pthread_mutex_destroy(&c->mu);
    sqlite3_close(c->own);
    free(c);
}
