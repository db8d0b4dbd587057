/* Copying one store into another (`bullpen store copy`): a personal SQLite
 * store into a desk's PostgreSQL database and back, or any store into any
 * other. Everything is read from the source a page at a time (keyset on
 * the table's key, COPY_PAGE rows) and written to the destination in one
 * transaction per page, so memory stays bounded whatever the stores' size
 * and a copy that is interrupted keeps the pages it committed; a rerun
 * skips what is already there and goes on. Rows are matched by what names
 * them in any store, never by id: feeds by URL, articles by feed and guid,
 * alert rules by their text, the rest by symbol (and day, tag, model).
 *
 * Where the CLI has a call for the write (a feed, a tag, a mark, a watch
 * entry, a position, an alert rule) the copy makes that call, so whatever
 * the store does for the user on such a write happens on a copy too. */
#include <stdlib.h>
#include <string.h>

#include "core/alert.h"
#include "core/article.h"
#include "core/err.h"
#include "core/fault.h"
#include "storage/alerts.h"
#include "storage/articles.h"
#include "storage/feeds.h"
#include "storage/internal.h"
#include "storage/watch.h"

/* Rows read and written per transaction. */
#define COPY_PAGE 2000

const char *const store_copy_kinds[STORE_COPY_KINDS] = {
    "feeds",     "feed tags",  "symbols",   "articles", "read/starred marks", "notes",
    "watchlist", "watch tags", "positions", "prices",   "alert rules",
};

/* A source feed's id and the destination's id for the same URL. */
struct feed_pair {
    int64_t src, dst;
};

struct copy {
    struct store *src, *dst;
    struct store_copy_result *out;
    struct feed_pair *feeds;
    size_t n_feeds, cap_feeds;
};

/* Names the store in the message when its error does not already (a
 * PostgreSQL error names its server), so every error says which side
 * failed. Returns -1. */
static int fail_in(struct store *s)
{
    const char *p = store_path(s);
    if (strncmp(err_msg(), p, strlen(p))) err_prefix("%s", p);
    return -1;
}

/* store_fail on one side, named. Return -1. */
static int src_fail(struct copy *c, const char *what)
{
    store_fail(c->src, what);
    return fail_in(c->src);
}

static int dst_fail(struct copy *c, const char *what)
{
    store_fail(c->dst, what);
    return fail_in(c->dst);
}

static void count(struct copy *c, enum store_copy_kind k, int added)
{
    if (added)
        c->out->added[k]++;
    else
        c->out->skipped[k]++;
}

/* Binds column j of the source row to parameter i, as the type it has. */
static void bind_col(struct db_stmt *to, int i, struct db_stmt *from, int j)
{
    switch (db_column_type(from, j)) {
    case DB_INTEGER:
        db_bind_int64(to, i, db_column_int64(from, j));
        break;
    case DB_FLOAT:
        db_bind_double(to, i, db_column_double(from, j));
        break;
    case DB_TEXT:
        db_bind_text(to, i, (const char *)db_column_text(from, j));
        break;
    case DB_BLOB:
        db_bind_blob(to, i, db_column_blob(from, j), db_column_bytes(from, j));
        break;
    default:
        db_bind_null(to, i);
    }
}

static const char *col_text(struct db_stmt *st, int i)
{
    return (const char *)db_column_text(st, i);
}

/* Pages through the source with sql, whose first nkeys columns are the
 * page's key ("WHERE key > ?1 ... ORDER BY key LIMIT ?N", N = nkeys + 1),
 * text, or with nkeys 0 one integer, calling row(c, st) on each row inside
 * one destination transaction per page. Returns 0 or -1 with err set. */
static int each_page(struct copy *c, const char *sql, int nkeys,
                     int (*row)(struct copy *c, struct db_stmt *st))
{
    char *key[2] = {strdup(""), strdup("")};
    int64_t id = 0;
    int rc = key[0] && key[1] ? 0 : err_set("out of memory");
    for (size_t n = COPY_PAGE; !rc && n == COPY_PAGE;) {
        struct db_stmt *st = store_prep(c->src, sql);
        if (!st || store_begin(c->dst)) {
            rc = st ? fail_in(c->dst) : fail_in(c->src);
            break;
        }
        for (int k = 0; k < nkeys; k++)
            db_bind_text(st, k + 1, key[k]);
        if (!nkeys) db_bind_int64(st, 1, id);
        db_bind_int(st, nkeys ? nkeys + 1 : 2, COPY_PAGE);
        int step;
        for (n = 0; !rc && (step = db_step(st)) == DB_ROW; n++) {
            if (!nkeys) id = db_column_int64(st, 0);
            for (int k = 0; k < nkeys && !rc; k++) {
                free(key[k]);
                key[k] = store_col_dup(st, k);
                if (!key[k]) rc = err_set("out of memory");
            }
            if (!rc && row(c, st)) rc = -1;
        }
        if (!rc && step != DB_DONE) rc = src_fail(c, "reading a page");
        db_reset(st);
        if (!rc && store_commit(c->dst)) rc = fail_in(c->dst);
        if (rc) store_rollback(c->dst);
    }
    free(key[0]);
    free(key[1]);
    return rc;
}

