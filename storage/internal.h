/* Storage internals shared by the storage files; never included outside
 * storage/. */
#ifndef BULLPEN_STORAGE_INTERNAL_H
#define BULLPEN_STORAGE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/analyze.h"
#include "storage/db.h"
#include "storage/store.h"

struct store {
    struct db *db;
    char *path;   /* the file, or the server and database (no password) */
    char *target; /* PostgreSQL: the conninfo store_open was given; else NULL */
    int readonly; /* opened to read, or the file cannot be written */
    /* Enabled alert rules and the watchlist, loaded once for
     * store_alerts_check and dropped when they may have changed
     * (storage/alerts.c). */
    struct alert_cache *alerts;
    /* Transactions begun through store_begin: on PostgreSQL, which has no
     * data version, the alert cache is kept for the rest of the
     * transaction it was read in (storage/alerts.c). */
    int64_t txn;
    /* This connection's mark on the alert events and the feeds it claims
     * (0 until first needed: store_claim_token). */
    int64_t claim;
    /* PostgreSQL: LISTENing for other connections' changes, and how many
     * of their notices arrived so far (storage/alerts.c). */
    int listening;
    int64_t notices;
    /* PostgreSQL: bullpen_user() of the connection, read as it starts
     * listening: other users' private changes are not this one's. */
    char user[136];
    /* Sums written at commit (storage/aggregate.c); NULL until first use. */
    struct store_agg *agg;
    /* SQLite: mentions written at the commit, in the symbol
     * index's order (storage/mention_queue.c); NULL until first use. */
    struct mention_queue *mentions;
    /* SQLite: the newest time of the articles whose title keys have 32
     * bits, stored before schema 18 (storage/stories.c); read at the first
     * lookup. title32 is 0 until read, 1 when the store has none, 2 when
     * title32_until holds it. */
    int title32;
    int64_t title32_until;
};

/* True when s lives in PostgreSQL. */
static inline int store_is_pg(const struct store *s)
{
    return db_engine(s->db) == DB_POSTGRES;
}

/* A statement whose dialects differ is written twice, next to each other:
 * NAME for SQLite and NAME_PG for PostgreSQL; this picks s's. */
#define STORE_SQL(s, name) (store_is_pg(s) ? name##_PG : name)

/* Adds an article of feed_id / a mention to the sums of the current
 * transaction. Return 0 or -1 with err set. */
int store_agg_article(struct store *s, int64_t feed_id);
int store_agg_mention(struct store *s, const char *symbol, int64_t published, double relevance,
                      double sentiment);
/* Writes the sums (store_commit calls it before COMMIT); 0 or -1. */
int store_agg_flush(struct store *s);
/* Forgets the sums (on rollback). */
void store_agg_discard(struct store *s);
void store_agg_free(struct store *s);
/* Whether symbol should be written to tickers: 1 the first time in the
 * current transaction (or always, outside one or when it cannot be
 * remembered), 0 once it was. The caller writes it when told 1, and a
 * failed write rolls back, which forgets it. */
int store_agg_ticker_new(struct store *s, const char *symbol);
/* A mention row as mention_rows keeps it (relevance and sentiment already
 * to four decimals); the strings are the caller's. */
struct mention_put {
    int64_t article_id, published;
    const char *symbol;
    int count;
    double relevance, sentiment;
    int has_provider;
    double provider_score, provider_relevance;
    const char *provider_label;
};
/* Writes m now (storage/articles.c); 0 or -1 with err set. */
int store_mention_write(struct store *s, const struct mention_put *m);
/* Holds m, its strings copied, for store_mentions_flush, which
 * store_agg_flush (at store_commit) calls, and which the queue calls itself
 * once MENTION_QUEUE_MAX rows wait: the mentions are written then, sorted
 * by the symbol index's key. store_agg_discard forgets them,
 * store_agg_free frees the queue. 0 or -1 with err set. */
#define MENTION_QUEUE_MAX 16384
int store_mentions_queue(struct store *s, const struct mention_put *m);
int store_mentions_flush(struct store *s);
void store_mentions_discard(struct store *s);
void store_mentions_free(struct store *s);
/* Forgets the symbols written: the transaction or a part of it ended
 * (store_commit, store_rollback). */
void store_agg_tickers_forget(struct store *s);

/* An article's analysis as the store keeps it, in the articles row: the
 * analyser's version, its score (has_score 0: none), the top symbols, the
 * digest (n_digest spans, 0: none) and the packed claim set
 * (storage/claimset.h; claims_len 0: none). Strings and bytes are borrowed
 * for the call. */
struct article_stored {
    int version;
    int has_score;
    double score;
    const char *tickers;
    const struct span *digest;
    size_t n_digest;
    const void *claims;
    int claims_len;
};

/* The digest column (storage/notes.c): SQLite keeps the spans packed
 * (summary_spans_pack, a BLOB; schema.c, m13) in buf[SUMMARY_SPANS_PACKED],
 * which must stay as it is until the statement is reset; PostgreSQL keeps
 * them as text; n 0 binds NULL. Reading takes either form into
 * out[SUMMARY_MAX]: returns how many spans (0 for NULL), or -1 with err
 * set. */
void store_bind_digest(struct store *s, struct db_stmt *st, int i, const struct span *sp, size_t n,
                       unsigned char *buf);
int store_col_digest(struct db_stmt *st, int i, struct span *out);

/* Stores a with the analysis columns an as they are, without its mentions
 * (the caller writes those), inside the caller's transaction: the story
 * keys, the search index and the feed's count land with it, as for
 * store_article_insert (storage/articles.h), which stores its own analysis
 * through this. Returns 1 when stored (a->id set), 0 when the feed already
 * had that guid, -1 with err set. */
