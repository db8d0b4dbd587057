/* Copies of one story: the feeds that carry it grouped into one row, its
 * newest copy standing for it in either order, the nearest copy in time
 * joined, no chaining past the window, and the keys and indexes of older
 * schemas migrated and checked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/article.h"
#include "core/str.h"
#include "storage/articles.h"
#include "storage/feeds.h"
#include "storage/store.h"
#include "storage/stories.h"

#include "store_fixture.h"

static int64_t put(struct store *s, int64_t feed, const char *guid, int64_t published,
                   const char *title, const char *link)
{
    struct article a = {.feed_id = feed, .published = published, .fetched = published};
    a.guid = xstrdup(guid);
    a.title = xstrdup(title);
    a.link = xstrdup(link);
    a.content = xstrdup("Text.");
    assert_int_equal(store_article_insert(s, &a, NULL), 1);
    int64_t id = a.id;
    article_clear(&a);
    return id;
}

/* Three feeds: one story in all three (the same title in two within two
 * days, the same link in the third much later), a title repeated after
 * the window, and a title repeated in the same feed (a daily column). */
static int64_t story_ids[3];
static void put_stories(struct store *s, int64_t *fa, int64_t *fb, int64_t *fc)
{
    *fa = add_feed(s, "http://a/feed");
    *fb = add_feed(s, "http://b/feed");
    *fc = add_feed(s, "http://c/feed");
    assert_int_equal(store_begin(s), 0);
    story_ids[0] = put(s, *fa, "1", 100000, "Fed holds rates steady as inflation cools",
                       "https://www.reuters.com/markets/fed-holds?utm_source=rss&id=7");
    story_ids[1] = put(s, *fb, "2", 100000 + 3600, "Fed holds rates steady, as inflation cools!",
                       "https://cnbc.example/fed");
    put(s, *fa, "3", 200000, "Oil prices fall on supply worries", "https://reuters.com/oil");
    put(s, *fb, "4", 200000 + 3 * 86400, "Oil prices fall on supply worries",
        "https://cnbc.example/oil");
    put(s, *fa, "5", 300000, "Stocks making the biggest moves midday", "https://a.example/m1");
    put(s, *fa, "6", 300000 + 3600, "Stocks making the biggest moves midday",
        "https://a.example/m2");
    story_ids[2] = put(s, *fc, "7", 900000, "Fed decision",
                       "HTTPS://Reuters.com:443/markets/fed-holds/?id=7&utm_medium=x#top");
    assert_int_equal(store_commit(s), 0);
}

static size_t titles(struct store *s, const struct article_filter *f, int64_t *ids, int *copies)
{
    struct article_row *rows;
    size_t n;
    assert_int_equal(store_articles_page(s, f, NULL, 0, 50, &rows, &n), 0);
    for (size_t i = 0; i < n; i++) {
        ids[i] = rows[i].id;
        if (copies) copies[i] = rows[i].copies;
    }
    store_article_rows_free(rows, n);
    return n;
}

