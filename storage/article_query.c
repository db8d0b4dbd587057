/* Reading articles: keyset-paged lists, one article whole, its analysis. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/str.h"
#include "storage/articles.h"
#include "storage/claimset.h"
#include "storage/internal.h"

#define ROW_COLS                                                                                   \
    "a.id, a.feed_id, a.published, coalesce(fd.name, fd.title, fd.url), a.title, a.link,"          \
    " a.tickers, a.unread, a.starred, "

/* The filters' predicates on the article aliased x, each " AND ...". For
 * the list's row (copy 0) the FROM clause of build_page_sql has applied the
 * search and the ticker already; for another copy of its story (copy 1)
 * they are lookups too. sent is the sentiment filtered on. */
static void add_filters(struct sbuf *q, const struct article_filter *f, const char *x, int copy,
                        const char *sent)
{
    if (f->query && copy)
        sbuf_printf(q,
                    " AND EXISTS (SELECT 1 FROM articles_fts fc WHERE fc.articles_fts"
                    " MATCH :query AND fc.rowid = %s.id)",
                    x);
    if (f->ticker && (f->query || copy))
        sbuf_printf(q,
                    " AND EXISTS (SELECT 1 FROM mentions m2 WHERE m2.article_id = %s.id"
                    " AND m2.symbol = :ticker%s)",
                    x, copy ? " AND m2.count > 0" : "");
    if (f->feed_id) sbuf_printf(q, " AND %s.feed_id = :feed", x);
    if (f->since) sbuf_printf(q, " AND %s.published >= :since", x);
    if (f->until) sbuf_printf(q, " AND %s.published < :until", x);
    if (f->has_range) sbuf_printf(q, " AND %s BETWEEN :smin AND :smax", sent);
    if (f->unread_only) sbuf_printf(q, " AND %s.unread", x);
    if (f->starred_only) sbuf_printf(q, " AND %s.starred", x);
    if (f->watchlist)
        sbuf_printf(q,
                    " AND EXISTS (SELECT 1 FROM mentions mw JOIN watchlist w ON w.symbol ="
                    " mw.symbol WHERE mw.article_id = %s.id AND mw.count > 0)",
                    x);
    if (f->tag)
        sbuf_printf(q,
                    " AND (EXISTS (SELECT 1 FROM mentions mt JOIN watch_tags t ON t.symbol ="
                    " mt.symbol WHERE mt.article_id = %s.id AND mt.count > 0 AND t.tag = :tag)"
                    " OR %s.feed_id IN (SELECT feed_id FROM feed_tags WHERE tag = :tag))",
                    x, x);
}

/* Grouped, a row is kept only when no copy of its story that the filters
 * let through comes before it in list order: one index range of the
 * story's copies per row (articles_story holds only articles with copies). */
static void add_group(struct sbuf *q, const struct article_filter *f)
{
    sbuf_printf(q,
                " AND (a.story IS NULL OR NOT EXISTS (SELECT 1 FROM articles b"
                " WHERE b.story = a.story AND %s",
                f->query ? "b.id > a.id" : "(b.published, b.id) > (a.published, a.id)");
    add_filters(q, f, "b", 1,
                f->ticker ? "(SELECT m4.sentiment FROM mentions m4 WHERE m4.article_id = b.id"
                            " AND m4.symbol = :ticker)"
                          : "b.sentiment");
    sbuf_adds(q, "))");
}

/* Builds the query for one combination of filters. Only the active
 * predicates appear, so each shape gets the plan that suits it: a ticker walks
 * mentions(symbol, published), a search walks the FTS index by rowid, all
 * else walks articles(published, id). Parameters are bound by name.
 *
 * Best match (by_relevance) ranks only the newest STORE_RANK_WINDOW matches:
 * the inner query is the newest-first search, stopped there, with FTS5's
 * rank (bm25, lower is better) beside each row; the outer one orders those
 * by (rank, id descending) and pages on that pair. A common word costs a
 * window's worth of ranking, not one per match in the store. */
