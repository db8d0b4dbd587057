/* Copies of one story: the keys an article is met by at ingest, the story
 * it joins, and the feeds that carry the other copies. */
#include "storage/stories.h"

#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/str.h"
#include "core/story.h"
#include "storage/internal.h"

static void key_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *text = (const char *)sqlite3_value_text(argv[0]);
    int64_t (*key)(const char *) = sqlite3_user_data(ctx);
    int64_t k = text ? key(text) : 0;
    if (k)
        sqlite3_result_int64(ctx, k);
    else
        sqlite3_result_null(ctx);
}

int64_t store_guid_key32(const char *guid)
{
    return (int64_t)(int32_t)(uint32_t)story_guid_key(guid ? guid : "");
}

/* story_guid_key32(guid): never NULL, even where the key is 0, since the
 * unique index on the guid (schema.c, m15) adds the slot to it. */
static void guid_key_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sqlite3_result_int64(ctx, store_guid_key32((const char *)sqlite3_value_text(argv[0])));
}

int store_story_functions(sqlite3 *db)
{
    int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    if (sqlite3_create_function(db, "story_link_key", 1, flags, (void *)story_link_key, key_fn,
                                NULL, NULL) != SQLITE_OK ||
        sqlite3_create_function(db, "story_title_key", 1, flags, (void *)story_title_key, key_fn,
                                NULL, NULL) != SQLITE_OK ||
        sqlite3_create_function(db, "story_guid_key", 1, flags, (void *)story_guid_key, key_fn,
                                NULL, NULL) != SQLITE_OK ||
        sqlite3_create_function(db, "story_guid_key32", 1, flags, NULL, guid_key_fn, NULL, NULL) !=
            SQLITE_OK)
        return err_set("setting up the store: %s", sqlite3_errmsg(db));
    return 0;
}

/* The same link at any time, or the same title in another feed within the
 * window of the story's first copy (an article without copies is its own
 * first); the nearest in time first. Joining only first copies by title
 * keeps a title that recurs every day (a daily column carried by two
 * feeds) from chaining into one story as long as the store: a story spans
 * at most the window either side of its first copy.
 *
 * SQL_FIND lists the candidates, and store_story_find keeps the nearest
 * (then the lowest id) as it reads them: in SQLite an ORDER BY with a
 * LIMIT would sort them in a temporary b-tree opened, zeroed and freed
 * again for every article stored, most with no candidate at all.
 *
 * SQLite keeps 32 bits of a link's key (schema.c, m13), so a copy the index
 * finds by its link is checked against the link's full key (?7) where it is
 * found, its row being read for its time and story anyway. A title's key
 * keeps 46 bits (title_key46, from schema 18), and the title's index holds
 * every column the lookup wants, so a copy found by its title is taken
 * from the index alone: no row is read. PostgreSQL keeps all 64 bits of
 * both. */
static const char SQL_FIND[] =
    "SELECT id, story, published FROM articles WHERE link_key = ?1"
    " AND story_link_key(link) = ?7"
    " UNION ALL SELECT id, story, published FROM articles WHERE title_key = ?2"
    " AND published BETWEEN ?5 AND ?6 AND (story IS NULL OR story = id)"
    " AND feed_id <> ?4";
/* Where the window reaches the articles stored before schema 18, whose
 * title keys have 32 bits (?9), those are looked up too and checked against
 * the title's full key (?8) as before: their candidates are put in order
 * from the index alone and only their rows are read, nearest first, until
 * one passes (LIMIT -1 keeps the check out of the ordered list, which
 * SQLite would otherwise merge it into). */
static const char SQL_FIND_32[] =
    "SELECT id, story FROM (SELECT id, story, title_only FROM (SELECT id, story, published,"
    " 0 AS title_only FROM articles WHERE link_key = ?1 AND story_link_key(link) = ?7"
    " UNION ALL SELECT id, story, published, 0 FROM articles WHERE title_key = ?2"
    " AND published BETWEEN ?5 AND ?6 AND (story IS NULL OR story = id) AND feed_id <> ?4"
    " UNION ALL SELECT id, story, published, 1 FROM articles WHERE title_key = ?9"
    " AND published BETWEEN ?5 AND ?6 AND (story IS NULL OR story = id)"
    " AND feed_id <> ?4) ORDER BY abs(published - ?3), id LIMIT -1) AS c WHERE NOT title_only"
    " OR (SELECT story_title_key(title) FROM articles t WHERE t.id = c.id) = ?8 LIMIT 1";
static const char SQL_FIND_PG[] =
    "SELECT id, story FROM (SELECT id, story, published FROM articles WHERE link_key = ?1"
    " UNION ALL SELECT id, story, published FROM articles WHERE title_key = ?2"
    " AND published BETWEEN ?5 AND ?6 AND (story IS NULL OR story = id)"
    " AND feed_id <> ?4) AS c"
    " ORDER BY abs(published - ?3), id LIMIT 1";

