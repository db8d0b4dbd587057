/* One article at a time: read whole, known by its guid, its marks set; and
 * every article in turn (store_articles_each). The lists and counts are
 * storage/article_query.c's. */
#include <string.h>

#include "storage/articles.h"
#include "storage/internal.h"

static const char SQL_GET[] =
    "SELECT id, feed_id, guid, title, link, author, published, fetched, bp_unpack(summary),"
    " bp_unpack(content),"
    " provider_score, provider_label, updated, sentiment, unread, starred FROM articles"
    " WHERE id = ?";

static void read_article(struct db_stmt *st, struct article *a)
{
    memset(a, 0, sizeof *a);
    a->id = db_column_int64(st, 0);
    a->feed_id = db_column_int64(st, 1);
    a->guid = store_col_dup(st, 2);
    a->title = store_col_dup(st, 3);
    a->link = store_col_dup(st, 4);
    a->author = store_col_dup(st, 5);
    a->published = db_column_int64(st, 6);
    a->fetched = db_column_int64(st, 7);
    a->summary = store_col_dup(st, 8);
    a->content = store_col_dup(st, 9);
    a->has_provider = db_column_type(st, 10) != DB_NULL;
    a->provider_score = db_column_double(st, 10);
    a->provider_label = store_col_dup(st, 11);
    a->has_updated = db_column_type(st, 12) != DB_NULL;
    a->updated = db_column_int64(st, 12);
}

int store_article_get(struct store *s, int64_t id, struct article *out, double *sentiment,
                      int *has_sentiment, int *unread, int *starred)
{
    struct db_stmt *st = store_prep(s, SQL_GET);
    if (!st) return -1;
    db_bind_int64(st, 1, id);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        read_article(st, out);
        if (sentiment) *sentiment = db_column_double(st, 13);
        if (has_sentiment) *has_sentiment = db_column_type(st, 13) != DB_NULL;
        if (unread) *unread = db_column_int(st, 14);
        if (starred) *starred = db_column_int(st, 15);
    }
    db_reset(st);
    if (rc != DB_ROW && rc != DB_DONE) return store_fail(s, "reading an article");
    return rc == DB_ROW;
}

static const char SQL_KNOWN[] = "SELECT 1 FROM articles WHERE feed_id = ?1"
                                " AND " STORE_GUID_INDEXED " BETWEEN ?3 AND ?4 AND guid = ?2";
static const char SQL_KNOWN_PG[] = "SELECT 1 FROM articles WHERE feed_id = ? AND guid = ?";

int store_article_known(struct store *s, int64_t feed_id, const char *guid)
{
    struct db_stmt *st = store_prep(s, STORE_SQL(s, SQL_KNOWN));
    if (!st) return -1;
    db_bind_int64(st, 1, feed_id);
    db_bind_static(st, 2, guid ? guid : "");
    if (!store_is_pg(s)) store_bind_guid_slots(st, 3, guid);
    int rc = db_step(st);
    db_reset(st);
    if (rc != DB_ROW && rc != DB_DONE) return store_fail(s, "reading articles");
    return rc == DB_ROW;
}

/* On PostgreSQL the marks are the user's own rows beside the desk's
 * article (schema_pg.c, m4): a mark is written there, for an article that
 * exists, and the copies of a story follow in one statement too. A NULL
 * mark keeps what the article has. */
static const char SQL_MARK[] = "UPDATE articles SET unread = coalesce(?, unread),"
                               " starred = coalesce(?, starred) WHERE id = ?";

static const char SQL_MARK_PG[] =
    "INSERT INTO article_marks(article_id, feed_id, unread, starred)"
    " SELECT id, feed_id, coalesce(?1, 1), coalesce(?2, 0) FROM article_rows WHERE id = ?3"
    " ON CONFLICT (usr, article_id) DO UPDATE SET"
    " unread = coalesce(?1, article_marks.unread), starred = coalesce(?2, article_marks.starred)";

/* Marks article id alone (a mark < 0 is kept). 1 when it exists, 0 when
 * not, -1 with err set. */
static int mark_one(struct store *s, int64_t id, int unread, int starred)
{
    struct db_stmt *st = store_prep(s, STORE_SQL(s, SQL_MARK));
    if (!st) return -1;
    if (unread >= 0) db_bind_int(st, 1, !!unread);
    if (starred >= 0) db_bind_int(st, 2, !!starred);
    db_bind_int64(st, 3, id);
    if (store_step_done(s, st, "marking an article")) return -1;
    return db_changes(s->db) > 0;
}

int store_article_set_flags(struct store *s, int64_t id, int unread, int starred)
{
    return mark_one(s, id, unread, starred) < 0 ? -1 : 0;
}

static const char SQL_MARK_COPIES[] =
    "UPDATE articles SET unread = ?1 WHERE story = (SELECT story FROM articles WHERE id = ?2)"
    " AND unread <> ?1";
static const char SQL_MARK_COPIES_PG[] =
    "INSERT INTO article_marks(article_id, feed_id, unread)"
    " SELECT c.id, c.feed_id, ?1 FROM article_rows c"
    " WHERE c.story = (SELECT story FROM article_rows WHERE id = ?2) AND c.id <> ?2"
    " ON CONFLICT (usr, article_id) DO UPDATE SET unread = excluded.unread"
    " WHERE article_marks.unread <> excluded.unread";

int store_article_mark(struct store *s, int64_t id, int unread, int starred)
{
    int found = mark_one(s, id, unread, starred);
    if (found <= 0 || unread < 0) return found;
    /* Read once is read in every feed: the story's other copies follow. */
    struct db_stmt *st = store_prep(s, STORE_SQL(s, SQL_MARK_COPIES));
    if (!st) return -1;
    db_bind_int(st, 1, !!unread);
    db_bind_int64(st, 2, id);
    if (store_step_done(s, st, "marking copies of an article")) return -1;
    return 1;
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
    struct db_stmt *st;
    if (!(st = db_prepare_once(s->db, SQL_EACH))) return store_fail(s, "reading articles");
    db_bind_int64(st, 1, since);
    int rc, ret = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        struct article a;
        struct article_row r = {0};
        read_article(st, &a);
        r.id = a.id;
        r.feed_id = a.feed_id;
        r.published = a.published;
        r.has_sentiment = db_column_type(st, 13) != DB_NULL;
        r.sentiment = db_column_double(st, 13);
        r.unread = db_column_int(st, 14);
        r.starred = db_column_int(st, 15);
        r.tickers = (char *)db_column_text(st, 16);
        r.feed_name = (char *)db_column_text(st, 17);
        r.title = a.title;
        r.link = a.link;
        ret = fn(ctx, &a, &r);
        article_clear(&a);
        if (ret) break;
    }
    if (!ret && rc != DB_DONE) ret = store_fail(s, "reading articles");
    db_finalize(st);
    return ret;
}
