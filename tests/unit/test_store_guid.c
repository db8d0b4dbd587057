/* The (feed, guid) key: SQLite finds an article by a hash of its guid
 * (storage/schema.c, m14 and m15), compares the guid on a hit, and still
 * stores an article whose guid's key another guid has. Runs against real SQLite
 * files in a temp dir. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/analyze.h"
#include "core/article.h"
#include "core/err.h"
#include "core/story.h"
#include "core/str.h"
#include "storage/articles.h"
#include "storage/feeds.h"
#include "storage/internal.h"
#include "storage/store.h"
#include "storage/stories.h"

#include "store_fixture.h"

/* Stores one article of feed with guid, naming AAPL; 1, 0 or -1 as
 * store_article_insert. */
static int insert(struct store *s, int64_t feed, const char *guid, const char *content)
{
    struct article a = {.feed_id = feed, .published = 1000, .fetched = 1000};
    a.guid = xstrdup(guid);
    a.title = xstrdup("Apple results");
    a.content = xstrdup(content);
    struct span sp = {0, 3, 0, 3};
    struct ticker_hit t = {.symbol = "AAPL",
                           .mentions = 1,
                           .relevance = 0.5,
                           .score = 0.25,
                           .spans = &sp,
                           .n_spans = 1};
    struct analysis an = {.score = 0.25, .tickers = &t, .n_tickers = 1};
    int rc = store_article_insert(s, &a, &an);
    article_clear(&a);
    return rc;
}

/* The first column of the first row of sql on its own connection, as a
 * number (-1 for none). */
static int64_t raw_int(const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(tmp_path("s.db"), &db), SQLITE_OK);
    assert_int_equal(store_functions_register(db), SQLITE_OK);
    assert_int_equal(store_story_functions(db), 0);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

static void raw_exec(const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(tmp_path("s.db"), &db), SQLITE_OK);
    assert_int_equal(store_functions_register(db), SQLITE_OK);
    assert_int_equal(store_story_functions(db), 0);
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) fail_msg("%s: %s", sql, msg);
    sqlite3_close(db);
}

/* Guids whose 32-bit keys (store_guid_key32) are http://a/news/1's (found
 * by searching from both ends of FNV-1a's low 32 bits, which depend only
 * on the low 32 bits before each byte): their 64-bit keys differ, so
 * schema 14 gave each its first slot, and SQLite now indexes them in the
 * same STORY_GUID_SLOTS slots. */
static const char *const MEET[STORY_GUID_SLOTS] = {
    "http://a/other/e1k7dii", "http://a/other/hrbbeq6", "http://a/other/kp9kjb5",
    "http://a/other/xpn2k6s", "http://a/other/o7gnl8i", "http://a/other/aa6gnc4",
    "http://a/other/et9motn", "http://a/other/k893pef",
};

/* The slot the store gave guid in feed. */
static int64_t slot_of(int64_t feed, const char *guid)
{
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT guid_slot FROM articles WHERE guid = '%s' AND feed_id = %lld",
             guid, (long long)feed);
    return raw_int(sql);
}

/* A guid whose key another guid of the feed holds is stored in the next
 * slot, found again there, and never stored twice; a second feed keeps
 * its own slots; a guid whose every slot another guid holds is an error
 * naming it. */
static void test_forced_collision(void **state)
{
    struct store *s = *state;
    int64_t f = add_feed(s, "http://a/feed"), g = add_feed(s, "http://b/feed");
    for (int i = 0; i < STORY_GUID_SLOTS; i++) {
        assert_int_equal(store_guid_key32(MEET[i]), store_guid_key32("http://a/news/1"));
        assert_int_not_equal(story_guid_key(MEET[i]), story_guid_key("http://a/news/1"));
    }
    assert_int_equal(store_guid_key32("http://a/news/1") % STORY_GUID_SLOTS, 0);
    assert_int_equal(insert(s, f, "http://a/news/1", "First."), 1);
    assert_int_equal(insert(s, f, "http://a/news/1", "First."), 0);
    assert_int_equal(store_article_known(s, f, MEET[0]), 0);
    assert_int_equal(insert(s, f, MEET[0], "Second."), 1);
    assert_int_equal(store_article_known(s, f, MEET[0]), 1);
    assert_int_equal(store_article_known(s, f, "http://a/news/1"), 1);
    assert_int_equal(insert(s, f, MEET[0], "Second."), 0);
    assert_int_equal(slot_of(f, "http://a/news/1"), 0);
    assert_int_equal(slot_of(f, MEET[0]), 1);
    /* Another feed: its own first slot. */
    assert_int_equal(insert(s, g, MEET[0], "Third."), 1);
    assert_int_equal(slot_of(g, MEET[0]), 0);
    /* Every slot taken by others. */
    for (int i = 1; i < STORY_GUID_SLOTS; i++)
        assert_int_equal(insert(s, f, MEET[i], "Again."), i < STORY_GUID_SLOTS - 1 ? 1 : -1);
    assert_non_null(strstr(err_msg(), "share the key of guid"));
    assert_int_equal(slot_of(f, MEET[STORY_GUID_SLOTS - 2]), STORY_GUID_SLOTS - 1);
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM articles WHERE feed_id = %lld", (long long)f);
    assert_int_equal(raw_int(sql), STORY_GUID_SLOTS);
    /* A slot given up is taken again. */
    snprintf(sql, sizeof sql, "DELETE FROM articles WHERE guid = '%s'", MEET[2]);
    raw_exec(sql);
    assert_int_equal(insert(s, f, MEET[STORY_GUID_SLOTS - 1], "Last."), 1);
    assert_int_equal(slot_of(f, MEET[STORY_GUID_SLOTS - 1]), 3);
    assert_int_equal(
        raw_int("SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"), 0);
}