static int build_page_sql(struct sbuf *q, const struct article_filter *f, int have_cursor,
                          int backward, int count_only)
{
    int best = f->query && f->by_relevance;
    const char *cmp = backward ? ">" : "<";
    const char *dir = backward ? "ASC" : "DESC";
    /* Under a ticker filter the sentiment shown and filtered on is that
     * ticker's in the article, not the article's overall. */
    const char *sent = !f->ticker ? "a.sentiment"
                       : !f->query
                           ? "m.sentiment"
                           : "(SELECT m3.sentiment FROM mentions m3 WHERE m3.article_id = a.id"
                             " AND m3.symbol = :ticker)";
    /* The other feeds that carry the story: counted for the rows read only,
     * so in best-match order outside the window's query. */
    const char *copies = "CASE WHEN %s IS NULL THEN 0 ELSE (SELECT count(DISTINCT c.feed_id)"
                         " FROM articles c WHERE c.story = %s AND c.feed_id <> %s) END";
    if (best) sbuf_adds(q, "SELECT g.*, ");
    if (best) sbuf_printf(q, copies, "g.qstory", "g.qstory", "g.qfeed");
    if (best) sbuf_adds(q, " FROM (");
    /* Grouped, the window's newest copy of each story stands for it. */
    if (best && f->group)
        sbuf_adds(q, "SELECT *, row_number() OVER (PARTITION BY coalesce(qstory, -qid)"
                     " ORDER BY qid DESC) AS rn FROM (");
    if (count_only) {
        sbuf_adds(q, "SELECT 1");
    } else {
        sbuf_adds(q, "SELECT " ROW_COLS);
        sbuf_adds(q, sent);
        if (!best) sbuf_adds(q, ", ");
        if (!best) sbuf_printf(q, copies, "a.story", "a.story", "a.feed_id");
    }
    if (f->query) {
        if (best)
            sbuf_adds(q, ", best_match(articles_fts) AS rk, a.id AS qid, a.story AS qstory,"
                         " a.feed_id AS qfeed");
        sbuf_adds(q, " FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid"
                     " LEFT JOIN feeds fd ON fd.id = a.feed_id"
                     " WHERE articles_fts MATCH :query");
        if (have_cursor && !best) sbuf_printf(q, " AND articles_fts.rowid %s :cid", cmp);
    } else if (f->ticker) {
        sbuf_adds(q, " FROM mentions m JOIN articles a ON a.id = m.article_id"
                     " LEFT JOIN feeds fd ON fd.id = a.feed_id WHERE m.symbol = :ticker");
        if (have_cursor) sbuf_printf(q, " AND (m.published, m.article_id) %s (:cpub, :cid)", cmp);
    } else {
        sbuf_adds(q, " FROM articles a LEFT JOIN feeds fd ON fd.id = a.feed_id WHERE 1");
        if (have_cursor) sbuf_printf(q, " AND (a.published, a.id) %s (:cpub, :cid)", cmp);
    }
    add_filters(q, f, "a", 0, sent);
    if (f->group && !best) add_group(q, f);
    if (best) {
        sbuf_adds(q, " ORDER BY articles_fts.rowid DESC LIMIT :window)");
        sbuf_adds(q, f->group ? ") AS g WHERE rn = 1" : " AS g WHERE 1");
        if (have_cursor)
            sbuf_printf(q, " AND (rk %s :crank OR (rk = :crank AND qid %s :cid))",
                        backward ? "<" : ">", cmp);
        sbuf_printf(q, " ORDER BY rk %s, qid %s", backward ? "DESC" : "ASC", dir);
    } else if (f->query)
        sbuf_printf(q, " ORDER BY articles_fts.rowid %s", dir);
    else if (f->ticker)
        sbuf_printf(q, " AND m.count > 0 ORDER BY m.published %s, m.article_id %s", dir, dir);
    else
        sbuf_printf(q, " ORDER BY a.published %s, a.id %s", dir, dir);
    return sbuf_adds(q, " LIMIT :limit");
}

