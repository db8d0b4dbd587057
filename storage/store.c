/* Opening, checking and migrating the store; the statement cache. */
#include "storage/internal.h"

#include <errno.h>
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

static int exec(struct store *s, const char *sql, const char *what);

int store_schema_version(void)
{
    return store_n_migrations;
}

int store_fail(struct store *s, const char *what)
{
    return err_set("%s: %s", what, sqlite3_errmsg(s->db));
}

static sqlite3_stmt *prep(struct store *s, const char *sql, int owned)
{
    for (int i = 0; i < s->n_cache; i++) {
        if (s->cache[i].sql == sql ||
            (owned && s->cache[i].owned && !strcmp(s->cache[i].sql, sql))) {
            sqlite3_reset(s->cache[i].st);
            sqlite3_clear_bindings(s->cache[i].st);
            return s->cache[i].st;
        }
    }
    sqlite3_stmt *st;
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        store_fail(s, "preparing a query");
        return NULL;
    }
    if (s->n_cache == STORE_STMT_CACHE) {
        /* Full: evict the oldest. Rare; the cache is sized for every query. */
        sqlite3_finalize(s->cache[0].st);
        if (s->cache[0].owned) free((char *)s->cache[0].sql);
        memmove(&s->cache[0], &s->cache[1], sizeof s->cache[0] * (STORE_STMT_CACHE - 1));
        s->n_cache--;
    }
    if (owned && !(sql = xstrdup(sql))) {
        sqlite3_finalize(st);
        err_set("out of memory");
        return NULL;
    }
    s->cache[s->n_cache].sql = sql;
    s->cache[s->n_cache].st = st;
    s->cache[s->n_cache].owned = owned;
    s->n_cache++;
    return st;
}

sqlite3_stmt *store_prep(struct store *s, const char *sql)
{
    return prep(s, sql, 0);
}

sqlite3_stmt *store_prep_text(struct store *s, const char *sql)
{
    return prep(s, sql, 1);
}

int store_step_done(struct store *s, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return store_fail(s, what);
    return 0;
}

int store_bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (!v) return sqlite3_bind_null(st, i);
    return sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

int store_read_rows(struct store *s, sqlite3_stmt *st, size_t elem,
                    void (*fill)(sqlite3_stmt *st, void *row), void (*drop)(void *rows, size_t n),
                    void *out, size_t *n, const char *what)
{
    void **rows = out;
    size_t cap = 0;
    int rc, failed = 0;
    *rows = NULL;
    *n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (array_room(rows, *n, &cap, elem)) {
            failed = 1;
            break;
        }
        void *row = (char *)*rows + *n * elem;
        memset(row, 0, elem);
        fill(st, row);
        (*n)++;
    }
    if (!failed && rc != SQLITE_DONE) failed = store_fail(s, what);
    sqlite3_reset(st);
    if (!failed) return 0;
    drop(*rows, *n);
    *rows = NULL;
    *n = 0;
    return -1;
}

