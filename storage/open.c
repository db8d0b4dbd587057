/* Opening the store: telling a bullpen store from any other file without
 * disturbing it, read-write where the file can be written and read-only where
 * it cannot, the migrations, and replacing a store's contents in place.
 *
 * Nothing here opens the store's file, its WAL or its -shm except through
 * SQLite. POSIX locks belong to the process, and closing any descriptor of a
 * file drops every lock the process holds on it; SQLite's unix VFS knows this
 * and keeps a descriptor open until the process's last lock on the file is
 * gone, but a descriptor opened beside it (fopen, open) would be closed at
 * once, and another process would then believe it held the last connection
 * and delete the WAL under this one. */
#include "storage/internal.h"
#include "storage/stories.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/err.h"
#include "core/paths.h"
#include "core/str.h"

/* "BPN1": marks a file as ours, so another program's SQLite file is refused
 * rather than migrated. */
#define STORE_APPLICATION_ID 0x42504E31

/* open_writer's answer when the file or its directory cannot be written. */
#define CANNOT_WRITE 1
/* open_reader's answer when the file holds no store at all (empty). */
#define NO_STORE 2

int store_schema_version(void)
{
    return store_n_migrations;
}

/* What a database says about itself. */
struct identity {
    int app, ver, tables;
};

/* storage/internal.h */
int store_pragma_int(sqlite3 *db, const char *sql, int *out)
{
    sqlite3_stmt *st;
    *out = 0;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) return rc;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *out = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The marks, and the number of tables when there are none (counting loads
 * the schema, which a marked file does not need yet). An SQLite result code. */
static int read_identity(sqlite3 *db, struct identity *id)
{
    memset(id, 0, sizeof *id);
    int rc = store_pragma_int(db, "PRAGMA application_id", &id->app);
    if (rc == SQLITE_OK) rc = store_pragma_int(db, "PRAGMA user_version", &id->ver);
    if (rc == SQLITE_OK && !id->app && !id->ver)
        rc = store_pragma_int(db, "SELECT count(*) FROM sqlite_master", &id->tables);
    return rc;
}

static int is_blank(const struct identity *id)
{
    return !id->app && !id->ver && !id->tables;
}

/* Refuses a database that is not ours or is newer than this build. A blank
 * one (no marks, no tables) is a new store. */
static int judge_identity(const struct identity *id)
{
    if (is_blank(id)) return 0;
    if (id->app != STORE_APPLICATION_ID)
        return err_set("not a bullpen store (an SQLite database of another program)");
    if (id->ver > store_n_migrations)
        return err_set("written by a newer bullpen (schema %d; this build knows up to %d)", id->ver,
                       store_n_migrations);
    return 0;
}

/* Why db (possibly NULL) failed with rc: the system's reason when there is
 * one, since SQLite's "unable to open database file" names none. */