static void bind_named_text(sqlite3_stmt *st, const char *name, const char *v)
{
    int i = sqlite3_bind_parameter_index(st, name);
    if (i) sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

static void bind_named_int(sqlite3_stmt *st, const char *name, int64_t v)
{
    int i = sqlite3_bind_parameter_index(st, name);
    if (i) sqlite3_bind_int64(st, i, v);
}

static void bind_named_double(sqlite3_stmt *st, const char *name, double v)
{
    int i = sqlite3_bind_parameter_index(st, name);
    if (i) sqlite3_bind_double(st, i, v);
}

static void bind_filter(sqlite3_stmt *st, const struct article_filter *f,
                        const struct article_cursor *cursor, size_t limit)
{
    if (f->query) bind_named_text(st, ":query", f->query);
    if (f->ticker) bind_named_text(st, ":ticker", f->ticker);
    if (f->tag) bind_named_text(st, ":tag", f->tag);
    if (cursor) {
        bind_named_int(st, ":cpub", cursor->published);
        bind_named_int(st, ":cid", cursor->id);
        bind_named_double(st, ":crank", cursor->rank);
    }
    bind_named_int(st, ":window", STORE_RANK_WINDOW);
    bind_named_int(st, ":feed", f->feed_id);
    bind_named_int(st, ":since", f->since);
    bind_named_int(st, ":until", f->until);
    bind_named_double(st, ":smin", f->smin);
    bind_named_double(st, ":smax", f->smax);
    bind_named_int(st, ":limit", (int64_t)limit);
}

static void read_row(sqlite3_stmt *st, struct article_row *r)
{
    r->id = sqlite3_column_int64(st, 0);
    r->feed_id = sqlite3_column_int64(st, 1);
    r->published = sqlite3_column_int64(st, 2);
    r->feed_name = store_col_dup(st, 3);
    r->title = store_col_dup(st, 4);
    r->link = store_col_dup(st, 5);
    r->tickers = store_col_dup(st, 6);
    r->unread = sqlite3_column_int(st, 7);
    r->starred = sqlite3_column_int(st, 8);
    r->has_sentiment = sqlite3_column_type(st, 9) != SQLITE_NULL;
    r->sentiment = sqlite3_column_double(st, 9);
    /* The count of other feeds comes last; best match reads FTS5's rank
     * after the row's own columns (rank, id, story, feed). */
    int last = sqlite3_column_count(st) - 1;
    r->copies = sqlite3_column_int(st, last);
    r->rank = last > 10 ? sqlite3_column_double(st, 10) : 0;
}

int store_articles_page(struct store *s, const struct article_filter *f,
                        const struct article_cursor *cursor, int backward, size_t limit,
                        struct article_row **rows, size_t *n)
{
    *rows = NULL;
    *n = 0;
    int have_cursor = cursor && (cursor->id || cursor->published);
    if (!have_cursor && backward) return 0;
    struct sbuf q = {0};
    if (build_page_sql(&q, f, have_cursor, backward, 0)) {
        sbuf_free(&q);
        return err_set("out of memory");
    }
    sqlite3_stmt *st = store_prep_text(s, q.p);
    sbuf_free(&q);
    if (!st) return -1;
    bind_filter(st, f, have_cursor ? cursor : NULL, limit);
    struct article_row *out = limit ? calloc(limit, sizeof *out) : NULL;
    if (limit && !out) {
        sqlite3_reset(st);
        return err_set("out of memory");
    }
    size_t k = 0;
    int rc;
    while (k < limit && (rc = sqlite3_step(st)) == SQLITE_ROW)
        read_row(st, &out[k++]);
    if (k < limit && rc != SQLITE_DONE) {
        /* FTS5 reports a malformed query here, e.g. "fts5: syntax error
         * near ...". */
        if (f->query)
            err_set("bad query: %s", sqlite3_errmsg(s->db));
        else
            store_fail(s, "reading articles");
        sqlite3_reset(st);
        store_article_rows_free(out, k);
        return -1;
    }
    sqlite3_reset(st);
    if (backward) {
        for (size_t i = 0; i < k / 2; i++) {
            struct article_row t = out[i];
            out[i] = out[k - 1 - i];
            out[k - 1 - i] = t;
        }
    }
    *rows = out;
    *n = k;
    return 0;
}

struct article_cursor store_article_cursor_of(const struct article_filter *f,
                                              const struct article_row *r)
{
    struct article_cursor c = {r->published, r->id, r->rank};
    if (f->query) c.published = 0;
    if (!f->query || !f->by_relevance) c.rank = 0;
    return c;
}

void store_article_rows_free(struct article_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(rows[i].feed_name);
        free(rows[i].title);
        free(rows[i].link);
        free(rows[i].tickers);
    }
    free(rows);
}

