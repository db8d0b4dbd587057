/* Giving a store's free space back to the file system: VACUUM in place,
 * safe while other processes have the store open.
 *
 * The store is rebuilt by SQLite's own VACUUM on this connection, never by
 * writing a copy beside it and renaming it over (VACUUM INTO): other
 * processes keep the file, its WAL and -shm they have open, and see the
 * rebuilt store as one more commit. In WAL mode VACUUM is an ordinary write
 * transaction: it waits for the write lock like any writer (the busy
 * timeout), readers go on reading their snapshot meanwhile, and the new
 * pages go through the WAL, so a crash leaves the old store or the new one.
 * The file itself shrinks at the checkpoint that follows, which must wait
 * until no reader is still on a snapshot older than the VACUUM. */
#include <sqlite3.h>
#include <sys/stat.h>

#include "core/err.h"
#include "storage/internal.h"

static int64_t pragma_i64(struct store *s, const char *sql, int64_t *out)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db_sqlite(s->db), sql, -1, &st, NULL) != SQLITE_OK)
        return store_fail(s, "compacting the store");
    int rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : store_fail(s, "compacting the store");
}

/* The store's size in bytes (its pages, whatever the file's length) and
 * the part of it that is free pages. */
static int measure(struct store *s, int64_t *bytes, int64_t *free_bytes)
{
    int64_t pages, page, free_pages;
    if (pragma_i64(s, "PRAGMA page_count", &pages) || pragma_i64(s, "PRAGMA page_size", &page) ||
        pragma_i64(s, "PRAGMA freelist_count", &free_pages))
        return -1;
    *bytes = pages * page;
    *free_bytes = free_pages * page;
    return 0;
}

/* Runs one step of compacting; 0, or -1 with err set, saying so plainly when
 * another process held the write lock past the busy timeout. */
static int step(struct store *s, const char *sql, const char *what)
{
    int rc = sqlite3_exec(db_sqlite(s->db), sql, NULL, NULL, NULL);
    if ((rc & 0xff) == SQLITE_BUSY)
        return err_set("%s: another process is writing to the store (a fetch?); it was not "
                       "compacted, try again when that is done",
                       s->path);
    return rc == SQLITE_OK ? 0 : store_fail(s, what);
}

int store_compact(struct store *s, struct store_compact_result *out)
{
    *out = (struct store_compact_result){0};
    /* PostgreSQL's autovacuum already makes dead rows' space reusable, and
     * its VACUUM FULL would lock every table against the whole desk while
     * it rebuilds them: the server's administrator decides that, not a
     * bullpen. */
    if (store_is_pg(s))
        return err_set("%s: a PostgreSQL store is compacted by its server (autovacuum; VACUUM FULL "
                       "by its administrator)",
                       s->path);
    if (s->readonly) return err_set("%s: store is read-only", s->path);
    if (measure(s, &out->before, &out->free_before)) return -1;
    /* The full-text index first: merged into one segment, it drops the
     * entries of deleted articles that its segments still carry. A store
     * made before incremental auto-vacuum takes it here (the VACUUM
     * applies it), so that from then on its writers give back the pages
     * they free as they close (storage/open.c). */
    if (step(s, "INSERT INTO articles_fts(articles_fts) VALUES ('optimize')",
             "compacting the search index") ||
        step(s, "PRAGMA auto_vacuum=INCREMENTAL", "compacting the store") ||
        step(s, "VACUUM", "compacting the store"))
        return -1;
    int64_t free_after;
    if (measure(s, &out->after, &free_after)) return -1;
    /* Copy the rebuilt pages into the file and cut it to their size. A
     * reader still on an older snapshot holds that back (busy): the file
     * then shrinks at a later checkpoint, once it has moved on. */
    int log = 0, done = 0;
    int rc = sqlite3_wal_checkpoint_v2(db_sqlite(s->db), "main", SQLITE_CHECKPOINT_TRUNCATE, &log,
                                       &done);
    if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY) return store_fail(s, "compacting the store");
    out->waiting = rc != SQLITE_OK || done < log;
    struct stat sb;
    out->file = stat(s->path, &sb) == 0 ? (int64_t)sb.st_size : -1;
    return 0;
}
