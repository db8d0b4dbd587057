/* store: the one SQLite file that holds everything bullpen knows. Opening
 * checks, through SQLite and without changing the file, that it is a bullpen
 * store of a version this build understands before anything is written, then
 * applies pending migrations. One struct store per thread: connections are
 * not shared. Any number of processes may have the store open at once. */
#ifndef BULLPEN_STORAGE_STORE_H
#define BULLPEN_STORAGE_STORE_H

#include <stdint.h>

struct store;

/* The schema version this build writes (PRAGMA user_version). */
int store_schema_version(void);

enum store_flags {
    /* Only read: never create, migrate (but see store_open) or write. */
    STORE_READONLY = 1,
    /* With STORE_READONLY: no store at the path reads as an empty one, kept
     * in memory; nothing is created. */
    STORE_ABSENT_EMPTY = 2,
};

/* Opens the store at path: a file (SQLite), or a PostgreSQL database when
 * path is a postgresql:// or postgres:// URL or a key=value conninfo
 * (storage/db.h: db_is_postgres; store_path is then the server and
 * database, without user or password). Refuses, leaving the file untouched, a file that
 * is not a bullpen store or one written by a newer version. Returns NULL
 * with err set. Close with store_close().
 *
 * Without STORE_READONLY it creates the store (and its parent directory)
 * when absent; when the file or its directory cannot be written (read-only
 * medium, permissions) it opens the store read-only instead, and
 * store_is_readonly() says so. With STORE_READONLY a store from an older
 * bullpen is first brought up to date through a connection of its own where
 * it can be written, since this build's queries need its schema.
 *
 * On a read-only store every write fails with "PATH: store is read-only". */
struct store *store_open(const char *path, int flags);
void store_close(struct store *s);

/* The user that the PostgreSQL stores opened after this call act for on a
 * desk whose analysts share one role (store.user; README, "The desk"):
 * their read marks, positions and private watchlist and alerts are
 * ROLE/name's. NULL or "" is the role's own. The name is copied into a
 * process-wide setting (set once, by main, before any store is opened);
 * SQLite stores have one user and ignore it. 0, or -1 with err set when the
 * name is longer than 63 bytes. */
int store_set_desk_user(const char *name);

/* For a caller that must answer a person (the workstation's own store):
 * while a dropped PostgreSQL connection is made again, a call waits at most
 * a quarter of a second for it and fails with "still connecting"; the
 * next call goes on with the same attempt. Others wait up to 10 s.
 * Nothing on SQLite. */
void store_set_interactive(struct store *s);

/* True when path names a PostgreSQL database rather than a file (a
 * postgresql:// or postgres:// URL, or a key=value conninfo). */
int store_is_server(const char *path);

/* True when writes to s are refused (opened with STORE_READONLY, an empty
 * stand-in for an absent store, or a file that cannot be written). */
int store_is_readonly(const struct store *s);

/* True when the store keeps article text packed (SQLite): the packed copies
 * article_pack makes are then used as they are. */
int store_packs_text(const struct store *s);

/* Replaces everything in the store at path with the store at src_path, in
 * one write transaction through SQLite, so a process that has path open
 * sees the new contents instead of losing its WAL. path must be a writable
 * bullpen store. Returns 0 or -1 with err set. */
int store_replace(const char *path, const char *src_path);

const char *store_path(const struct store *s);

/* What store_open was given, for another connection to the same store (the
 * workstation's fetcher thread): the path, or PostgreSQL's URL or conninfo,
 * which may hold a password, so it is never shown. Owned by s. */
const char *store_target(const struct store *s);

/* What store_compact did: the store's size in bytes (its pages) before and
 * after, the free pages before, and the main file's length after (-1 when
 * it could not be read). waiting is 1 when another process was still
 * reading an older snapshot: the rebuilt store is in the WAL, whole, and the
 * file is cut to its size at a later checkpoint (any writer's, or the last
 * connection's close). */
struct store_compact_result {
    int64_t before, after, free_before, file;
    int waiting;
};

/* Gives the store's free space back: merges the full-text index and
 * rebuilds the file in place with VACUUM, one write transaction that other
 * processes may read through (they see the old store or the new one) and
 * that waits, as any writer does, while another process writes. Needs
 * free disk space of about twice the store's size while it runs. Fails
 * with nothing changed when another process keeps writing, or on a
 * read-only store. Returns 0 or -1 with err set. */
int store_compact(struct store *s, struct store_compact_result *out);

/* One problem store_check found, a line of SQLite's text (borrowed for
 * the call); nonzero stops the check, which then fails. */
typedef int (*store_problem_fn)(void *ctx, const char *problem);

/* SQLite's check stops after this many problems. */
#define STORE_CHECK_MAX 100