static const char SQL_GET[] =
    "SELECT id, feed_id, guid, title, link, author, published, fetched, bp_unpack(summary),"
    " bp_unpack(content),"
    " provider_score, provider_label, updated, sentiment, unread, starred FROM articles"
    " WHERE id = ?";

static void read_article(sqlite3_stmt *st, struct article *a)
{
    memset(a, 0, sizeof *a);
    a->id = sqlite3_column_int64(st, 0);
    a->feed_id = sqlite3_column_int64(st, 1);
    a->guid = store_col_dup(st, 2);
    a->title = store_col_dup(st, 3);
    a->link = store_col_dup(st, 4);
    a->author = store_col_dup(st, 5);
    a->published = sqlite3_column_int64(st, 6);
    a->fetched = sqlite3_column_int64(st, 7);
    a->summary = store_col_dup(st, 8);
    a->content = store_col_dup(st, 9);
    a->has_provider = sqlite3_column_type(st, 10) != SQLITE_NULL;
    a->provider_score = sqlite3_column_double(st, 10);
    a->provider_label = store_col_dup(st, 11);
    a->has_updated = sqlite3_column_type(st, 12) != SQLITE_NULL;
    a->updated = sqlite3_column_int64(st, 12);
}

int store_article_get(struct store *s, int64_t id, struct article *out, double *sentiment,
                      int *has_sentiment, int *unread, int *starred)
{
    sqlite3_stmt *st = store_prep(s, SQL_GET);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        read_article(st, out);
        if (sentiment) *sentiment = sqlite3_column_double(st, 13);
        if (has_sentiment) *has_sentiment = sqlite3_column_type(st, 13) != SQLITE_NULL;
        if (unread) *unread = sqlite3_column_int(st, 14);
        if (starred) *starred = sqlite3_column_int(st, 15);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return store_fail(s, "reading an article");
    return rc == SQLITE_ROW;
}

static const char SQL_KNOWN[] = "SELECT 1 FROM articles WHERE feed_id = ? AND guid = ?";

int store_article_known(struct store *s, int64_t feed_id, const char *guid)
{
    sqlite3_stmt *st = store_prep(s, SQL_KNOWN);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, feed_id);
    sqlite3_bind_text(st, 2, guid ? guid : "", -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return store_fail(s, "reading articles");
    return rc == SQLITE_ROW;
}

/* The tickers table keeps every symbol an analysis found, even after its
 * articles are gone; provider tickers (Alpha Vantage) are only in mentions.
 * Both are index lookups. */
static const char SQL_SYMBOL_SEEN[] = "SELECT EXISTS (SELECT 1 FROM tickers WHERE symbol = ?1)"
                                      " OR EXISTS (SELECT 1 FROM mentions WHERE symbol = ?1)";

int store_symbol_seen(struct store *s, const char *symbol)
{
    sqlite3_stmt *st = store_prep(s, SQL_SYMBOL_SEEN);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, symbol, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    int seen = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW) return store_fail(s, "reading tickers");
    return seen;
}

static const char SQL_FLAGS[] = "UPDATE articles SET unread = ?, starred = ? WHERE id = ?";

int store_article_set_flags(struct store *s, int64_t id, int unread, int starred)
{
    sqlite3_stmt *st = store_prep(s, SQL_FLAGS);
    if (!st) return -1;
    sqlite3_bind_int(st, 1, unread);
    sqlite3_bind_int(st, 2, starred);
    sqlite3_bind_int64(st, 3, id);
    return store_step_done(s, st, "marking an article");
}

static const char SQL_MARK[] = "UPDATE articles SET unread = coalesce(?, unread),"
                               " starred = coalesce(?, starred) WHERE id = ?";