/* Feeds, by URL: a new one comes with its name, title, validators, fetch
 * state, pace and settings; one the destination has keeps its own. */
static const char SQL_SRC_FEEDS[] =
    "SELECT id, url, name, added, title, format, etag, last_modified, last_fetch, last_ok,"
    " status, next_fetch, poll_interval, poll_why, full_text FROM feeds"
    " WHERE id > ?1 ORDER BY id LIMIT ?2";
static const char SQL_DST_FEED_STATE[] =
    "UPDATE feeds SET title = ?, format = ?, etag = ?, last_modified = ?, last_fetch = ?,"
    " last_ok = ?, status = ?, next_fetch = ?, poll_interval = ?, poll_why = ?, full_text = ?"
    " WHERE id = ?";
static const char SQL_SRC_FEED_TAGS[] = "SELECT tag FROM feed_tags WHERE feed_id = ? ORDER BY tag";

static int copy_feed_tags(struct copy *c, int64_t src_id, int64_t dst_id)
{
    struct db_stmt *st = store_prep(c->src, SQL_SRC_FEED_TAGS);
    if (!st) return fail_in(c->src);
    db_bind_int64(st, 1, src_id);
    int rc = 0, step;
    while (!rc && (step = db_step(st)) == DB_ROW) {
        if (store_feed_tag(c->dst, dst_id, col_text(st, 0)))
            rc = fail_in(c->dst);
        else
            count(c, STORE_COPY_FEED_TAGS, db_changes(c->dst->db) > 0);
    }
    if (!rc && step != DB_DONE) rc = src_fail(c, "reading feed tags");
    db_reset(st);
    return rc;
}

static int copy_feed(struct copy *c, struct db_stmt *st)
{
    int64_t src_id = db_column_int64(st, 0), dst_id;
    int added =
        store_feed_add(c->dst, col_text(st, 1), col_text(st, 2), db_column_int64(st, 3), &dst_id);
    if (added < 0) return fail_in(c->dst);
    if (added) {
        struct db_stmt *up = store_prep(c->dst, SQL_DST_FEED_STATE);
        if (!up) return fail_in(c->dst);
        for (int i = 0; i < 11; i++)
            bind_col(up, i + 1, st, i + 4);
        db_bind_int64(up, 12, dst_id);
        if (store_step_done(c->dst, up, "storing a feed's state")) return fail_in(c->dst);
    }
    count(c, STORE_COPY_FEEDS, added > 0);
    if (c->n_feeds == c->cap_feeds) {
        size_t cap = c->cap_feeds ? 2 * c->cap_feeds : 64;
        struct feed_pair *p = realloc(c->feeds, cap * sizeof *p);
        if (!p) return err_set("out of memory");
        c->feeds = p;
        c->cap_feeds = cap;
    }
    c->feeds[c->n_feeds++] = (struct feed_pair){src_id, dst_id};
    return copy_feed_tags(c, src_id, dst_id);
}

static int by_src(const void *a, const void *b)
{
    const struct feed_pair *x = a, *y = b;
    return (x->src > y->src) - (x->src < y->src);
}

/* The destination's id for a source feed; 0 when it was not copied. */
static int64_t dst_feed(const struct copy *c, int64_t src_id)
{
    struct feed_pair key = {src_id, 0};
    const struct feed_pair *p = bsearch(&key, c->feeds, c->n_feeds, sizeof key, by_src);
    return p ? p->dst : 0;
}

/* The symbol directory, by symbol. */
static const char SQL_SRC_SYMBOLS[] = "SELECT symbol, name, exchange, cik FROM tickers"
                                      " WHERE symbol > ?1 ORDER BY symbol LIMIT ?2";