static int open_error(sqlite3 *db, int rc, const char *what)
{
    int sys = db ? sqlite3_system_errno(db) : 0;
    if (sys) return err_set("%s: %s", what, strerror(sys));
    return err_set("%s: %s", what, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
}

/* Why a new store could not be made at path. The system error SQLite keeps
 * is that of its last try (opening without O_CREAT: "No such file"), so the
 * directory is asked directly. */
static int create_error(const char *path, sqlite3 *db, int rc)
{
    const char *slash = strrchr(path, '/');
    struct sbuf dir = {0};
    if (sbuf_add(&dir, slash ? path : ".", slash ? (size_t)(slash - path + 1) : 1))
        return err_set("out of memory");
    int r = access(dir.p, W_OK);
    int e = errno;
    sbuf_free(&dir);
    if (r) return err_set("cannot create the store: %s", strerror(e));
    return open_error(db, rc, "cannot create the store");
}

/* A file that cannot be written, or beside which no WAL or -shm can be made. */
static int cannot_write(int rc)
{
    return (rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_READONLY;
}

/* path as an SQLite URI ending in ?query; malloc'd, or NULL with err set.
 * Everything but unreserved characters is percent-encoded, so a '?', '#' or
 * '%' in the path stays part of it. */
static char *path_uri(const char *path, const char *query)
{
    struct sbuf b = {0};
    int bad = sbuf_adds(&b, path[0] == '/' ? "file://" : "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p && !bad; p++) {
        int plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                    (*p >= '0' && *p <= '9') || *p == '/' || *p == '-' || *p == '.' || *p == '_' ||
                    *p == '~';
        bad = plain ? sbuf_addc(&b, (char)*p) : sbuf_printf(&b, "%%%02X", *p);
    }
    if (!bad) bad = sbuf_printf(&b, "?%s", query);
    if (bad) {
        sbuf_free(&b);
        err_set("out of memory");
        return NULL;
    }
    return sbuf_take(&b);
}

/* Returns an SQLite result code. */
static int conn_setup(sqlite3 *db)
{
    sqlite3_extended_result_codes(db, 1);
    /* Waits rather than failing when the fetcher holds the write lock. */
    sqlite3_busy_timeout(db, 10000);
    int rc = store_functions_register(db);
    /* The keys of stories, for the migration that groups stored copies, and
     * the rank of best-match order. A connection without them fails with
     * "no such function" where they are used. */
    if (rc == SQLITE_OK && (store_story_functions(db) || store_rank_functions(db)))
        rc = SQLITE_ERROR;
    return rc;
}

/* Opens path as an immutable database: SQLite takes no lock and neither
 * reads nor creates a journal, WAL or -shm. */
static int open_immutable(const char *path, sqlite3 **db)
{
    char *uri = path_uri(path, "immutable=1");
    if (!uri) return SQLITE_NOMEM;
    int rc = sqlite3_open_v2(uri, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                             NULL);
    free(uri);
    if (rc == SQLITE_OK) rc = conn_setup(*db);
    return rc;
}

/* Reads the marks of an existing file before any connection that could
 * change it: immutable, so a file that is not ours keeps every byte and gets
 * no WAL. The main file may be behind its WAL (a store whose first
 * migration is not yet checkpointed looks blank), so the connection that
 * follows checks again; this only turns away what is certainly not ours. */
static int probe(const char *path)
{
    sqlite3 *db = NULL;
    struct identity id;
    int rc = open_immutable(path, &db);
    if (rc == SQLITE_OK) rc = read_identity(db, &id);
    int ret;
    if ((rc & 0xff) == SQLITE_NOTADB)
        ret = err_set("not a bullpen store (not an SQLite database)");
    else if (rc != SQLITE_OK)
        /* Inconclusive, not a refusal: the main file of a live store can be
         * half way through a checkpoint (or one a full disk cut short), and
         * only a connection that reads the WAL sees it whole. That
         * connection checks the marks again before it writes anything. */
        ret = 0;
    else
        ret = judge_identity(&id);
    sqlite3_close(db);
    return ret;
}

static void conn_drop(struct store *s)
{
    db_close(s->db);
    s->db = NULL;
}

/* Gives s the SQLite connection lite (closed on failure). 0 or -1 with err
 * set. */
static int conn_keep(struct store *s, sqlite3 *lite)
{
    if (!(s->db = db_from_sqlite(lite))) return err_set("out of memory");
    return 0;
}

static int migrate(struct store *s)
{
    /* Up to date (the usual case): no write lock, so opening the store never
     * waits on a fetch that is writing. */
    int cur = 0;
    sqlite3 *lite = db_sqlite(s->db);
    if (store_pragma_int(lite, "PRAGMA user_version", &cur) == SQLITE_OK &&
        cur == store_n_migrations)
        return 0;
    if (store_exec(s, "BEGIN IMMEDIATE", "migrating the store")) return -1;
    int ver = 0;
    if (store_pragma_int(lite, "PRAGMA user_version", &ver) != SQLITE_OK) {
        store_rollback(s);
        return store_fail(s, "migrating the store");
    }
    for (int v = ver; v < store_n_migrations; v++) {
        if (store_exec(s, store_migrations[v], "migrating the store")) {
            store_rollback(s);
            return -1;
        }
    }
    char sql[96];
    snprintf(sql, sizeof sql, "PRAGMA application_id=%d; PRAGMA user_version=%d",
             STORE_APPLICATION_ID, store_n_migrations);
    if (ver < store_n_migrations && store_exec(s, sql, "migrating the store")) {
        store_rollback(s);
        return -1;
    }
    return store_exec(s, "COMMIT", "migrating the store");
}

/* Opens s read-write, creating the file when absent, and brings the schema
 * up to date. Returns 0; CANNOT_WRITE, with nothing changed and s->db
 * closed, when the existing file or its directory cannot be written; or -1
 * with err set. */
static int open_writer(struct store *s, int exists)
{
    sqlite3 *lite = NULL;
    int rc = sqlite3_open_v2(
        s->path, &lite, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc == SQLITE_OK) rc = conn_setup(lite);
    if (rc != SQLITE_OK) {
        if (!exists)
            create_error(s->path, lite, rc);
        else
            open_error(lite, rc, "cannot open the store");
        sqlite3_close(lite);
        return -1;
    }
    if (conn_keep(s, lite)) return -1;
    /* SQLite fell back to reading: the file itself cannot be written. */
    if (sqlite3_db_readonly(lite, "main") == 1) {
        conn_drop(s);
        return CANNOT_WRITE;
    }
    struct identity id;
    rc = read_identity(lite, &id);
    /* The file can be written but no WAL can be made beside it. */
    if (rc != SQLITE_OK && exists && cannot_write(rc)) {
        conn_drop(s);
        return CANNOT_WRITE;
    }
    if (rc != SQLITE_OK) return store_fail(s, "reading the store");
    if (judge_identity(&id)) return -1;
    /* WAL keeps readers (the workstation) and the writer (the fetcher)
     * apart, and with synchronous=NORMAL a killed process never leaves the
     * file corrupt. */
    /* A new store gets 16 KB pages: an article row is about 1.2 KB, and a
     * 4 KB page holds three of them with a sixth of it left empty (22 MB of
     * a 100,000-article store). The size only takes before the first write
     * (WAL fixes it), so an existing store keeps its own. */
    /* And incremental auto-vacuum, after the page size (setting it writes
     * the store's first page, which fixes the page size): the pages a pass
     * frees (the full-text index's merged segments, a removed feed's rows)
     * go back to the file system when the writer
     * closes (store_close) instead of staying in it as free pages. An older
     * store takes it at `bullpen store compact`. Only on a store with no
     * page yet: on one with auto-vacuum already, the pragma is a write
     * (it rewrites the setting), which would wait for a running writer. */
    int pages = -1;
    if (store_pragma_int(lite, "PRAGMA page_count", &pages) != SQLITE_OK)
        return store_fail(s, "reading the store");
    if (store_exec(s, "PRAGMA page_size=16384", "setting up the store") ||
        (pages == 0 && store_exec(s, "PRAGMA auto_vacuum=INCREMENTAL", "setting up the store")) ||
        store_exec(s, "PRAGMA journal_mode=WAL", "setting up the store") ||
        store_exec(s, "PRAGMA synchronous=NORMAL", "setting up the store"))
        return -1;
    /* SQLite checkpoints every 1,000 pages: 4 MB of WAL with 4 KB pages but
     * 16 MB with 16 KB ones. Keep the 4 MB whatever the page size. */
    int page = 4096;
    if (store_pragma_int(lite, "PRAGMA page_size", &page) == SQLITE_OK && page > 0)
        sqlite3_wal_autocheckpoint(lite, STORE_WAL_AUTO_BYTES / page);
    /* A WAL that grew past that while a reader held the checkpoint back is
     * cut to it when the WAL starts over, not kept at its largest. */
    if (store_exec(s, "PRAGMA journal_size_limit=4194304", "setting up the store") || migrate(s))
        return -1;
    return 0;
}

/* True when path's WAL holds frames the file lacks (or may: unreadable). */
static int wal_has_data(const char *path)
{
    struct sbuf wal = {0};
    if (sbuf_printf(&wal, "%s-wal", path)) return 1;
    struct stat sb;
    int r = stat(wal.p, &sb);
    sbuf_free(&wal);
    return r == 0 ? sb.st_size > 0 : errno != ENOENT;
}

/* Opens s read-only. SQLite reads a WAL store only with a WAL and -shm it
 * can use or create (else CANTOPEN, or READONLY_DIRECTORY where it may not
 * create them); on a read-only medium or in a read-only directory with
 * none, and no WAL holding what the file lacks, the file alone is the whole
 * store and is opened immutable. Returns 0, NO_STORE for a blank file, or -1 with
 * err set; *id is what the store says about itself. */
static int open_reader(struct store *s, struct identity *id)
{
    sqlite3 *lite = NULL;
    int rc = sqlite3_open_v2(s->path, &lite, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc == SQLITE_OK) rc = conn_setup(lite);
    if (rc == SQLITE_OK) rc = read_identity(lite, id);
    if (cannot_write(rc) && !wal_has_data(s->path)) {
        sqlite3_close(lite);
        lite = NULL;
        rc = open_immutable(s->path, &lite);
        if (rc == SQLITE_OK) rc = read_identity(lite, id);
    }
    if (rc != SQLITE_OK) {
        open_error(lite, rc, "cannot read the store");
        sqlite3_close(lite);
        return -1;
    }
    if (conn_keep(s, lite)) return -1;
    s->readonly = 1;
    if (is_blank(id)) return NO_STORE;
    return judge_identity(id);
}

static struct store *store_new(const char *path)
{
    struct store *s = calloc(1, sizeof *s);
    if (!s || !(s->path = xstrdup(path))) {
        free(s);
        err_set("out of memory");
        return NULL;
    }
    return s;
}

/* A store with the current schema and nothing in it, in memory and closed
 * to writes: what a reading command sees before any store exists. */
static struct store *open_empty(const char *path)
{
    struct store *s = store_new(path);
    if (!s) return NULL;
    sqlite3 *lite = NULL;
    int rc = sqlite3_open_v2(":memory:", &lite, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) sqlite3_close(lite);
    if (rc != SQLITE_OK || conn_keep(s, lite)) {
        err_set("out of memory");
        store_close(s);
        return NULL;
    }
    s->readonly = 1;
    if (conn_setup(lite) != SQLITE_OK) {
        err_set("out of memory");
        store_close(s);
        return NULL;
    }
    if (migrate(s) || store_exec(s, "PRAGMA query_only=1", "setting up the store")) {
        store_close(s);
        return NULL;
    }
    return s;
}

/* No store at path: an empty one in memory when the caller reads only and
 * accepts that, else an error. */
static struct store *absent(const char *path, int flags)
{
    if ((flags & STORE_READONLY) && (flags & STORE_ABSENT_EMPTY)) return open_empty(path);
    err_set("%s: no such store", path);
    return NULL;
}

/* A reader of a store from an older bullpen: the schema is brought up to
 * date through a writer of its own when the store can be written, since the
 * queries of this build need it. */
static int upgrade_for_reader(const char *path, int flags, const struct identity *id)
{
    if (id->ver >= store_n_migrations) return 0;
    if (flags & STORE_READONLY) {
        struct store *w = store_open(path, 0);
        int wrote = w && !w->readonly;
        store_close(w);
        if (!w) return err_prefix("upgrading the store");
        if (wrote) return 0;
    }
    return err_set("store is read-only and was written by an older bullpen (schema %d; this build "
                   "needs %d)",
                   id->ver, store_n_migrations);
}

struct store *store_open(const char *path, int flags)
{
    if (db_is_postgres(path)) return store_open_pg(path, flags);
    /* Once per process, before SQLite is in use: a no-op after. */
    store_sqlite_config();
    if (flags & STORE_READONLY) store_pagecache_init();
    struct stat sb;
    int exists = stat(path, &sb) == 0;
    if (exists && S_ISDIR(sb.st_mode)) {
        err_set("%s: is a directory", path);
        return NULL;
    }
    if (!exists && (flags & STORE_READONLY)) return absent(path, flags);
    if (exists ? probe(path) : paths_mkdir_parent(path)) {
        err_prefix("%s", path);
        return NULL;
    }
    struct store *s = store_new(path);
    if (!s) return NULL;
    int rc = CANNOT_WRITE;
    if (!(flags & STORE_READONLY)) rc = open_writer(s, exists);
    if (rc == CANNOT_WRITE) {
        struct identity id;
        rc = open_reader(s, &id);
        if (rc == NO_STORE) {
            store_close(s);
            return absent(path, flags | STORE_READONLY);
        }
        if (rc == 0) rc = upgrade_for_reader(path, flags, &id);
    }
    if (rc == 0) rc = store_exec(s, "PRAGMA foreign_keys=ON", "setting up the store");
    if (rc) {
        err_prefix("%s", path);
        store_close(s);
        return NULL;
    }
    return s;
}

void store_close(struct store *s)
{
    if (!s) return;
    store_alerts_cache_drop(s);
    /* The WAL back to nothing when a writer is done, if no reader is inside
     * it: SQLite does that only when the last connection closes, so a fetch
     * that ends while the workstation has the store open left its whole WAL
     * on disk (tens of MB after a large pass). Without waiting: a reader
     * busy in it or another writer makes it SQLITE_BUSY, which is no error
     * here (the next writer's close cuts the WAL), so the result is not
     * looked at. The free pages go first (a store without incremental
     * auto-vacuum has none to give back: it keeps them until a compact), in
     * a write that is skipped the same way when another writer holds the
     * lock. */
    sqlite3 *lite = s->db ? db_sqlite(s->db) : NULL;
    if (lite && !s->readonly && sqlite3_busy_timeout(lite, 0) == SQLITE_OK) {
        int free_pages = 0;
        if (store_pragma_int(lite, "PRAGMA freelist_count", &free_pages) == SQLITE_OK &&
            free_pages > 0)
            (void)sqlite3_exec(lite, "PRAGMA incremental_vacuum", NULL, NULL, NULL);
        /* A writer that filled its indexes in the order articles came (a
         * first fetch) leaves their pages about seven eighths full: 27
         * bytes an article of a first 200 x 500 fetch. It is not rewritten
         * here (a VACUUM at close took a seventh of that fetch's time, and
         * a store that grows a fetch at a time settles at the same fill
         * whatever its start): `store compact` packs it on demand. */
        (void)sqlite3_wal_checkpoint_v2(lite, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
    }
    db_close(s->db);
    store_agg_free(s);
    free(s->path);
    free(s->target);
    free(s);
}

int store_is_server(const char *path)
{
    return db_is_postgres(path);
}

const char *store_target(const struct store *s)
{
    return s->target ? s->target : s->path;
}

const char *store_path(const struct store *s)
{
    return s->path;
}

int store_is_readonly(const struct store *s)
{
    return s->readonly;
}

int store_packs_text(const struct store *s)
{
    return !store_is_pg(s);
}

int store_replace(const char *path, const char *src_path)
{
    if (db_is_postgres(path))
        return err_set("replacing a store is not supported on PostgreSQL yet");
    struct store *dst = store_open(path, 0);
    if (!dst) return -1;
    if (dst->readonly) {
        store_close(dst);
        return err_set("%s: store is read-only", path);
    }
    sqlite3 *src = NULL;
    int rc = sqlite3_open_v2(src_path, &src, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc == SQLITE_OK) rc = conn_setup(src);
    if (rc != SQLITE_OK) {
        open_error(src, rc, src_path);
        sqlite3_close(src);
        store_close(dst);
        return -1;
    }
    /* One step copies every page in one write transaction on dst: readers
     * elsewhere see the old store or the new one, never a mix. */
    sqlite3_backup *b = sqlite3_backup_init(db_sqlite(dst->db), "main", src, "main");
    int ret = 0;
    if (!b) {
        ret = store_fail(dst, "replacing the store");
    } else {
        for (int tries = 0; (rc = sqlite3_backup_step(b, -1)) != SQLITE_DONE; tries++) {
            if (((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED) || tries == 5) break;
            sqlite3_sleep(100);
        }
        sqlite3_backup_finish(b);
        if (rc != SQLITE_DONE)
            ret = err_set("%s: replacing the store: %s", path, sqlite3_errstr(rc));
    }
    sqlite3_close(src);
    store_close(dst);
    return ret;
}