/* A 64-bit key as SQLite stores a link's, and stored a title's before
 * schema 18: its low 32 bits as a signed number (four bytes in a row or an
 * index where the whole key took eight), 1 for a key whose low bits are all
 * 0, as m13 computes it in SQL. */
static int64_t key32(int64_t k)
{
    uint32_t low = (uint32_t)k;
    return !k ? 0 : low ? (int64_t)(int32_t)low : 1;
}

/* A title's key as SQLite stores it from schema 18 on: the low 46 bits of
 * the 64-bit key with bit 46 set, so between 2^46 and 2^47: six bytes in
 * the row and the index, two more than key32 took, and never equal to a
 * 32-bit key, which lies within 32 bits. Two titles share one with odds of
 * 1 in 7 * 10^13, so a key found is taken as the title's without reading
 * its row (a 200,000-article window meets a false copy about once in 350
 * million lookups). */
static int64_t title_key46(int64_t k)
{
    const uint64_t bit46 = (uint64_t)1 << 46;
    return !k ? 0 : (int64_t)(((uint64_t)k & (bit46 - 1)) | bit46);
}

static const char SQL_TITLE32[] = "SELECT value FROM meta WHERE key = 'title_key32_until'";

/* Whether a lookup at published may meet titles keyed in 32 bits: read
 * once a connection (schema 18 wrote it, once, before any 46-bit key).
 * Returns 0 or 1, or -1 with err set. */
static int meets_title32(struct store *s, int64_t published)
{
    if (!s->title32) {
        struct db_stmt *st = store_prep(s, SQL_TITLE32);
        if (!st) return -1;
        int rc = db_step(st);
        s->title32 = rc == DB_ROW && db_column_type(st, 0) != DB_NULL ? 2 : 1;
        if (s->title32 == 2) s->title32_until = db_column_int64(st, 0);
        db_reset(st);
        if (rc != DB_ROW && rc != DB_DONE) {
            s->title32 = 0;
            return store_fail(s, "finding copies of a story");
        }
    }
    return s->title32 == 2 && published - STORY_TITLE_WINDOW <= s->title32_until;
}

int store_story_find(struct store *s, const struct article *a, struct story_keys *k)
{
    int64_t link = story_link_key(a->link), title = story_title_key(a->title);
    int pg = store_is_pg(s);
    k->link_key = pg ? link : key32(link);
    k->title_key = pg ? title : title_key46(title);
    k->story = k->found = 0;
    k->alone = 0;
    if (!k->link_key && !k->title_key) return 0;
    int old = pg || !title ? 0 : meets_title32(s, a->published);
    if (old < 0) return -1;
    struct db_stmt *st = store_prep(s, pg ? SQL_FIND_PG : old ? SQL_FIND_32 : SQL_FIND);
    if (!st) return -1;
    db_bind_int64(st, 1, k->link_key);
    db_bind_int64(st, 2, k->title_key);
    db_bind_int64(st, 3, a->published);
    db_bind_int64(st, 4, a->feed_id);
    /* The window's ends bound as numbers: PostgreSQL cannot type ?3 - ?5. */
    db_bind_int64(st, 5, a->published - STORY_TITLE_WINDOW);
    db_bind_int64(st, 6, a->published + STORY_TITLE_WINDOW);
    if (!pg) db_bind_int64(st, 7, link);
    if (old) {
        db_bind_int64(st, 8, title);
        db_bind_int64(st, 9, key32(title));
    }
    int rc;
    int64_t best = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        int64_t id = db_column_int64(st, 0);
        /* SQL_FIND_32 and SQL_FIND_PG give the one row in order;
         * SQL_FIND, every candidate: the nearest in time, then the lowest
         * id, is kept. */
        if (!old && !pg) {
            int64_t d = db_column_int64(st, 2) - a->published;
            d = d < 0 ? -d : d;
            if (k->found && (d > best || (d == best && id >= k->found))) continue;
            best = d;
        }
        k->found = id;
        k->alone = db_column_type(st, 1) == DB_NULL;
        k->story = k->alone ? id : db_column_int64(st, 1);
        if (old || pg) break;
    }
    if (rc == DB_ROW) rc = DB_DONE;
    db_reset(st);
    if (rc != DB_ROW && rc != DB_DONE) return store_fail(s, "finding copies of a story");
    return 0;
}

/* Articles keyed a page at a time by store_story_key_all. */
#define KEY_PAGE 500
static const char SQL_PAGE[] =
    "SELECT id, feed_id, published, link, title FROM articles WHERE (published, id) > (?, ?)"
    " ORDER BY published, id LIMIT ?";
static const char SQL_SET_KEYS[] =
    "UPDATE articles SET link_key = ?, title_key = ?, story = ? WHERE id = ?";

/* The articles of one page, copied out of the statement, which the
 * lookups reuse. */
struct key_page {
    struct article a[KEY_PAGE];
    int64_t id[KEY_PAGE];
    size_t n;
};

