/* store: the one SQLite file that holds everything bullpen knows. Opening
 * checks that the file is a bullpen store of a version this build
 * understands before anything is written, then applies pending migrations.
 * One struct store per thread: connections are not shared. */
#ifndef BULLPEN_STORAGE_STORE_H
#define BULLPEN_STORAGE_STORE_H

#include <stdint.h>

struct store;

/* The schema version this build writes (PRAGMA user_version). */
int store_schema_version(void);

enum store_flags {
    STORE_READONLY = 1, /* never create or migrate; fail if absent */
};

/* Opens the store at path, creating it (and its parent directory) when it
 * does not exist. Refuses, leaving the file untouched, a file that is not a
 * bullpen store or one written by a newer version. Returns NULL with err set.
 * Close with store_close(). */
struct store *store_open(const char *path, int flags);
void store_close(struct store *s);

const char *store_path(const struct store *s);

/* Transactions. begin takes the write lock at once (BEGIN IMMEDIATE) so a
 * writer never deadlocks on upgrade; each returns 0 or -1 with err set. */
int store_begin(struct store *s);
int store_commit(struct store *s);
void store_rollback(struct store *s);

/* For a connection that writes a lot (fetching, importing): a page cache of
 * cache_mb MiB instead of SQLite's 2 MiB, which the full-text index and the
 * many indexes an article touches need to stay in memory during a
 * transaction. Returns 0 or -1 with err set. */
int store_tune_writer(struct store *s, int cache_mb);

/* True when the store holds no articles and no feeds (fresh). */
int store_is_empty(struct store *s);

/* Small key/value settings kept in the store (e.g. "demo"). get returns a
 * malloc'd string the caller frees, or NULL when unset. */
char *store_meta_get(struct store *s, const char *key);
int store_meta_set(struct store *s, const char *key, const char *value);

#endif