static const char SQL_DST_SYMBOL[] = "INSERT INTO tickers(symbol, name, exchange, cik)"
                                     " VALUES (?, ?, ?, ?) ON CONFLICT(symbol) DO NOTHING";

/* Inserts the source row's first n columns with sql, which does nothing
 * on a row the destination has, and counts it as kind. */
static int copy_columns(struct copy *c, struct db_stmt *st, const char *sql, int n,
                        enum store_copy_kind kind)
{
    struct db_stmt *in = store_prep(c->dst, sql);
    if (!in) return fail_in(c->dst);
    for (int i = 0; i < n; i++)
        bind_col(in, i + 1, st, i);
    if (store_step_done(c->dst, in, store_copy_kinds[kind])) return fail_in(c->dst);
    count(c, kind, db_changes(c->dst->db) > 0);
    return 0;
}

static int copy_symbol(struct copy *c, struct db_stmt *st)
{
    return copy_columns(c, st, SQL_DST_SYMBOL, 4, STORE_COPY_SYMBOLS);
}

/* Articles, a page of ids at a time: the page's last id first, then its
 * articles, mentions and notes, each in id order, walked side by side. */
static const char SQL_SRC_PAGE_END[] = "SELECT max(id) FROM (SELECT id FROM articles WHERE id > ?"
                                       " ORDER BY id LIMIT ?) AS page";
static const char SQL_SRC_ARTICLES[] =
    "SELECT id, feed_id, guid, title, link, author, published, fetched, bp_unpack(summary),"
    " bp_unpack(content), unread, starred, analyzer_version, sentiment, tickers,"
    " provider_score, provider_label, digest, updated, claims"
    " FROM articles WHERE id > ? AND id <= ? ORDER BY id";
static const char SQL_SRC_MENTIONS[] =
    "SELECT article_id, symbol, count, relevance, sentiment, provider_score, provider_relevance,"
    " provider_label FROM mentions WHERE article_id > ? AND article_id <= ? ORDER BY article_id";
static const char SQL_SRC_NOTES[] = "SELECT article_id, model, created, sentiment, body FROM notes"
                                    " WHERE article_id > ? AND article_id <= ? ORDER BY article_id";
static const char SQL_DST_FIND[] = "SELECT id, unread, starred FROM articles WHERE feed_id = ?1"
                                   " AND " STORE_GUID_INDEXED " BETWEEN ?3 AND ?4 AND guid = ?2";
static const char SQL_DST_FIND_PG[] =
    "SELECT id, unread, starred FROM articles WHERE feed_id = ? AND guid = ?";
/* SQLite's mention_rows keep ten-thousandths (storage/schema.c, m12) and
 * the provider's columns in one (m15). */
static const char SQL_DST_MENTION[] =
    "INSERT INTO mention_rows(article_id, symbol, count, relevance, sentiment, published,"
    " provider) VALUES (?1,?2,?3,round(?4 * 10000),round(?5 * 10000),?6,bp_provider(?7,?8,?9))"
    " ON CONFLICT(article_id, symbol) DO NOTHING";
static const char SQL_DST_MENTION_PG[] =
    "INSERT INTO mentions(article_id, symbol, count, relevance, sentiment, published,"
    " provider_score, provider_relevance, provider_label) VALUES (?,?,?,?,?,?,?,?,?)"
    " ON CONFLICT(article_id, symbol) DO NOTHING";
static const char SQL_DST_NOTE[] =
    "INSERT INTO notes(article_id, model, created, sentiment, body)"
    " VALUES (?, ?, ?, ?, ?) ON CONFLICT(article_id, model) DO NOTHING";

/* A side table's statement walked beside the articles: its current row's
 * article id, or INT64_MAX past its end. */
struct side {
    struct db_stmt *st;
    int64_t at;
};

static int side_next(struct copy *c, struct side *sd)
{
    int rc = db_step(sd->st);
    if (rc == DB_ROW) {
        sd->at = db_column_int64(sd->st, 0);
        return 0;
    }
    sd->at = INT64_MAX;
    return rc == DB_DONE ? 0 : src_fail(c, "reading articles");
}

static int side_open(struct copy *c, struct side *sd, const char *sql, int64_t lo, int64_t hi)
{
    if (!(sd->st = db_prepare_once(c->src->db, sql))) return src_fail(c, "reading articles");
    db_bind_int64(sd->st, 1, lo);
    db_bind_int64(sd->st, 2, hi);
    return side_next(c, sd);
}