static void page_clear(struct key_page *p)
{
    for (size_t i = 0; i < p->n; i++)
        article_clear(&p->a[i]);
    p->n = 0;
}

static int read_page(struct store *s, struct key_page *p, int64_t pub, int64_t id)
{
    struct db_stmt *st = store_prep(s, SQL_PAGE);
    if (!st) return -1;
    db_bind_int64(st, 1, pub);
    db_bind_int64(st, 2, id);
    db_bind_int64(st, 3, KEY_PAGE);
    int rc = DB_DONE;
    while (p->n < KEY_PAGE && (rc = db_step(st)) == DB_ROW) {
        struct article *a = &p->a[p->n];
        memset(a, 0, sizeof *a);
        p->id[p->n++] = db_column_int64(st, 0);
        a->feed_id = db_column_int64(st, 1);
        a->published = db_column_int64(st, 2);
        a->link = store_col_dup(st, 3);
        a->title = store_col_dup(st, 4);
        if ((db_column_type(st, 3) != DB_NULL && !a->link) ||
            (db_column_type(st, 4) != DB_NULL && !a->title)) {
            db_reset(st);
            return err_set("out of memory");
        }
    }
    db_reset(st);
    if (p->n < KEY_PAGE && rc != DB_DONE) return store_fail(s, "grouping copies of stories");
    return 0;
}

/* A story key, NULL for none (0). */
static void bind_key(struct db_stmt *st, int i, int64_t v)
{
    if (v)
        db_bind_int64(st, i, v);
    else
        db_bind_null(st, i);
}

void store_story_bind(struct db_stmt *st, int i, const struct story_keys *k)
{
    bind_key(st, i, k->link_key);
    bind_key(st, i + 1, k->title_key);
    bind_key(st, i + 2, k->story);
}

static int key_one(struct store *s, const struct article *a, int64_t id)
{
    struct story_keys k;
    if (store_story_find(s, a, &k)) return -1;
    struct db_stmt *st = store_prep(s, SQL_SET_KEYS);
    if (!st) return -1;
    store_story_bind(st, 1, &k);
    db_bind_int64(st, 4, id);
    if (store_step_done(s, st, "grouping copies of stories")) return -1;
    return store_story_join(s, &k);
}

int store_story_key_all(struct store *s)
{
    struct key_page *p = calloc(1, sizeof *p);
    if (!p) return err_set("out of memory");
    int64_t pub = INT64_MIN, id = INT64_MIN;
    int ret = 0;
    do {
        ret = read_page(s, p, pub, id);
        for (size_t i = 0; !ret && i < p->n; i++)
            ret = key_one(s, &p->a[i], p->id[i]);
        if (p->n) {
            pub = p->a[p->n - 1].published;
            id = p->id[p->n - 1];
        }
        size_t n = p->n;
        page_clear(p);
        if (n < KEY_PAGE) break;
    } while (!ret);
    page_clear(p);
    free(p);
    return ret;
}

static const char SQL_JOIN[] = "UPDATE articles SET story = id WHERE id = ? AND story IS NULL";

int store_story_join(struct store *s, const struct story_keys *k)
{
    if (!k->found || !k->alone) return 0;
    struct db_stmt *st = store_prep(s, SQL_JOIN);
    if (!st) return -1;
    db_bind_int64(st, 1, k->found);
    return store_step_later(s, st, "grouping copies of a story");
}

static const char SQL_SOURCES[] =
    "SELECT group_concat(name, ', ') FROM (SELECT DISTINCT coalesce(fd.name, fd.title, fd.url)"
    " AS name FROM articles a JOIN articles c ON c.story = a.story AND c.id <> a.id"
    " JOIN feeds fd ON fd.id = c.feed_id WHERE a.id = ?1 AND c.feed_id <> a.feed_id"
    " ORDER BY c.published, c.id) AS n";
/* PostgreSQL's DISTINCT cannot order by what it does not select: each feed
 * once, by its first copy. */
static const char SQL_SOURCES_PG[] =
    "SELECT string_agg(name, ', ' ORDER BY pub, cid) FROM (SELECT coalesce(fd.name, fd.title,"
    " fd.url) AS name, min(c.published) AS pub, min(c.id) AS cid"
    " FROM articles a JOIN articles c ON c.story = a.story AND c.id <> a.id"
    " JOIN feeds fd ON fd.id = c.feed_id WHERE a.id = ?1 AND c.feed_id <> a.feed_id"
    " GROUP BY 1) AS n";

int store_story_sources(struct store *s, int64_t id, char **names)
{
    *names = NULL;
    struct db_stmt *st = store_prep(s, STORE_SQL(s, SQL_SOURCES));
    if (!st) return -1;
    db_bind_int64(st, 1, id);
    int rc = db_step(st);
    if (rc == DB_ROW) *names = store_col_dup(st, 0);
    db_reset(st);
    if (rc != DB_ROW && rc != DB_DONE) return store_fail(s, "reading copies of a story");
    return 0;
}