static void test_stories_grouped(void **state)
{
    struct store *s = *state;
    int64_t fa, fb, fc;
    put_stories(s, &fa, &fb, &fc);
    struct article_filter all = {0}, grouped = {.group = 1};
    int64_t ids[50], paged[50];
    int copies[50];
    assert_int_equal(titles(s, &all, ids, copies), 7);
    assert_int_equal(titles(s, &grouped, ids, copies), 5);
    /* The story shows once, as its newest copy, with two other sources. */
    assert_int_equal(ids[0], story_ids[2]);
    assert_int_equal(copies[0], 2);
    for (size_t i = 1; i < 5; i++) {
        assert_int_not_equal(ids[i], story_ids[0]);
        assert_int_not_equal(ids[i], story_ids[1]);
        assert_int_equal(copies[i], 0);
    }
    /* The count agrees with the rows, stops at its cap and walks the
     * rows in list order, so a story counts once. */
    assert_int_equal(store_articles_count_upto(s, &grouped, 100), 5);
    assert_int_equal(store_articles_count_upto(s, &grouped, 3), 3);
    assert_int_equal(store_articles_count_upto(s, &grouped, 0), 0);
    /* Keyset pages of one row give the same rows. */
    assert_int_equal(read_all(s, &grouped, 1, paged, NULL, 50), 5);
    assert_memory_equal(paged, ids, 5 * sizeof ids[0]);
    /* Under a feed filter the feed's own copy stands for the story. */
    struct article_filter in_a = {.group = 1, .feed_id = fa};
    assert_int_equal(titles(s, &in_a, ids, copies), 4);
    assert_int_equal(ids[3], story_ids[0]);
    assert_int_equal(copies[3], 2);
    assert_int_equal(store_articles_count_upto(s, &in_a, 100), 4);
    /* A search: the newest copy that matches. */
    struct article_filter q = {.group = 1, .query = "inflation"};
    assert_int_equal(titles(s, &q, ids, NULL), 1);
    assert_int_equal(ids[0], story_ids[1]);
    assert_int_equal(store_articles_count_upto(s, &q, 100), 1);
    struct article_filter moves = {.group = 1, .query = "moves OR oil"};
    assert_int_equal(titles(s, &moves, ids, NULL), 4);
    assert_int_equal(store_articles_count_upto(s, &moves, 100), 4);
    /* A row at a time, every copy of the story is on a page after the
     * one that showed it, so only the cursor's check keeps it off. */
    assert_int_equal(read_all(s, &moves, 1, paged, NULL, 50), 4);
    assert_memory_equal(paged, ids, 4 * sizeof ids[0]);
    assert_int_equal(read_all(s, &moves, 2, paged, NULL, 50), 4);
    assert_memory_equal(paged, ids, 4 * sizeof ids[0]);
    q.by_relevance = 1;
    assert_int_equal(titles(s, &q, ids, copies), 1);
    assert_int_equal(ids[0], story_ids[1]);
    assert_int_equal(copies[0], 2);
    q.group = 0;
    assert_int_equal(titles(s, &q, ids, NULL), 2);
    /* The other feeds, oldest copy first. */
    char *names;
    assert_int_equal(store_story_sources(s, story_ids[2], &names), 0);
    assert_string_equal(names, "http://a/feed, http://b/feed");
    free(names);
    int64_t alone[50];
    titles(s, &all, alone, NULL);
    assert_int_equal(store_story_sources(s, alone[1], &names), 0);
    assert_null(names);
    /* Reading one copy reads them all; the star stays on the one. */
    assert_int_equal(store_article_mark(s, story_ids[2], 0, 1), 1);
    for (int i = 0; i < 3; i++) {
        int unread = -1, starred = -1;
        struct article a;
        assert_int_equal(store_article_get(s, story_ids[i], &a, NULL, NULL, &unread, &starred), 1);
        article_clear(&a);
        assert_int_equal(unread, 0);
        assert_int_equal(starred, i == 2);
    }
    struct article_filter unread = {.group = 1, .unread_only = 1};
    assert_int_equal(titles(s, &unread, ids, NULL), 4);
}

/* Best match, grouped: a story stands as its newest matching copy, ranked
 * by that copy's own hits, not by a stronger older copy's. */
static void test_best_match_story_newest_copy(void **state)
{
    struct store *s = *state;
    int64_t fa = add_feed(s, "http://a/feed"), fb = add_feed(s, "http://b/feed");
    const char *link = "https://x.example/orders";
    struct article a[3] = {
        {.feed_id = fa,
         .published = 1000,
         .guid = "s1",
         .title = "Orders at Kestrel",
         .link = (char *)link,
         .content = "turbine turbine turbine turbine grid"},
        {.feed_id = fa,
         .published = 1500,
         .guid = "m",
         .title = "Grid note",
         .link = "https://x.example/m",
         .content = "turbine turbine grid grid grid"},
        {.feed_id = fb,
         .published = 2000,
         .guid = "s2",
         .title = "Orders at Kestrel",
         .link = (char *)link,
         .content = "grid grid grid grid turbine grid grid grid grid grid grid grid"},
    };
    int64_t id[3];
    assert_int_equal(store_begin(s), 0);
    for (int i = 0; i < 3; i++) {
        struct article c = {
            .feed_id = a[i].feed_id, .published = a[i].published, .fetched = a[i].published};
        c.guid = xstrdup(a[i].guid);
        c.title = xstrdup(a[i].title);
        c.link = xstrdup(a[i].link);
        c.content = xstrdup(a[i].content);
        assert_int_equal(store_article_insert(s, &c, NULL), 1);
        id[i] = c.id;
        article_clear(&c);
    }
    assert_int_equal(store_commit(s), 0);
    struct article_filter flat = {.query = "turbine", .by_relevance = 1};
    int64_t ids[8];
    double ranks[8], granks[8];
    assert_int_equal(read_all(s, &flat, 10, ids, ranks, 8), 3);
    assert_int_equal(ids[0], id[0]);
    assert_int_equal(ids[1], id[1]);
    assert_int_equal(ids[2], id[2]);
    double newest = ranks[2], middle = ranks[1];
    struct article_filter grouped = flat;
    grouped.group = 1;
    int copies[8];
    assert_int_equal(titles(s, &grouped, ids, copies), 2);
    assert_int_equal(ids[0], id[1]);
    assert_int_equal(ids[1], id[2]);
    assert_int_equal(copies[1], 1);
    /* Paged a row at a time, the same rows with the same ranks. */
    assert_int_equal(read_all(s, &grouped, 1, ids, granks, 8), 2);
    assert_int_equal(ids[0], id[1]);
    assert_int_equal(ids[1], id[2]);
    assert_true(granks[0] == middle);
    assert_true(granks[1] == newest);
}