/* The source article's mentions, to the new article dst_id. */
static int copy_mentions(struct copy *c, struct side *m, int64_t src_id, int64_t dst_id,
                         int64_t published)
{
    while (m->at == src_id) {
        struct db_stmt *in = store_prep(c->dst, STORE_SQL(c->dst, SQL_DST_MENTION));
        if (!in) return fail_in(c->dst);
        struct db_stmt *st = m->st;
        db_bind_int64(in, 1, dst_id);
        for (int i = 1; i < 5; i++)
            bind_col(in, i + 1, st, i);
        db_bind_int64(in, 6, published);
        for (int i = 5; i < 8; i++)
            bind_col(in, i + 2, st, i);
        if (store_step_later(c->dst, in, "storing a mention")) return fail_in(c->dst);
        if (db_column_int(st, 2) > 0 &&
            store_agg_mention(c->dst, col_text(st, 1), published, db_column_double(st, 3),
                              db_column_double(st, 4)))
            return fail_in(c->dst);
        if (side_next(c, m)) return -1;
    }
    return 0;
}

static int copy_notes(struct copy *c, struct side *nt, int64_t src_id, int64_t dst_id)
{
    while (nt->at == src_id) {
        struct db_stmt *in = store_prep(c->dst, SQL_DST_NOTE);
        if (!in) return fail_in(c->dst);
        db_bind_int64(in, 1, dst_id);
        for (int i = 1; i < 5; i++)
            bind_col(in, i + 1, nt->st, i);
        if (store_step_later(c->dst, in, "storing a note")) return fail_in(c->dst);
        count(c, STORE_COPY_NOTES, db_changes(c->dst->db) > 0);
        if (side_next(c, nt)) return -1;
    }
    return 0;
}

/* The reader's marks: read and starred are added where the destination
 * has the article unread or unstarred, never taken away. */
static int copy_marks(struct copy *c, int64_t id, int src_unread, int src_starred, int dst_unread,
                      int dst_starred)
{
    if (src_unread && !src_starred) return 0;
    int unread = !src_unread && dst_unread ? 0 : -1;
    int starred = src_starred && !dst_starred ? 1 : -1;
    if ((unread >= 0 || starred >= 0) && store_article_mark(c->dst, id, unread, starred) < 0)
        return fail_in(c->dst);
    count(c, STORE_COPY_MARKS, unread >= 0 || starred >= 0);
    return 0;
}

/* Where the destination has the article already: its id and marks. */
static int find_article(struct copy *c, int64_t feed_id, const char *guid, int64_t *id, int *unread,
                        int *starred)
{
    struct db_stmt *st = store_prep(c->dst, STORE_SQL(c->dst, SQL_DST_FIND));
    if (!st) return fail_in(c->dst);
    db_bind_int64(st, 1, feed_id);
    db_bind_text(st, 2, guid);
    if (!store_is_pg(c->dst)) store_bind_guid_slots(st, 3, guid);
    int rc = db_step(st);
    *id = rc == DB_ROW ? db_column_int64(st, 0) : 0;
    *unread = db_column_int(st, 1);
    *starred = db_column_int(st, 2);
    db_reset(st);
    if (rc == DB_DONE) return err_set("%s: article %s vanished", store_path(c->dst), guid);
    if (rc != DB_ROW) return dst_fail(c, "finding an article");
    return 0;
}