static const char SQL_MARK_COPIES[] =
    "UPDATE articles SET unread = ?1 WHERE story = (SELECT story FROM articles WHERE id = ?2)"
    " AND unread <> ?1";

int store_article_mark(struct store *s, int64_t id, int unread, int starred)
{
    sqlite3_stmt *st = store_prep(s, SQL_MARK);
    if (!st) return -1;
    if (unread >= 0) sqlite3_bind_int(st, 1, !!unread);
    if (starred >= 0) sqlite3_bind_int(st, 2, !!starred);
    sqlite3_bind_int64(st, 3, id);
    if (store_step_done(s, st, "marking an article")) return -1;
    int found = sqlite3_changes(s->db) > 0;
    if (!found || unread < 0) return found;
    /* Read once is read in every feed: the story's other copies follow. */
    if (!(st = store_prep(s, SQL_MARK_COPIES))) return -1;
    sqlite3_bind_int(st, 1, !!unread);
    sqlite3_bind_int64(st, 2, id);
    if (store_step_done(s, st, "marking copies of an article")) return -1;
    return 1;
}

static const char SQL_MENTIONS[] =
    "SELECT symbol, count, relevance, sentiment, provider_score FROM mentions"
    " WHERE article_id = ? ORDER BY count = 0, relevance DESC, symbol";

static void fill_mention(sqlite3_stmt *st, void *row)
{
    struct mention_row *r = row;
    const unsigned char *sym = sqlite3_column_text(st, 0);
    snprintf(r->symbol, sizeof r->symbol, "%s", sym ? (const char *)sym : "");
    r->count = sqlite3_column_int(st, 1);
    r->relevance = sqlite3_column_double(st, 2);
    r->sentiment = sqlite3_column_double(st, 3);
    r->has_provider = sqlite3_column_type(st, 4) != SQLITE_NULL;
    r->provider_score = sqlite3_column_double(st, 4);
}

static void drop_plain(void *rows, size_t n)
{
    (void)n;
    free(rows);
}

int store_article_mentions(struct store *s, int64_t id, struct mention_row **rows, size_t *n)
{
    *rows = NULL;
    *n = 0;
    sqlite3_stmt *st = store_prep(s, SQL_MENTIONS);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    return store_read_rows(s, st, sizeof **rows, fill_mention, drop_plain, rows, n,
                           "reading mentions");
}

static const char SQL_CLAIMS[] = "SELECT claims FROM articles WHERE id = ?";

int store_article_claims(struct store *s, int64_t id, struct claim_row **rows, size_t *n)
{
    *rows = NULL;
    *n = 0;
    sqlite3_stmt *st = store_prep(s, SQL_CLAIMS);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st), ret = 0;
    if (rc == SQLITE_ROW)
        ret = claimset_unpack(sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0), rows,
                              n);
    else if (rc != SQLITE_DONE)
        ret = store_fail(s, "reading claims");
    sqlite3_reset(st);
    return ret;
}

void store_claims_free(struct claim_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(rows[i].tickers);
    }
    free(rows);
}

static const char SQL_EACH[] =
    "SELECT a.id, a.feed_id, a.guid, a.title, a.link, a.author, a.published, a.fetched,"
    " bp_unpack(a.summary), bp_unpack(a.content), a.provider_score, a.provider_label, a.updated, "
    "a.sentiment,"
    " a.unread, a.starred, a.tickers, coalesce(fd.name, fd.title, fd.url)"
    " FROM articles a LEFT JOIN feeds fd ON fd.id = a.feed_id"
    " WHERE a.published >= ? ORDER BY a.published, a.id";