/* A copy by title joins the nearest first copy in time within the window,
 * and of two as near, the one stored first. */
static void test_story_nearest_copy(void **state)
{
    struct store *s = *state;
    int64_t fa = add_feed(s, "http://a/feed"), fb = add_feed(s, "http://b/feed");
    int64_t fc = add_feed(s, "http://c/feed"), fd = add_feed(s, "http://d/feed");
    const int64_t t = 1000000, day = 86400;
    assert_int_equal(store_begin(s), 0);
    /* Three days apart: two stories of one title. */
    put(s, fa, "1", t, "Markets wrap: stocks end mixed", "https://a.example/1");
    put(s, fc, "2", t + 3 * day, "Markets wrap: stocks end mixed", "https://c.example/2");
    int64_t near =
        put(s, fb, "3", t + 19 * day / 10, "Markets wrap: stocks end mixed", "https://b.example/3");
    int64_t tie =
        put(s, fd, "4", t + 3 * day / 2, "Markets wrap: stocks end mixed", "https://d.example/4");
    assert_int_equal(store_commit(s), 0);
    char *names;
    assert_int_equal(store_story_sources(s, near, &names), 0);
    assert_string_equal(names, "http://c/feed");
    free(names);
    assert_int_equal(store_story_sources(s, tie, &names), 0);
    assert_string_equal(names, "http://a/feed");
    free(names);
}

/* A title two feeds both carry every day is a story a day or two long, not
 * one story as long as the store: a copy by title joins a story only
 * within two days of its first copy. */
static void test_stories_do_not_chain(void **state)
{
    struct store *s = *state;
    int64_t fa = add_feed(s, "http://a/feed"), fb = add_feed(s, "http://b/feed");
    assert_int_equal(store_begin(s), 0);
    for (int d = 0; d < 5; d++) {
        char guid[16], link[64];
        snprintf(guid, sizeof guid, "d%d", d);
        snprintf(link, sizeof link, "https://x.example/%d", d);
        put(s, d % 2 ? fb : fa, guid, 1000000 + d * 86400, "Stocks making the biggest moves today",
            link);
    }
    assert_int_equal(store_commit(s), 0);
    struct article_filter grouped = {.group = 1};
    int64_t ids[50];
    int copies[50];
    /* Days 0 and 1, days 2 and 3, day 4. */
    assert_int_equal(titles(s, &grouped, ids, copies), 3);
    assert_int_equal(copies[0], 0);
    assert_int_equal(copies[1], 1);
    assert_int_equal(copies[2], 1);
}