static int copy_article(struct copy *c, struct db_stmt *st, struct side *m, struct side *nt)
{
    int64_t src_id = db_column_int64(st, 0);
    /* Types first: reading a value may convert it (SQLite). */
    int has_score = db_column_type(st, 13) != DB_NULL;
    int has_provider = db_column_type(st, 15) != DB_NULL;
    int has_updated = db_column_type(st, 18) != DB_NULL;
    struct article a = {
        .feed_id = dst_feed(c, db_column_int64(st, 1)),
        .guid = (char *)col_text(st, 2),
        .title = (char *)col_text(st, 3),
        .link = (char *)col_text(st, 4),
        .author = (char *)col_text(st, 5),
        .published = db_column_int64(st, 6),
        .fetched = db_column_int64(st, 7),
        .summary = (char *)col_text(st, 8),
        .content = (char *)col_text(st, 9),
        .has_provider = has_provider,
        .provider_score = db_column_double(st, 15),
        .provider_label = (char *)col_text(st, 16),
        .has_updated = has_updated,
        .updated = db_column_int64(st, 18),
    };
    if (!a.feed_id)
        return err_set("%s: article %lld: its feed was not copied", store_path(c->src),
                       (long long)src_id);
    struct span digest[SUMMARY_MAX];
    int n_digest = store_col_digest(st, 17, digest);
    if (n_digest < 0) return err_prefix("%s: article %lld", store_path(c->src), (long long)src_id);
    struct article_stored an = {
        .version = db_column_int(st, 12),
        .has_score = has_score,
        .score = db_column_double(st, 13),
        .tickers = col_text(st, 14),
        .digest = digest,
        .n_digest = (size_t)n_digest,
        .claims = db_column_blob(st, 19),
        .claims_len = db_column_bytes(st, 19),
    };
    int added = store_article_insert_stored(c->dst, &a, &an);
    if (added < 0) return fail_in(c->dst);
    count(c, STORE_COPY_ARTICLES, added);
    int dst_unread = 1, dst_starred = 0;
    if (!added && find_article(c, a.feed_id, a.guid, &a.id, &dst_unread, &dst_starred)) return -1;
    /* Mentions come only with a new article: one already there has its own
     * analysis. The walk passes this article's either way. */
    if (added && copy_mentions(c, m, src_id, a.id, a.published)) return -1;
    while (m->at == src_id)
        if (side_next(c, m)) return -1;
    if (copy_notes(c, nt, src_id, a.id)) return -1;
    return copy_marks(c, a.id, db_column_int(st, 10), db_column_int(st, 11), dst_unread,
                      dst_starred);
}

/* One page of articles after id lo; *lo moves to its last id, *more is 0
 * past the end. */
static int copy_article_page(struct copy *c, int64_t *lo, int *more)
{
    struct db_stmt *st = store_prep(c->src, SQL_SRC_PAGE_END);
    if (!st) return fail_in(c->src);
    db_bind_int64(st, 1, *lo);
    db_bind_int(st, 2, COPY_PAGE);
    int step = db_step(st);
    int64_t hi = step == DB_ROW ? db_column_int64(st, 0) : 0;
    *more = step == DB_ROW && db_column_type(st, 0) != DB_NULL;
    db_reset(st);
    if (step != DB_ROW) return src_fail(c, "reading articles");
    if (!*more) return 0;
    struct side art = {0}, m = {0}, nt = {0};
    int rc = side_open(c, &art, SQL_SRC_ARTICLES, *lo, hi);
    if (!rc) rc = side_open(c, &m, SQL_SRC_MENTIONS, *lo, hi);
    if (!rc) rc = side_open(c, &nt, SQL_SRC_NOTES, *lo, hi);
    if (!rc && store_begin(c->dst)) rc = fail_in(c->dst);
    while (!rc && art.at != INT64_MAX)
        rc = copy_article(c, art.st, &m, &nt) || side_next(c, &art);
    if (!rc && store_commit(c->dst)) rc = fail_in(c->dst);
    if (rc)
        store_rollback(c->dst);
    else
        fault_crash_point("copy-page-committed");
    db_finalize(art.st);
    db_finalize(m.st);
    db_finalize(nt.st);
    *lo = hi;
    return rc ? -1 : 0;
}

/* The watchlist with its notes and tags, by symbol. */
static const char SQL_SRC_WATCH[] = "SELECT symbol, note, added FROM watchlist"
                                    " WHERE symbol > ?1 ORDER BY symbol LIMIT ?2";
static const char SQL_SRC_WATCH_TAGS[] =
    "SELECT symbol, tag FROM watch_tags WHERE symbol > ?1 OR (symbol = ?1 AND tag > ?2)"
    " ORDER BY symbol, tag LIMIT ?3";

static int copy_watch(struct copy *c, struct db_stmt *st)
{
    int added = store_watch_add(c->dst, col_text(st, 0), db_column_int64(st, 2));
    if (added < 0 || (added && col_text(st, 1) &&
                      store_watch_set_note(c->dst, col_text(st, 0), col_text(st, 1))))
        return fail_in(c->dst);
    count(c, STORE_COPY_WATCH, added);
    return 0;
}

static int copy_watch_tag(struct copy *c, struct db_stmt *st)
{
    if (store_watch_tag(c->dst, col_text(st, 0), col_text(st, 1), 0)) return fail_in(c->dst);
    count(c, STORE_COPY_WATCH_TAGS, db_changes(c->dst->db) > 0);
    return 0;
}