int store_articles_each(struct store *s, int64_t since, store_article_fn fn, void *ctx)
{
    /* Its own statement: fn may call back into the store. */
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, SQL_EACH, -1, &st, NULL) != SQLITE_OK)
        return store_fail(s, "reading articles");
    sqlite3_bind_int64(st, 1, since);
    int rc, ret = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct article a;
        struct article_row r = {0};
        read_article(st, &a);
        r.id = a.id;
        r.feed_id = a.feed_id;
        r.published = a.published;
        r.has_sentiment = sqlite3_column_type(st, 13) != SQLITE_NULL;
        r.sentiment = sqlite3_column_double(st, 13);
        r.unread = sqlite3_column_int(st, 14);
        r.starred = sqlite3_column_int(st, 15);
        r.tickers = (char *)sqlite3_column_text(st, 16);
        r.feed_name = (char *)sqlite3_column_text(st, 17);
        r.title = a.title;
        r.link = a.link;
        ret = fn(ctx, &a, &r);
        article_clear(&a);
        if (ret) break;
    }
    if (!ret && rc != SQLITE_DONE) ret = store_fail(s, "reading articles");
    sqlite3_finalize(st);
    return ret;
}

static const char SQL_STALE[] =
    "SELECT id FROM articles WHERE analyzer_version < ? AND id > ? ORDER BY id LIMIT ?";

int store_articles_stale(struct store *s, int version, int64_t after_id, size_t limit,
                         int64_t **ids, size_t *n)
{
    *ids = NULL;
    *n = 0;
    sqlite3_stmt *st = store_prep(s, SQL_STALE);
    if (!st) return -1;
    int64_t *out = calloc(limit ? limit : 1, sizeof *out);
    if (!out) return err_set("out of memory");
    sqlite3_bind_int(st, 1, version);
    sqlite3_bind_int64(st, 2, after_id);
    sqlite3_bind_int64(st, 3, (int64_t)limit);
    int rc;
    while (*n < limit && (rc = sqlite3_step(st)) == SQLITE_ROW)
        out[(*n)++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    *ids = out;
    return 0;
}

/* Kept per feed by triggers: O(feeds), where count(*) would walk an index. */
static const char SQL_COUNT[] = "SELECT coalesce(sum(article_count), 0) FROM feeds";

int64_t store_articles_count(struct store *s)
{
    sqlite3_stmt *st = store_prep(s, SQL_COUNT);
    if (!st) return -1;
    int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    return n;
}

/* The list's own query under a count: the same plan, stopped at cap rows, so
 * it costs what reading cap rows of the list costs, whatever the store's
 * size. */
int64_t store_articles_count_upto(struct store *s, const struct article_filter *f, int64_t cap)
{
    /* The same matches in either order: counted newest first, where a
     * count is not bounded by the ranking window. */
    struct article_filter newest = *f;
    newest.by_relevance = 0;
    f = &newest;
    struct sbuf q = {0};
    sbuf_adds(&q, "SELECT count(*) FROM (");
    if (build_page_sql(&q, f, 0, 0, 1) || sbuf_adds(&q, ")")) {
        sbuf_free(&q);
        return err_set("out of memory");
    }
    sqlite3_stmt *st = store_prep_text(s, q.p);
    sbuf_free(&q);
    if (!st) return -1;
    bind_filter(st, f, NULL, cap > 0 ? (size_t)cap : 0);
    int64_t n = -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    else if (f->query)
        err_set("bad query: %s", sqlite3_errmsg(s->db));
    else
        store_fail(s, "counting articles");
    sqlite3_reset(st);
    return n;
}

/* Unread articles are the entries of the partial index articles_unread
 * (feed_id, unread) WHERE unread (unread in it makes it covering): the
 * count walks that index alone, at most cap
 * entries, so its cost is bounded by cap whatever the store's size. */
static const char SQL_UNREAD_ALL[] =
    "SELECT count(*) FROM (SELECT 1 FROM articles WHERE unread LIMIT ?)";
static const char SQL_UNREAD_FEED[] =
    "SELECT count(*) FROM (SELECT 1 FROM articles WHERE unread AND feed_id = ? LIMIT ?)";

int64_t store_articles_unread(struct store *s, int64_t feed_id, int64_t cap)
{
    sqlite3_stmt *st = store_prep(s, feed_id ? SQL_UNREAD_FEED : SQL_UNREAD_ALL);
    if (!st) return -1;
    int k = 1;
    if (feed_id) sqlite3_bind_int64(st, k++, feed_id);
    sqlite3_bind_int64(st, k, cap);
    int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    if (n < 0) store_fail(s, "counting unread articles");
    sqlite3_reset(st);
    return n;
}