/* A store from before stories (schema 10) is keyed and grouped on opening. */
static void test_stories_migrated(void **state)
{
    struct store *s = *state;
    int64_t fa, fb, fc;
    put_stories(s, &fa, &fb, &fc);
    store_close(s);
    *state = NULL;
    sqlite3 *db;
    assert_int_equal(sqlite3_open(tmp_path("s.db"), &db), SQLITE_OK);
    assert_int_equal(store_functions_register(db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, undo_mention_rows(), NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db,
                     "DROP INDEX articles_story; DROP INDEX articles_title_key;"
                     "DROP INDEX articles_link_key; ALTER TABLE articles DROP COLUMN story;"
                     "ALTER TABLE articles DROP COLUMN title_key;"
                     "ALTER TABLE articles DROP COLUMN link_key; PRAGMA user_version = 10;",
                     NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
    s = *state = store_open(tmp_path("s.db"), 0);
    assert_non_null(s);
    struct article_filter grouped = {.group = 1};
    int64_t ids[50];
    int copies[50];
    assert_int_equal(titles(s, &grouped, ids, copies), 5);
    assert_int_equal(ids[0], story_ids[2]);
    assert_int_equal(copies[0], 2);
    /* A copy stored after the migration joins the story. */
    int64_t late =
        put(s, fb, "8", 950000, "Fed: rates held", "http://reuters.com/markets/fed-holds?id=7");
    assert_int_equal(titles(s, &grouped, ids, copies), 5);
    assert_int_equal(ids[0], late);
    assert_int_equal(copies[0], 2);
}

/* The text of one value sql reads from the store's file (malloc'd). */
static char *raw(const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(tmp_path("s.db"), &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    const unsigned char *v = sqlite3_column_text(st, 0);
    char *out = xstrdup(v ? (const char *)v : "NULL");
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
}

static void exec(const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(tmp_path("s.db"), &db), SQLITE_OK);
    assert_int_equal(store_functions_register(db), SQLITE_OK);
    assert_int_equal(store_story_functions(db), 0);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

/* SQLite keeps 32 bits of a story key (schema 13): a row whose key is the
 * same but whose link is not is no copy; the keys a store of schema 12
 * kept whole are cut as the ingest cuts them. */
static void test_story_keys_checked(void **state)
{
    struct store *s = *state;
    int64_t fa = add_feed(s, "http://a/feed"), fb = add_feed(s, "http://b/feed");
    char guid[16], link[64];
    for (int i = 0; i < 12; i++) {
        snprintf(guid, sizeof guid, "k%d", i);
        snprintf(link, sizeof link, "https://x.example/%d", i);
        put(s, fa, guid, 1000 + i, "Short one", link);
    }
    store_close(s);
    *state = NULL;
    char *keys = raw("SELECT group_concat(link_key, ' ') FROM articles ORDER BY id");
    /* k0 takes k1's key, k1 none: k0's link is not k1's. */
    exec("UPDATE articles SET link_key = (SELECT link_key FROM articles WHERE guid = 'k1')"
         " WHERE guid = 'k0'; UPDATE articles SET link_key = NULL WHERE guid = 'k1';");
    s = *state = store_open(tmp_path("s.db"), 0);
    assert_non_null(s);
    int64_t id = put(s, fb, "c1", 2000, "Short two", "https://x.example/1");
    id = put(s, fb, "c2", 2000, "Short two", "https://x.example/2");
    store_close(s);
    *state = NULL;
    char *story = raw("SELECT group_concat(coalesce(story, 0), ' ') FROM articles"
                      " WHERE guid IN ('k0', 'k1', 'c1')");
    assert_string_equal(story, "0 0 0");
    free(story);
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT story FROM articles WHERE id = %lld", (long long)id);
    story = raw(sql);
    char *first = raw("SELECT id FROM articles WHERE guid = 'k2'");
    assert_string_equal(story, first);
    free(first);
    free(story);
    /* Schema 12's whole keys, cut on opening to what the ingest binds
     * (and its mention rows, which m15 made again). */
    exec("UPDATE articles SET link_key = story_link_key(link), title_key = "
         "story_title_key(title);" UNDO_MENTION_PROVIDER "PRAGMA user_version = 12;");
    char *whole = raw("SELECT count(*) FROM articles WHERE link_key NOT BETWEEN -2147483648 AND "
                      "2147483647");
    assert_string_not_equal(whole, "0");
    free(whole);
    s = *state = store_open(tmp_path("s.db"), 0);
    assert_non_null(s);
    store_close(s);
    *state = NULL;
    char *cut = raw("SELECT group_concat(link_key, ' ') FROM articles WHERE guid LIKE 'k%'"
                    " ORDER BY id");
    assert_string_equal(cut, keys);
    free(cut);
    free(keys);
    s = *state = store_open(tmp_path("s.db"), 0);
    assert_non_null(s);
}

/* The stories of far (1000), near (1900) and copy, as "far 0 far" would
 * say copy joined far and near stayed alone: each id or 0. */
static void assert_stories(int64_t far, int64_t copy, int64_t want_far, int64_t want_near,
                           int64_t want_copy)
{
    char sql[160], want[64];
    snprintf(sql, sizeof sql,
             "SELECT group_concat(coalesce(story, 0), ' ') FROM (SELECT story FROM articles"
             " WHERE id IN (%lld, %lld) OR guid = 'near' ORDER BY id)",
             (long long)far, (long long)copy);
    snprintf(want, sizeof want, "%lld %lld %lld", (long long)want_far, (long long)want_near,
             (long long)want_copy);
    char *story = raw(sql);
    assert_string_equal(story, want);
    free(story);
}

/* A title key stored before schema 18 (32 bits: the low half of the full
 * key, signed), as m13 made it, from the 46-bit key a title has now. */
#define KEY32_OF(k) "((" k " & 4294967295) - ((" k " & 2147483648) << 1))"
/* far's and near's title keys both the 32-bit key of far's title. */
#define BOTH_FAR_KEY32                                                                             \
    "UPDATE articles SET title_key = (SELECT " KEY32_OF(                                           \
        "title_key") " FROM articles"                                                              \
                     " WHERE guid = 'far') WHERE guid IN ('far', 'near');"

/* Closes the store (if open), runs sql on its file and opens it again to
 * store in feed fc a copy of far's title at published; returns the copy's
 * id, the store closed again (raw() reads the file). */
static int64_t copy_after(void **state, const char *sql, int64_t fc, int64_t published)
{
    store_close(*state);
    *state = NULL;
    exec(sql);
    struct store *s = *state = store_open(tmp_path("s.db"), 0);
    assert_non_null(s);
    int64_t id = put(s, fc, "copy", published, "Alpha rises on orders", "https://x.example/copy");
    store_close(s);
    *state = NULL;
    return id;
}

static void reopen(void **state)
{
    *state = store_open(tmp_path("s.db"), 0);
    assert_non_null(*state);
}

/* In a store from before schema 18 a title's candidates keyed in 32 bits
 * are checked against the full key nearest first: the nearest, whose
 * 32-bit key is the same but whose title is not, is passed over for the
 * farther copy whose title is. The migration notes how far such keys go,
 * and a copy stored after it still finds them. */
static void test_story_title_checked_in_order(void **state)
{
    struct store *s = *state;
    int64_t fa = add_feed(s, "http://a/feed"), fb = add_feed(s, "http://b/feed"),
            fc = add_feed(s, "http://c/feed");
    int64_t far = put(s, fa, "far", 1000, "Alpha rises on orders", "https://x.example/far");
    put(s, fb, "near", 1900, "Beta falls on costs", "https://x.example/near");
    /* Back to schema 17: both keyed in 32 bits, the same key. */
    int64_t id = copy_after(state,
                            BOTH_FAR_KEY32 "DELETE FROM meta WHERE key = 'title_key32_until';"
                                           "PRAGMA user_version = 17;",
                            fc, 2000);
    char *until = raw("SELECT value FROM meta WHERE key = 'title_key32_until'");
    assert_string_equal(until, "1900");
    free(until);
    assert_stories(far, id, far, 0, far);
    reopen(state);
}

/* From schema 18 a title's key has 46 bits and a copy is taken from the
 * title's index alone, its row unread: a candidate with the same key is
 * the same title. Only where the window reaches the keys of before is the
 * row read: here none are, so near, given far's key, is taken as the
 * nearer copy, and after the same change to a store whose 32-bit keys
 * reach that far, near's row is read and passed over. */
static void test_story_title_key_trusted(void **state)
{
    struct store *s = *state;
    int64_t fa = add_feed(s, "http://a/feed"), fb = add_feed(s, "http://b/feed"),
            fc = add_feed(s, "http://c/feed");
    int64_t far = put(s, fa, "far", 1000, "Alpha rises on orders", "https://x.example/far");
    int64_t near = put(s, fb, "near", 1900, "Beta falls on costs", "https://x.example/near");
    store_close(s);
    *state = NULL;
    char *until = raw("SELECT count(*) FROM meta WHERE key = 'title_key32_until'");
    assert_string_equal(until, "0");
    free(until);
    char *k = raw("SELECT title_key >= 70368744177664 AND title_key < 140737488355328 FROM"
                  " articles WHERE guid = 'far'");
    assert_string_equal(k, "1");
    free(k);
    int64_t id = copy_after(state,
                            "UPDATE articles SET title_key = (SELECT title_key FROM articles"
                            " WHERE guid = 'far') WHERE guid = 'near';",
                            fc, 2000);
    assert_stories(far, id, 0, near, near);
    /* Keys of 32 bits up to time 1900: the window of a copy at 2100 reaches
     * them, so its candidates' rows are read. The 46-bit key far and near
     * share now finds nothing (both are 32-bit now); the 32-bit key finds
     * near, whose title fails the check, then far. */
    id = copy_after(
        state,
        "UPDATE articles SET story = NULL; DELETE FROM articles WHERE guid = 'copy';" BOTH_FAR_KEY32
        "INSERT INTO meta(key, value) VALUES ('title_key32_until', 1900);",
        fc, 2100);
    assert_stories(far, id, far, 0, far);
    reopen(state);
}

/* The title index holds only what a copy can join by title: a story's
 * first copy and an article with no copy yet, not the later copies (a
 * title many feeds carry is one entry, not one a feed), also in a store
 * from before schema 17, whose index held every titled article. */
static void test_title_index_first_copies(void **state)
{
    struct store *s = *state;
    int64_t f[4];
    char url[32];
    for (int i = 0; i < 4; i++) {
        snprintf(url, sizeof url, "http://%c/feed", 'a' + i);
        f[i] = add_feed(s, url);
    }
    int64_t first = 0;
    for (int i = 0; i < 4; i++) {
        char guid[8], link[48];
        snprintf(guid, sizeof guid, "c%d", i);
        snprintf(link, sizeof link, "https://x.example/copy/%d", i);
        int64_t id = put(s, f[i], guid, 5000 + i * 60, "Oil majors lift payouts", link);
        if (!i) first = id;
    }
    put(s, f[0], "alone", 9000, "Chipmakers rally on demand", "https://x.example/alone");
    store_close(s);
    *state = NULL;
    char *v = raw("SELECT count(DISTINCT story) || ' ' || count(story) FROM articles");
    assert_string_equal(v, "1 4");
    free(v);
    exec("ANALYZE");
    v = raw("SELECT stat FROM sqlite_stat1 WHERE idx = 'articles_title_key'");
    assert_int_equal(atoi(v), 2);
    free(v);
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT story = %lld FROM articles WHERE guid = 'c3'",
             (long long)first);
    v = raw(sql);
    assert_string_equal(v, "1");
    free(v);

    /* Schema 16's index, with every titled article: migrated to the new. */
    exec("DROP INDEX articles_title_key; CREATE INDEX articles_title_key ON"
         " articles(title_key, published, story, feed_id) WHERE title_key IS NOT "
         "NULL;" UNDO_M17_TRIGGER "PRAGMA user_version = 16; ANALYZE;");
    v = raw("SELECT stat FROM sqlite_stat1 WHERE idx = 'articles_title_key'");
    assert_int_equal(atoi(v), 5);
    free(v);
    s = *state = store_open(tmp_path("s.db"), 0);
    assert_non_null(s);
    store_close(s);
    *state = NULL;
    exec("ANALYZE");
    v = raw("SELECT stat FROM sqlite_stat1 WHERE idx = 'articles_title_key'");
    assert_int_equal(atoi(v), 2);
    free(v);
    s = *state = store_open(tmp_path("s.db"), 0);
    assert_non_null(s);
    /* And a fifth copy still joins the story. */
    int64_t id = put(s, f[1], "c4", 5400, "Oil majors lift payouts", "https://x.example/copy/4");
    struct article a;
    assert_int_equal(store_article_get(s, id, &a, NULL, NULL, NULL, NULL), 1);
    article_clear(&a);
    store_close(s);
    *state = NULL;
    snprintf(sql, sizeof sql, "SELECT story = %lld FROM articles WHERE guid = 'c4'",
             (long long)first);
    v = raw(sql);
    assert_string_equal(v, "1");
    free(v);
    s = *state = store_open(tmp_path("s.db"), 0);
    assert_non_null(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_stories_grouped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_best_match_story_newest_copy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_story_nearest_copy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stories_do_not_chain, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stories_migrated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_story_keys_checked, setup, teardown),
        cmocka_unit_test_setup_teardown(test_story_title_checked_in_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_story_title_key_trusted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_title_index_first_copies, setup, teardown),
    };
    /* The last five read SQLite's file directly. */
    size_t n = sizeof tests / sizeof tests[0] - (getenv("BULLPEN_PG") ? 5 : 0);
    return _cmocka_run_group_tests("test_store_stories", tests, n, NULL, NULL);
}