struct article;
int store_article_insert_stored(struct store *s, struct article *a,
                                const struct article_stored *an);

/* SQLite finds an article by its feed and its guid through the unique
 * index on (feed_id, STORE_GUID_INDEXED) (schema.c, m15): the guid's
 * 32-bit key (store_guid_key32, storage/stories.h) plus the row's slot,
 * 0 to STORY_GUID_SLOTS - 1, the first one free when it was stored. A
 * query names the expression as the index does, so that the planner
 * takes the index. */
#define STORE_GUID_INDEXED "story_guid_key32(guid) + guid_slot"

/* Binds the first and the last number of guid's slots to i and i + 1,
 * for a query that reads "STORE_GUID_INDEXED BETWEEN ?i AND ?i+1 AND guid
 * = ?" (the guid compared, since another guid may have the key). */
void store_bind_guid_slots(struct db_stmt *st, int i, const char *guid);

/* This connection's random, positive mark, made on first use: what its
 * claims on alert events and its leases on feeds are written with
 * (storage/alert_outbox.c). */
int64_t store_claim_token(struct store *s);

/* Frees s->alerts (store_close calls it). */
void store_alerts_cache_drop(struct store *s);

/* Returns the cached, reset statement for the static string sql (preparing
 * it on first use: db_prepare), or NULL with err set. The statement stays
 * owned by the store. */
struct db_stmt *store_prep(struct store *s, const char *sql);

/* Like store_prep for SQL built at run time: cached by content, so each
 * distinct shape of a dynamic query is prepared once. */
struct db_stmt *store_prep_text(struct store *s, const char *sql);

/* Steps st to its end, appending one elem-byte element to the array at
 * *(void **)out per row, filled by fill(st, element). On failure the rows read
 * so far are released with drop(array, count) (which frees the array too),
 * *out is NULL and *n 0, and err names what was being read. st is reset
 * either way. Returns 0 or -1. */
int store_read_rows(struct store *s, struct db_stmt *st, size_t elem,
                    void (*fill)(struct db_stmt *st, void *row), void (*drop)(void *rows, size_t n),
                    void *out, size_t *n, const char *what);

/* Sets err from the connection's last error, prefixed by what (or by the
 * what of the pipelined statement that failed: store_step_later), or to
 * "PATH: store is read-only" when a write was refused for that; returns -1. */
int store_fail(struct store *s, const char *what);
/* -1 with err set: sharing asked of a SQLite store, which has one user. */
int store_one_user(struct store *s);

/* Runs SQL that returns no rows (several statements allowed); 0 or -1 with
 * err set as by store_fail. */
int store_exec(struct store *s, const char *sql, const char *what);

/* The first column of sql's first row into *out (0 when none), on a raw
 * SQLite connection (storage/open.c); an SQLite result code. */
int store_pragma_int(struct sqlite3 *db, const char *sql, int *out);

/* WAL a SQLite connection lets pile up before a commit checkpoints it
 * (storage/open.c), and the checkpointer's threshold too
 * (storage/checkpoint.c). */
#define STORE_WAL_AUTO_BYTES (4 << 20)

/* Gives SQLite one 4 MB region, in 2 MB pages where the kernel allows, for
 * the page caches of a process that only reads, before its first database
 * is opened (storage/pagecache.c; store_open calls it when the first store
 * a process opens is STORE_READONLY). Any thread, any number of times. */
void store_pagecache_init(void);
/* SQLite without allocation statistics (storage/pagecache.c); once per
 * process, before SQLite is in use: a no-op after. */
void store_sqlite_config(void);

/* Runs a statement that returns no rows to completion; resets it. Returns 0
 * or -1 with err set. */
int store_step_done(struct store *s, struct db_stmt *st, const char *what);
/* store_step_done for a write no later statement of the transaction reads
 * the result of (db_step_later): on PostgreSQL it may go with the next
 * statement that is read, whose call then reports its failure, named by
 * what (a static string). */
int store_step_later(struct store *s, struct db_stmt *st, const char *what);

/* store_prep for an INSERT whose new row's id store_step_id reads
 * (db_prepare_insert). */
struct db_stmt *store_prep_insert(struct store *s, const char *sql);

/* Runs a statement from store_prep_insert to completion and sets *id to
 * the new row's id, or to 0 when nothing was inserted (ON CONFLICT DO
 * NOTHING); resets it. Returns 0 or -1 with err set. */
int store_step_id(struct store *s, struct db_stmt *st, int64_t *id, const char *what);

/* Copies column i as a malloc'd string, NULL for SQL NULL. */
char *store_col_dup(struct db_stmt *st, int i);

/* Registers bp_pack(X) and bp_unpack(X) (storage/textfn.c), which the
 * schema and the article statements use, on db. Every connection to a store
 * needs them before its first statement. Returns an SQLite result code. */
int store_functions_register(struct sqlite3 *db);

/* Registers best_match(articles_fts), the rank of best-match order
 * (storage/rank.c), on db. Returns 0 or -1 with err set. */
int store_rank_functions(struct sqlite3 *db);

/* The migrations, applied in order; index + 1 is the version each yields. */
extern const char *const store_migrations[];
extern const int store_n_migrations;
extern const char *const store_pg_migrations[];
extern const int store_pg_n_migrations;

/* store_open for a PostgreSQL target (storage/open_pg.c). */
struct store *store_open_pg(const char *target, int flags);

#endif