int store_bind_static(sqlite3_stmt *st, int i, const char *v)
{
    if (!v) return sqlite3_bind_null(st, i);
    return sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

int store_tune_writer(struct store *s, int cache_mb)
{
    char sql[96];
    snprintf(sql, sizeof sql, "PRAGMA cache_size=%d; PRAGMA temp_store=MEMORY", -cache_mb * 1024);
    return exec(s, sql, "tuning the store");
}

char *store_col_dup(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? xstrdup((const char *)t) : NULL;
}

static int pragma_int(sqlite3 *db, const char *sql, int *out)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return -1;
    int rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* Reads the first bytes without SQLite so a foreign file is refused before
 * the library could touch it (e.g. roll back or create a journal). */
static int check_header(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return err_set("%s", strerror(errno));
    char hdr[16];
    size_t n = fread(hdr, 1, sizeof hdr, f);
    fclose(f);
    if (n == 0) return 0; /* empty file: treated as a new store */
    if (n < sizeof hdr || memcmp(hdr, "SQLite format 3", 16) != 0)
        return err_set("not a bullpen store (not an SQLite database)");
    return 0;
}

static int exec(struct store *s, const char *sql, const char *what)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        err_set("%s: %s", what, msg ? msg : sqlite3_errmsg(s->db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

/* Refuses a database that is not ours or is newer than this build. An empty
 * database (no tables, no marks) is accepted as a new store. */
static int check_identity(struct store *s)
{
    int app = 0, ver = 0, tables = 0;
    if (pragma_int(s->db, "PRAGMA application_id", &app) ||
        pragma_int(s->db, "PRAGMA user_version", &ver) ||
        pragma_int(s->db, "SELECT count(*) FROM sqlite_master", &tables))
        return store_fail(s, "reading the store");
    if (app == 0 && ver == 0 && tables == 0) return 0;
    if (app != STORE_APPLICATION_ID)
        return err_set("not a bullpen store (an SQLite database of another program)");
    if (ver > store_n_migrations)
        return err_set("written by a newer bullpen (schema %d; this build knows up to %d)", ver,
                       store_n_migrations);
    return 0;
}

static int migrate(struct store *s)
{
    /* Up to date (the usual case): no write lock, so opening the store never
     * waits on a fetch that is writing. */
    int cur = 0;
    if (pragma_int(s->db, "PRAGMA user_version", &cur) == 0 && cur == store_n_migrations) return 0;
    if (exec(s, "BEGIN IMMEDIATE", "migrating the store")) return -1;
    int ver = 0;
    if (pragma_int(s->db, "PRAGMA user_version", &ver)) {
        store_rollback(s);
        return store_fail(s, "migrating the store");
    }
    for (int v = ver; v < store_n_migrations; v++) {
        if (exec(s, store_migrations[v], "migrating the store")) {
            store_rollback(s);
            return -1;
        }
    }
    char sql[96];
    snprintf(sql, sizeof sql, "PRAGMA application_id=%d; PRAGMA user_version=%d",
             STORE_APPLICATION_ID, store_n_migrations);
    if (ver < store_n_migrations && exec(s, sql, "migrating the store")) {
        store_rollback(s);
        return -1;
    }
    return exec(s, "COMMIT", "migrating the store");
}

struct store *store_open(const char *path, int flags)
{
    struct stat sb;
    int exists = stat(path, &sb) == 0;
    if (exists && S_ISDIR(sb.st_mode)) {
        err_set("%s: is a directory", path);
        return NULL;
    }
    if (exists && check_header(path)) {
        err_prefix("%s", path);
        return NULL;
    }
    if (!exists && (flags & STORE_READONLY)) {
        err_set("%s: no such store", path);
        return NULL;
    }
    if (!exists && paths_mkdir_parent(path)) {
        err_prefix("%s", path);
        return NULL;
    }
    struct store *s = calloc(1, sizeof *s);
    if (!s) {
        err_set("out of memory");
        return NULL;
    }
    s->path = xstrdup(path);
    int oflags = (flags & STORE_READONLY) ? SQLITE_OPEN_READONLY
                                          : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path, &s->db, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        err_set("%s: %s", path, s->db ? sqlite3_errmsg(s->db) : "cannot open");
        store_close(s);
        return NULL;
    }
    sqlite3_extended_result_codes(s->db, 1);
    /* Waits rather than failing when the fetcher holds the write lock. */
    sqlite3_busy_timeout(s->db, 10000);
    if (check_identity(s)) {
        err_prefix("%s", path);
        store_close(s);
        return NULL;
    }
    /* WAL keeps readers (the TUI) and the writer (the fetcher) apart, and with
     * synchronous=NORMAL a killed process never leaves the file corrupt. */
    if (!(flags & STORE_READONLY) &&
        (exec(s, "PRAGMA journal_mode=WAL", "setting up the store") ||
         exec(s, "PRAGMA synchronous=NORMAL", "setting up the store") || migrate(s))) {
        err_prefix("%s", path);
        store_close(s);
        return NULL;
    }
    if (exec(s, "PRAGMA foreign_keys=ON", "setting up the store")) {
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
    for (int i = 0; i < s->n_cache; i++) {
        sqlite3_finalize(s->cache[i].st);
        if (s->cache[i].owned) free((char *)s->cache[i].sql);
    }
    if (s->db) sqlite3_close(s->db);
    store_agg_free(s);
    free(s->path);
    free(s);
}

const char *store_path(const struct store *s)
{
    return s->path;
}

int store_begin(struct store *s)
{
    return exec(s, "BEGIN IMMEDIATE", "starting a transaction");
}

int store_commit(struct store *s)
{
    if (store_agg_flush(s)) {
        store_rollback(s);
        return -1;
    }
    return exec(s, "COMMIT", "committing");
}

void store_rollback(struct store *s)
{
    store_agg_discard(s);
    if (!sqlite3_get_autocommit(s->db)) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

static const char SQL_EMPTY[] =
    "SELECT NOT EXISTS (SELECT 1 FROM articles) AND NOT EXISTS (SELECT 1 FROM feeds)";

int store_is_empty(struct store *s)
{
    sqlite3_stmt *st = store_prep(s, SQL_EMPTY);
    if (!st) return 0;
    int empty = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    return empty;
}

static const char SQL_META_GET[] = "SELECT value FROM meta WHERE key = ?";
static const char SQL_META_SET[] = "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO "
                                   "UPDATE SET value = excluded.value";

char *store_meta_get(struct store *s, const char *key)
{
    sqlite3_stmt *st = store_prep(s, SQL_META_GET);
    if (!st) return NULL;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    char *v = sqlite3_step(st) == SQLITE_ROW ? store_col_dup(st, 0) : NULL;
    sqlite3_reset(st);
    return v;
}

int store_meta_set(struct store *s, const char *key, const char *value)
{
    sqlite3_stmt *st = store_prep(s, SQL_META_SET);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    store_bind_text(st, 2, value);
    return store_step_done(s, st, "saving a setting");
}