/* A store of schema 14 (a guid's whole 64-bit key and slot in the row)
 * is migrated: guids whose keys meet in 32 bits given slots in id order,
 * each found again and not stored twice, the mentions' provider columns
 * and the articles' sentiment (to four decimals) and claims read back as
 * they were, the index sound. */
static void test_guid_slot_migrated(void **state)
{
    struct store *s = *state;
    int64_t f = add_feed(s, "http://a/feed");
    assert_int_equal(store_begin(s), 0);
    assert_int_equal(insert(s, f, "g0", "Orders rose sharply in the quarter."), 1);
    assert_int_equal(insert(s, f, MEET[1], "Margins widened as costs fell."), 1);
    assert_int_equal(insert(s, f, "http://a/news/1", "Dividends were raised again."), 1);
    assert_int_equal(store_commit(s), 0);
    store_close(s);
    *state = NULL;
    /* Schema 14: m15 undone, every guid in its first slot of 64 bits, and
     * a news API's scores on one mention. */
    raw_exec("DROP INDEX articles_guid; ALTER TABLE articles RENAME COLUMN guid_slot TO guid_key;"
             "UPDATE articles SET guid_key = story_guid_key(guid);"
             "CREATE UNIQUE INDEX articles_guid ON articles(feed_id, guid_key);" UNDO_SENTIMENT_E4
             "UPDATE articles SET sentiment = 0.123456 WHERE id = 2;"
             "UPDATE articles SET claims = x'02084e56444120414d440311"
             "04f1e325320d050d37190200"
             "00'"
             " WHERE id = 1;" UNDO_MENTION_PROVIDER
             "UPDATE mention_rows SET provider_score = -0.251437, provider_relevance = 0.5,"
             " provider_label = 'Somewhat-Bearish, for now' WHERE article_id = 3;"
             "UPDATE mention_rows SET provider_relevance = 0.125 WHERE article_id = 1;"
             "PRAGMA user_version = 14;");
    assert_int_equal(raw_int("SELECT count(*) FROM articles WHERE guid_key = story_guid_key(guid)"),
                     3);
    s = *state = store_open(tmp_path("s.db"), 0);
    assert_non_null(s);
    assert_int_equal(raw_int("PRAGMA user_version"), 18);
    assert_int_equal(slot_of(f, "g0"), 0);
    assert_int_equal(slot_of(f, MEET[1]), 0);
    assert_int_equal(slot_of(f, "http://a/news/1"), 1);
    assert_int_equal(store_article_known(s, f, MEET[1]), 1);
    assert_int_equal(store_article_known(s, f, "http://a/news/1"), 1);
    assert_int_equal(store_article_known(s, f, MEET[0]), 0);
    assert_int_equal(insert(s, f, "http://a/news/1", "Dividends were raised again."), 0);
    assert_int_equal(insert(s, f, MEET[1], "Margins widened as costs fell."), 0);
    assert_int_equal(insert(s, f, MEET[0], "Buybacks grew."), 1);
    assert_int_equal(slot_of(f, MEET[0]), 2);
    assert_int_equal(raw_int("SELECT provider_score = -0.251437 AND provider_relevance = 0.5"
                             " AND provider_label = 'Somewhat-Bearish, for now' FROM mentions"
                             " WHERE article_id = 3"),
                     1);
    assert_int_equal(raw_int("SELECT provider_score IS NULL AND provider_relevance = 0.125"
                             " AND provider_label IS NULL FROM mentions WHERE article_id = 1"),
                     1);
    assert_int_equal(raw_int("SELECT count(*) FROM mention_rows WHERE provider IS NULL"), 2);
    /* The claims in layout 3, the same three. */
    assert_int_equal(raw_int("SELECT hex(claims) = '03084E56444120414D440311049D7025320D8A34'"
                             " || '37190200' FROM articles WHERE id = 1"),
                     1);
    struct claim_row *c;
    size_t nc;
    assert_int_equal(store_article_claims(s, 1, &c, &nc), 0);
    assert_int_equal(nc, 3);
    assert_float_equal(c[0].sentiment, -0.7183, 1e-9);
    assert_string_equal(c[1].tickers, "NVDA AMD");
    assert_float_equal(c[2].sentiment, 0, 0);
    store_claims_free(c, nc);
    /* The sentiment in ten-thousandths, read back as the fraction. */
    assert_int_equal(
        raw_int("SELECT group_concat(sentiment_e4, ' ') = '2500.0 1235.0 2500.0 2500.0'"
                " FROM articles"),
        1);
    for (int64_t id = 1; id <= 2; id++) {
        struct article a;
        double sent = 0;
        int has = 0;
        assert_int_equal(store_article_get(s, id, &a, &sent, &has, NULL, NULL), 1);
        article_clear(&a);
        assert_int_equal(has, 1);
        assert_float_equal(sent, id == 1 ? 0.25 : 0.1235, 1e-12);
    }
    struct mention_row *m;
    size_t n;
    assert_int_equal(store_article_mentions(s, 3, &m, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(m[0].has_provider, 1);
    assert_float_equal(m[0].provider_score, -0.251437, 0);
    free(m);
    assert_int_equal(
        raw_int("SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"), 0);
    raw_exec("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)");
}

/* A store of schema 13 (the guid unique in the row's table) is migrated:
 * the ids, marks, mentions and search index kept, every guid keyed, a
 * refetch not stored again, and the triggers that name the table working
 * on the new one. */
static void test_guid_key_migrated(void **state)
{
    struct store *s = *state;
    int64_t f = add_feed(s, "http://a/feed");
    assert_int_equal(store_begin(s), 0);
    assert_int_equal(insert(s, f, "g1", "Orders rose sharply in the quarter."), 1);
    assert_int_equal(insert(s, f, "g2", "Margins widened as costs fell."), 1);
    assert_int_equal(insert(s, f, "g3", "Dividends were raised again."), 1);
    assert_int_equal(store_commit(s), 0);
    store_close(s);
    *state = NULL;
    /* Schema 13: m15 and m14 undone, ids with a gap. */
    raw_exec(
        "PRAGMA foreign_keys = ON; DELETE FROM articles WHERE guid = 'g2';"
        "DROP INDEX articles_guid; ALTER TABLE articles DROP COLUMN guid_slot;" UNDO_SENTIMENT_E4
            UNDO_MENTION_PROVIDER
        "CREATE UNIQUE INDEX articles_feed_guid ON articles(feed_id, guid);"
        "UPDATE articles SET starred = 1 WHERE guid = 'g3';"
        "PRAGMA user_version = 13;");
    s = *state = store_open(tmp_path("s.db"), 0);
    assert_non_null(s);
    assert_int_equal(raw_int("PRAGMA user_version"), 18);
    assert_int_equal(raw_int("SELECT group_concat(id, '') FROM articles"), 13);
    assert_int_equal(raw_int("SELECT starred FROM articles WHERE id = 3"), 1);
    assert_int_equal(raw_int("SELECT count(*) FROM mention_rows"), 2);
    assert_int_equal(raw_int("SELECT count(*) FROM sqlite_master WHERE sql LIKE '%articles_new%'"),
                     0);
    assert_int_equal(slot_of(f, "g3"), 0);
    assert_int_equal(store_article_known(s, f, "g3"), 1);
    assert_int_equal(store_article_known(s, f, "g2"), 0);
    assert_int_equal(insert(s, f, "g1", "Orders rose sharply in the quarter."), 0);
    assert_int_equal(insert(s, f, "g2", "Margins widened again."), 1);
    raw_exec("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)");
    struct article_filter flt = {.query = "dividends"};
    struct article_row *rows;
    size_t n;
    assert_int_equal(store_articles_page(s, &flt, NULL, 0, 10, &rows, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, 3);
    store_article_rows_free(rows, n);
    struct feed_row fr;
    assert_int_equal(store_feed_get(s, f, &fr), 1);
    assert_int_equal(fr.article_count, 3);
    store_feed_row_clear(&fr);
    /* The delete triggers and the cascade: the index, the count, the
     * mentions. */
    assert_int_equal(store_feed_rm(s, f), 1);
    raw_exec("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)");
    assert_int_equal(raw_int("SELECT count(*) FROM mention_rows"), 0);
    flt.query = "dividends";
    assert_int_equal(store_articles_page(s, &flt, NULL, 0, 10, &rows, &n), 0);
    assert_int_equal(n, 0);
    store_article_rows_free(rows, n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_forced_collision, setup, teardown),
        cmocka_unit_test_setup_teardown(test_guid_key_migrated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_guid_slot_migrated, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