/* Checks an SQLite store file page by page and every index against its
 * table (SQLite's integrity_check, with the functions the store's indexes
 * use), reading one snapshot while other processes go on, and with index
 * also the full-text index against the articles (FTS5's integrity-check),
 * which holds the write lock while it runs and needs a writable store.
 * Each problem goes to report (at most STORE_CHECK_MAX from the pages and
 * indexes, where SQLite's check stops, and one from the search index); *problems counts
 * them. 0 when the check ran (problems or not), or -1 with err set: a
 * PostgreSQL store, another process writing past the busy timeout (index
 * only), or the store unreadable. */
int store_check(struct store *s, int index, store_problem_fn report, void *ctx, int64_t *problems);

/* What store_copy copies, in the order it copies them. */
enum store_copy_kind {
    STORE_COPY_FEEDS,
    STORE_COPY_FEED_TAGS,
    STORE_COPY_SYMBOLS,
    STORE_COPY_ARTICLES, /* with their analysis: mentions, claims, story keys, digest */
    STORE_COPY_MARKS,    /* the reader's read and starred marks */
    STORE_COPY_NOTES,
    STORE_COPY_WATCH,
    STORE_COPY_WATCH_TAGS,
    STORE_COPY_POSITIONS,
    STORE_COPY_PRICES,
    STORE_COPY_ALERTS,
    STORE_COPY_KINDS
};

/* Each kind's name for messages ("feeds", "read/starred marks"). */
extern const char *const store_copy_kinds[STORE_COPY_KINDS];

/* Per kind, the rows store_copy added and those it found there already. */
struct store_copy_result {
    int64_t added[STORE_COPY_KINDS], skipped[STORE_COPY_KINDS];
};

/* Copies what src holds into dst, either engine into either: feeds (by
 * URL, with their tags, validators and settings), the symbol directory,
 * articles (by feed URL and guid) with their analysis as it is, so nothing
 * is analysed again, research notes, the reader's read and starred marks
 * (added, never taken away), the watchlist with its tags, positions (one
 * dst already holds is kept as it is), prices and alert rules (by their
 * text). Nothing dst has is changed or copied twice: a second run adds
 * nothing. Reads src a page at a time and writes each page in a
 * transaction of its own, so memory does not grow with the stores and a
 * copy interrupted half way is completed by running it again. Returns 0,
 * or -1 with err set naming the store that failed; *out counts what was
 * done until then. */
int store_copy(struct store *src, struct store *dst, struct store_copy_result *out);

/* Transactions. begin takes the write lock at once (BEGIN IMMEDIATE) so a
 * writer never deadlocks on upgrade; each returns 0 or -1 with err set. */
int store_begin(struct store *s);
int store_commit(struct store *s);
void store_rollback(struct store *s);

/* A part of an open transaction (one feed of several stored together)
 * cannot fail alone: when it fails, the caller rolls the whole transaction
 * back, so a caller storing several feeds in one transaction fails them
 * all and should store a feed that failed in a transaction of its own next
 * time. The mentions of a transaction's articles are written at its commit,
 * in the symbol index's order (storage/mention_queue.c). store_in_txn:
 * whether a transaction is open. */
int store_in_txn(struct store *s);

/* Checkpoints the WAL of s, a connection about to write a lot (a fetch
 * pass), on a thread of its own instead of in each commit that passes
 * 4 MB of WAL (storage/checkpoint.c); a commit waits for it only when the
 * WAL has passed 128 MB. Start and stop it while no other thread uses s.
 * start returns NULL where there is nothing to do (PostgreSQL, a read-only
 * store) or it cannot start: s then checkpoints as before. stop waits for
 * the checkpoint running, frees it and gives s its own checkpoints back;
 * NULL is a no-op. */
struct store_checkpointer;
struct store_checkpointer *store_checkpointer_start(struct store *s);
void store_checkpointer_stop(struct store_checkpointer *c);

/* For a connection that writes a lot (fetching, importing): a page cache of
 * cache_mb MiB instead of SQLite's 2 MiB, which the full-text index and the
 * many indexes an article touches need to stay in memory during a
 * transaction. Returns 0 or -1 with err set. */
int store_tune_writer(struct store *s, int cache_mb);

/* True when the store holds no articles and no feeds (fresh). */
int store_is_empty(struct store *s);
/* A number that changes whenever another connection (another process, the
 * workstation's fetcher) commits to the store; this one's own commits leave
 * it alone. O(1), no table read: on SQLite one PRAGMA (data_version); on
 * PostgreSQL the count of other connections' change notices (LISTEN and
 * NOTIFY; the first call outside a transaction starts listening, and the
 * call reads what has arrived without waiting). -1 when it cannot be read. */
int64_t store_data_version(struct store *s);
/* A descriptor to poll() for readability beside a timer: readable when
 * another connection's change may have arrived (then call
 * store_data_version). -1 when there is none: on SQLite, and on PostgreSQL
 * before store_data_version has started listening. */
int store_change_fd(struct store *s);

/* Small key/value settings kept in the store (e.g. "demo"). get returns a
 * malloc'd string the caller frees, or NULL when unset. */
char *store_meta_get(struct store *s, const char *key);
int store_meta_set(struct store *s, const char *key, const char *value);

#endif