/* Positions, by symbol: one the destination holds already is left as it
 * is (adding would merge the two into one larger position). */
static const char SQL_SRC_POSITIONS[] =
    "SELECT symbol, quantity, cost, opened, updated"
    " FROM positions WHERE symbol > ?1 ORDER BY symbol LIMIT ?2";
static const char SQL_DST_POSITION[] = "SELECT 1 FROM positions WHERE symbol = ?";

static int copy_position(struct copy *c, struct db_stmt *st)
{
    struct db_stmt *q = store_prep(c->dst, SQL_DST_POSITION);
    if (!q) return fail_in(c->dst);
    db_bind_text(q, 1, col_text(st, 0));
    int have = db_step(q);
    db_reset(q);
    if (have != DB_ROW && have != DB_DONE) return dst_fail(c, "reading the portfolio");
    if (have == DB_DONE) {
        double cost = db_column_double(st, 2);
        if (store_position_add(c->dst, col_text(st, 0), db_column_double(st, 1),
                               db_column_type(st, 2) == DB_NULL ? NULL : &cost, col_text(st, 3),
                               db_column_int64(st, 4)))
            return fail_in(c->dst);
    }
    count(c, STORE_COPY_POSITIONS, have == DB_DONE);
    return 0;
}

/* Daily closes, by symbol and day; a day the destination has keeps its
 * close. */
static const char SQL_SRC_PRICES[] =
    "SELECT symbol, day, close FROM prices WHERE symbol > ?1 OR (symbol = ?1 AND day > ?2)"
    " ORDER BY symbol, day LIMIT ?3";
static const char SQL_DST_PRICE[] = "INSERT INTO prices(symbol, day, close) VALUES (?, ?, ?)"
                                    " ON CONFLICT(symbol, day) DO NOTHING";

static int copy_price(struct copy *c, struct db_stmt *st)
{
    return copy_columns(c, st, SQL_DST_PRICE, 3, STORE_COPY_PRICES);
}

/* Alert rules, by their text: a user keeps a few, so both lists are read
 * whole. */
static int copy_alerts(struct copy *c)
{
    struct alert_rule *from = NULL, *have = NULL;
    size_t n_from = 0, n_have = 0;
    if (store_alert_rules(c->src, 0, &from, &n_from)) return fail_in(c->src);
    int rc =
        store_alert_rules(c->dst, 0, &have, &n_have) || store_begin(c->dst) ? fail_in(c->dst) : 0;
    for (size_t i = 0; !rc && i < n_from; i++) {
        int found = 0;
        for (size_t j = 0; j < n_have && !found; j++)
            found = !strcmp(from[i].spec, have[j].spec);
        if (!found && store_alert_add(c->dst, &from[i], from[i].created)) rc = fail_in(c->dst);
        count(c, STORE_COPY_ALERTS, !found);
    }
    if (!rc && store_commit(c->dst)) rc = fail_in(c->dst);
    if (rc) store_rollback(c->dst);
    alert_rules_free(from, n_from);
    alert_rules_free(have, n_have);
    return rc ? -1 : 0;
}

int store_copy(struct store *src, struct store *dst, struct store_copy_result *out)
{
    memset(out, 0, sizeof *out);
    if (store_is_readonly(dst)) return err_set("%s: store is read-only", store_path(dst));
    if (!strcmp(store_path(src), store_path(dst)))
        return err_set("%s: copying a store into itself", store_path(dst));
    struct copy c = {.src = src, .dst = dst, .out = out};
    /* In id order, so the feeds keep their order and the map its. */
    int rc = each_page(&c, SQL_SRC_FEEDS, 0, copy_feed);
    if (!rc) rc = each_page(&c, SQL_SRC_SYMBOLS, 1, copy_symbol);
    int more = 1;
    for (int64_t lo = 0; !rc && more;)
        rc = copy_article_page(&c, &lo, &more);
    if (!rc) rc = each_page(&c, SQL_SRC_WATCH, 1, copy_watch);
    if (!rc) rc = each_page(&c, SQL_SRC_WATCH_TAGS, 2, copy_watch_tag);
    if (!rc) rc = each_page(&c, SQL_SRC_POSITIONS, 1, copy_position);
    if (!rc) rc = each_page(&c, SQL_SRC_PRICES, 2, copy_price);
    if (!rc) rc = copy_alerts(&c);
    free(c.feeds);
    return rc;
}
